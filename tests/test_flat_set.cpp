// The processed-event tables' hash set (services/common/flat_set.hpp) against std::set: random
// keys, sequential keys (an injected record's hand-written eventIds), keys that share their home
// slot, growth from empty and after reserve, and its fill limit.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>

#include "services/common/flat_set.hpp"
#include "sim/kernel/rng.hpp"

using namespace sagasim;

namespace {

// Inserts `n` keys from `next`, each checked against a std::set before and after, then looks up
// every key inserted and as many that were not.
template <class Next>
void agrees_with_std_set(FlatSet64& s, uint64_t n, Next next) {
    std::set<uint64_t> model;
    for (uint64_t i = 0; i < n; ++i) {
        const uint64_t k = next(i);
        const bool fresh = model.insert(k).second;
        REQUIRE(s.contains(k) == !fresh);
        REQUIRE(s.insert(k) == fresh);
        REQUIRE(s.contains(k));
        REQUIRE(!s.insert(k));
    }
    REQUIRE(s.size() == model.size());
    for (uint64_t k : model) REQUIRE(s.contains(k));
    uint64_t state = 99, absent = 0;
    while (absent < n) {
        const uint64_t k = splitmix64(state) | 1;
        if (model.count(k)) continue;
        REQUIRE(!s.contains(k));
        ++absent;
    }
}

}  // namespace

TEST_CASE("flat set: random keys, growing from empty", "[flat-set]") {
    FlatSet64 s;
    CHECK(!s.contains(7));
    uint64_t state = 1;
    agrees_with_std_set(s, 50000, [&](uint64_t) { return splitmix64(state) | 1; });
}

TEST_CASE("flat set: sequential keys and repeated keys", "[flat-set]") {
    FlatSet64 s;
    agrees_with_std_set(s, 20000, [](uint64_t i) { return 1 + i % 15000; });
}

TEST_CASE("flat set: keys spaced so that many share a home slot", "[flat-set]") {
    // Multiples of 2^40 differ only in bits the hash's product moves up slowly.
    FlatSet64 s;
    agrees_with_std_set(s, 5000, [](uint64_t i) { return (i + 1) << 40; });
}

TEST_CASE("flat set: reserve makes room without growing, up to 15/16 full", "[flat-set]") {
    FlatSet64 s;
    s.reserve(1000);
    CHECK(s.slots() == 2048);  // 1,024 slots would hold at most 960
    uint64_t state = 5;
    for (int i = 0; i < 1000; ++i) s.insert(splitmix64(state) | 1);
    CHECK(s.slots() == 2048);
    FlatSet64 full;
    full.reserve(960);
    CHECK(full.slots() == 1024);
    for (uint64_t k = 1; k <= 960; ++k) full.insert(k * 0x1234567ULL);
    CHECK(full.slots() == 1024);
    full.insert(0x1234567ULL * 961);
    CHECK(full.slots() == 2048);
    for (uint64_t k = 1; k <= 961; ++k) REQUIRE(full.contains(k * 0x1234567ULL));
}
