// Strategy names and the seed sets of shards (plan.hpp).
#include "sim/explore/plan.hpp"

#include <array>

namespace sagasim {
namespace {

constexpr std::array<std::string_view, kStrategyCount> kNames{"random", "swarm", "pct", "coverage", "portfolio"};

}  // namespace

std::string_view strategy_name(Strategy s) { return kNames[size_t(s)]; }

std::optional<Strategy> strategy_from_name(std::string_view name) {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return Strategy(i);
    return std::nullopt;
}

std::string strategy_choices() {
    std::string s;
    for (size_t i = 0; i < kNames.size(); ++i) {
        if (i != 0) s += i + 1 == kNames.size() ? " or " : ", ";
        s += kNames[i];
    }
    return s;
}

SeedSet seeds_in_range(uint64_t first, uint64_t last, uint32_t index, uint32_t count) {
    SeedSet s;
    s.first = first;
    s.shard_index = index;
    s.shard_count = count;
    // Written so that 0..2^64-1 does not overflow: last - first is the span less one.
    const uint64_t span = last - first;
    // All 2^64 seeds are one more than a count can hold: the largest count stands for them.
    s.count = index > span ? 0 : (span - index) / count == UINT64_MAX ? UINT64_MAX : (span - index) / count + 1;
    return s;
}

}  // namespace sagasim
