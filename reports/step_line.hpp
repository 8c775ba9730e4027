// The fast path of the trace reader: a strict tokenizer for the step lines sagasim writes (one
// flat JSON object; values that are ASCII strings without escapes, unsigned integers, true or
// false; the arrays of `writes` and `history`). It accepts only a subset of JSON, and anything
// outside it (an escape, a byte above 0x7e, a negative or fractional number, null, a space, a
// repeated key, nesting other than those two arrays) makes it decline; the reader then reads the
// line with nlohmann_json, which has the last word on what is valid and on every message. It never
// accepts a line nlohmann_json would refuse.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sagasim::reports {

struct LineValue {
    enum class Type : uint8_t { String, Unsigned, True, False, Array, Object };
    Type type = Type::String;
    std::string_view text;    // a string's characters
    uint64_t number = 0;      // an unsigned integer
    // An array: its elements, elements()[first, first + count); an object (only inside an array):
    // its fields, object_fields()[first, first + count).
    uint32_t first = 0, count = 0;
};

struct LineField {
    std::string_view key;
    LineValue value;
};

class StepLine {
public:
    // Tokenizes `line`; false when it is outside the subset (nothing is then to be read from it).
    bool parse(std::string_view line);
    // The line's fields in file order (no key twice).
    const std::vector<LineField>& top() const { return top_; }
    const std::vector<LineValue>& elements() const { return elements_; }
    const std::vector<LineField>& object_fields() const { return object_fields_; }

private:
    bool string(std::string_view& out);
    bool number(uint64_t& out);
    bool scalar(LineValue& out);
    bool array(LineValue& out);
    bool flat_object(LineValue& out);

    std::string_view s_;
    size_t i_ = 0;
    std::vector<LineField> top_, object_fields_;
    std::vector<LineValue> elements_;
};

}  // namespace sagasim::reports
