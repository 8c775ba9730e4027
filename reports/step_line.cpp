// The strict tokenizer of the trace reader's fast path (step_line.hpp).
#include "reports/step_line.hpp"

namespace sagasim::reports {

bool StepLine::string(std::string_view& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    const size_t start = ++i_;
    while (i_ < s_.size()) {
        const unsigned char c = static_cast<unsigned char>(s_[i_]);
        if (c == '"') {
            out = s_.substr(start, i_ - start);
            ++i_;
            return true;
        }
        if (c == '\\' || c < 0x20 || c > 0x7e) return false;  // escapes and non-ASCII: the full parser
        ++i_;
    }
    return false;
}

bool StepLine::number(uint64_t& out) {
    const size_t start = i_;
    out = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
        const uint64_t d = uint64_t(s_[i_] - '0');
        if (out > (UINT64_MAX - d) / 10) return false;
        out = out * 10 + d;
        ++i_;
    }
    const size_t n = i_ - start;
    if (n == 0 || (n > 1 && s_[start] == '0')) return false;
    // A fraction or an exponent makes it a number the full parser reads.
    return i_ >= s_.size() || (s_[i_] != '.' && s_[i_] != 'e' && s_[i_] != 'E');
}

bool StepLine::scalar(LineValue& out) {
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '"') {
        out.type = LineValue::Type::String;
        return string(out.text);
    }
    if (c >= '0' && c <= '9') {
        out.type = LineValue::Type::Unsigned;
        return number(out.number);
    }
    if (s_.substr(i_, 4) == "true") {
        out.type = LineValue::Type::True;
        i_ += 4;
        return true;
    }
    if (s_.substr(i_, 5) == "false") {
        out.type = LineValue::Type::False;
        i_ += 5;
        return true;
    }
    return false;
}

// {"k":scalar,...}: the fields go to object_fields_; no key twice.
bool StepLine::flat_object(LineValue& out) {
    if (i_ >= s_.size() || s_[i_] != '{') return false;
    ++i_;
    out.type = LineValue::Type::Object;
    out.first = uint32_t(object_fields_.size());
    if (i_ < s_.size() && s_[i_] == '}') return false;  // {} : the full parser
    while (true) {
        LineField f;
        if (!string(f.key) || i_ >= s_.size() || s_[i_++] != ':' || !scalar(f.value)) return false;
        for (uint32_t k = out.first; k < object_fields_.size(); ++k)
            if (object_fields_[k].key == f.key) return false;
        object_fields_.push_back(f);
        if (i_ >= s_.size()) return false;
        if (s_[i_] == '}') break;
        if (s_[i_++] != ',') return false;
    }
    ++i_;
    out.count = uint32_t(object_fields_.size()) - out.first;
    return true;
}

// [scalar,...] or [{...},...], not empty, not mixed with further arrays.
bool StepLine::array(LineValue& out) {
    ++i_;  // '['
    out.type = LineValue::Type::Array;
    std::vector<LineValue> mine;
    if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        out.first = uint32_t(elements_.size());
        out.count = 0;
        return true;
    }
    while (true) {
        LineValue v;
        if (i_ < s_.size() && s_[i_] == '{') {
            if (!flat_object(v)) return false;
        } else if (!scalar(v)) {
            return false;
        }
        mine.push_back(v);
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ']') break;
        if (s_[i_++] != ',') return false;
    }
    ++i_;
    out.first = uint32_t(elements_.size());
    out.count = uint32_t(mine.size());
    elements_.insert(elements_.end(), mine.begin(), mine.end());
    return true;
}

bool StepLine::parse(std::string_view line) {
    s_ = line;
    i_ = 0;
    top_.clear();
    object_fields_.clear();
    elements_.clear();
    if (s_.empty() || s_[0] != '{') return false;
    ++i_;
    if (i_ < s_.size() && s_[i_] == '}') return false;
    while (true) {
        LineField f;
        if (!string(f.key) || i_ >= s_.size() || s_[i_++] != ':') return false;
        if (i_ < s_.size() && s_[i_] == '[') {
            if (!array(f.value)) return false;
        } else if (!scalar(f.value)) {
            return false;
        }
        for (const LineField& g : top_)
            if (g.key == f.key) return false;
        top_.push_back(f);
        if (i_ >= s_.size()) return false;
        if (s_[i_] == '}') break;
        if (s_[i_++] != ',') return false;
    }
    return ++i_ == s_.size();  // nothing after the object
}

}  // namespace sagasim::reports
