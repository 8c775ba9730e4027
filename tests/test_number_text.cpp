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
