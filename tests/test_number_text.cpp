// The tape writer's number writers (sim/tape/number_text.hpp) against {fmt}: every length of
// decimal and hex, the boundaries between their paths, the extremes, and a sweep of values.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/tape/number_text.hpp"

using namespace sagasim;

namespace {

// The writers store whole words past their text: the buffer has room to spare.
template <class Put, class V>
std::string written(Put put, V v) {
    char buf[64];
    const char* end = put(buf, v);
    return std::string(buf, size_t(end - buf));
}

std::vector<uint64_t> probe_values() {
    std::vector<uint64_t> vs = {0, std::numeric_limits<uint64_t>::max(), uint64_t(INT64_MAX)};
    for (uint64_t p = 1; p <= UINT64_MAX / 10; p *= 10) {  // every power of ten, and its neighbours
        vs.push_back(p - 1);
        vs.push_back(p);
        vs.push_back(p + 1);
        vs.push_back(p * 10 - 1);
    }
    uint64_t x = 0x9e3779b97f4a7c15ULL;  // a fixed xorshift sweep over all magnitudes
    for (int i = 0; i < 20000; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        vs.push_back(x >> (i % 64));
    }
    return vs;
}

}  // namespace

TEST_CASE("number text: decimal of every length, as {fmt} writes it", "[tape][number_text]") {
    for (uint64_t v : probe_values()) {
        INFO(v);
        REQUIRE(written(number_text::put_u64, v) == fmt::format("{}", v));
        const auto s = int64_t(v);
        REQUIRE(written(number_text::put_i64, s) == fmt::format("{}", s));
    }
    REQUIRE(written(number_text::put_i64, std::numeric_limits<int64_t>::min()) == "-9223372036854775808");
    REQUIRE(written(number_text::put_i64, int64_t(-1)) == "-1");
}

TEST_CASE("number text: a decimal word holds the digits and their count", "[tape][number_text]") {
    for (uint32_t v : {0u, 7u, 10u, 99u, 100u, 12345678u, 99999999u, 10000000u}) {
        int len = 0;
        const uint64_t w = number_text::decimal_word(v, len);
        char buf[8];
        number_text::store8(buf, w);
        REQUIRE(std::string(buf, size_t(len)) == fmt::format("{}", v));
    }
}

TEST_CASE("number text: sixteen lowercase hex digits", "[tape][number_text]") {
    for (uint64_t v : probe_values()) {
        INFO(v);
        REQUIRE(written(number_text::put_hex, v) == fmt::format("{:016x}", v));
    }
}

TEST_CASE("number text: a kept decimal text follows its number up, down and across carries", "[tape][number_text]") {
    number_text::DecimalText t;
    const auto text = [&t](uint64_t v) {
        t.set(v);
        char buf[64];
        return std::string(buf, size_t(t.put(buf) - buf));
    };
    // Counting up by one through every carry below 10^5, and across 10^8 (where it stops being a word).
    for (uint64_t v = 0; v < 100000; ++v) REQUIRE(text(v) == fmt::format("{}", v));
    for (uint64_t v = 99999990; v < 100000010; ++v) REQUIRE(text(v) == fmt::format("{}", v));
    // Steps of 1 to 12 (a step of 10 or more is never added to the last digit), back down, the
    // same number twice, and the probe values in their order (jumps of every size).
    uint64_t v = 0;
    for (int i = 0; i < 5000; ++i) {
        v += uint64_t(i % 12) + 1;
        REQUIRE(text(v) == fmt::format("{}", v));
        REQUIRE(text(v) == fmt::format("{}", v));
    }
    for (uint64_t down : {uint64_t(1999), uint64_t(1998), uint64_t(5), uint64_t(0), uint64_t(9), uint64_t(10)})
        REQUIRE(text(down) == fmt::format("{}", down));
    for (uint64_t p : probe_values()) {
        INFO(p);
        REQUIRE(text(p) == fmt::format("{}", p));
    }
}
