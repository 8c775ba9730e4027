// `sagasim shrink`: a failing run reduced to a small scenario that fails the same way (the same
// invariant with the same failure signature, failures.hpp) and draws nothing at random, so it
// fails under every seed. Delta debugging (Zeller's ddmin) over the orders, the faults, the
// restocks and the injected records, and the run's decision tape turned into fixed scenario
// values, shrinking towards fewer and smaller choices as Hypothesis's reducer does (MacIver and
// Donaldson, ECOOP 2020):
//  - generated load becomes the explicit orders the seed drew for it;
//  - a nemesis becomes the crashes and windows it drew (at their times, of their lengths);
//  - a probabilistic fault becomes one targeted fault (order N, nth K, probability 1) per record it
//    acted on, its drawn `by` fixed;
//  - success rates become 0 or 1, a kafka latency range one latency, partitions 1.
// Every candidate is judged by running it (a replay): it is kept only if it still fails the same
// way. Then the result is run under other seeds to prove it fails under each. Explore code: the
// caller writes the file and tells the progress.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/explore/plan.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// What is shrunk towards: the same invariant with the same signature.
struct ShrinkTarget {
    std::string invariant;
    uint64_t signature = 0;
    std::string what;  // the violation's report line in the original run
};

struct ShrinkSize {
    uint64_t orders = 0;  // explicit orders plus generated ones
    uint64_t faults = 0;
    uint64_t steps = 0;   // of the run at the shrink's seed
};

struct ShrinkConfig {
    uint64_t seed = 0;
    // What to keep failing; without it, the first failure of the seed's run (its first violation).
    std::optional<ShrinkTarget> target;
    uint64_t max_replays = 0;            // 0: no bound; else candidates stop being tried past it
    std::vector<uint64_t> verify_seeds;  // the seeds the result must fail under
    // A failure a fuzz strategy found (swarm, pct, a coverage mutant): the candidates run at the
    // seed under that plan (its horizon: the campaign's, for pct), so the fault mix, the ties and
    // the mutated decisions are as they were when it failed. The result, which draws nothing at
    // random, is then verified as a plain file: under the verify seeds, with no plan.
    std::optional<RunPlan> plan;
    uint64_t pct_horizon = 1;
    std::string plan_words;  // the plan in words, for the shrunk file's header
};

struct ShrinkResult {
    std::optional<ShrinkTarget> target;  // nullopt: the seed violates no invariant
    Scenario shrunk;                     // expect: the violations its run has
    ShrinkSize before, after;
    uint64_t replays = 0;                // runs taken (candidates and verification)
    bool budget_spent = false;           // max_replays stopped it before a fixed point
    // The verify seeds under which the result did not fail the same way, and what happened under
    // the first of them.
    std::vector<uint64_t> not_failing;
    std::string first_miss;
    // What the result still draws at random, in words ("payment success-rate 0.5"); empty when it
    // draws nothing but orderNumbers and eventIds.
    std::vector<std::string> still_random;
    bool verified() const { return target && not_failing.empty(); }
};

// Called after each replay: replays so far and the size of the smallest failing scenario yet.
using ShrinkProgressFn = std::function<void(uint64_t replays, const ShrinkSize& now)>;

ShrinkResult shrink_scenario(const Scenario& sc, const ShrinkConfig& config, const ShrinkProgressFn& progress);

// The shrunk scenario's file: a header comment (the tool's version, the original scenario's path
// and sha256, the seed, the target, the sizes before and after, the seeds it was verified under,
// what it still draws), then the scenario. The same inputs give the same bytes.
std::string shrunk_file_text(const Scenario& original, const ShrinkConfig& config, const ShrinkResult& r);

// "1 order, 2 faults, 57 steps".
std::string size_words(const ShrinkSize& s);
// "1..20" for consecutive seeds, else "1, 5, 9".
std::string seed_list(const std::vector<uint64_t>& seeds);

}  // namespace sagasim
