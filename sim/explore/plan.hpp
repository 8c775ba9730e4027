// What one run of a fuzz campaign is: the seed set a shard runs, the strategies, and the plan of
// a run (its seed, the strategy that answers its decisions, and the decisions a coverage mutant
// overrides). A plan is data, complete in itself: replaying it gives the same run again, which is
// what a failure report keeps (and what shrinking will start from). Explore code: it sits above
// the run and depends on nothing of the command line.
#pragma once

#include <cstdint>
#include <optional>
#include <tuple>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/decisions.hpp"

namespace sagasim {

// The strategies of `sagasim fuzz --strategy`. Never renumber: the names are the reports' words.
enum class Strategy : uint8_t { Random, Swarm, Pct, Coverage, Portfolio };
inline constexpr int kStrategyCount = 5;
std::string_view strategy_name(Strategy s);  // "random", "swarm", ...
std::optional<Strategy> strategy_from_name(std::string_view name);
// "random, swarm, pct, coverage or portfolio".
std::string strategy_choices();

// The seeds of a shard: the i-th (0-based) is first + i * shard_count + shard_index, for i below
// `count` (no bound: the campaign runs until its time is up). A pure function of (first,
// shard_index, shard_count), so shards of one campaign never share a seed and together run them all.
struct SeedSet {
    uint64_t first = 0;
    std::optional<uint64_t> count;
    uint32_t shard_index = 0;
    uint32_t shard_count = 1;
    uint64_t seed(uint64_t i) const { return first + i * shard_count + shard_index; }
};
// The seeds of `first..last` (inclusive) that shard `index` of `count` runs (count may be 0).
SeedSet seeds_in_range(uint64_t first, uint64_t last, uint32_t index, uint32_t count);

// One decision a coverage mutant answers differently from its parent (the key and the answer).
struct Mutation {
    Site site = Site::KafkaLatency;
    uint64_t fault = 0;
    uint64_t subject = 0;
    uint32_t index = 0;
    uint64_t value = 0;
    auto key() const { return std::tuple(uint8_t(site), fault, subject, index); }
};

struct RunPlan {
    uint64_t slot = 0;                     // the campaign seed this run stands for (what reports name)
    uint64_t seed = 0;                     // the decision source's seed (a mutant has its parent's)
    Strategy strategy = Strategy::Random;  // what planned it: random, swarm, pct or coverage
    Strategy base = Strategy::Random;      // what answers the decisions no mutation names
    std::vector<Mutation> mutations;       // sorted by key; empty but for coverage mutants
    std::optional<uint64_t> parent;        // the campaign seed of the corpus run it mutates
    // Whether `sagasim run FILE --seed N` alone replays it.
    bool plain() const { return base == Strategy::Random && mutations.empty(); }
};

}  // namespace sagasim
