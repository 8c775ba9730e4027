// The strategies as decision overrides (sim/kernel/decisions.hpp): each answers some of a run's
// decisions instead of the seed, as a pure function of its own seed and the decision's key, so a
// run under a strategy is as deterministic as a plain one and its tape replays it exactly.
//  - swarm (Groce et al., "Swarm testing"): per seed, a subset of the faults that draw is switched
//    on and each one's intensity scaled (its probability, and the lengths it draws);
//  - pct (Burckhardt et al., "A randomized scheduler with probabilistic guarantees of finding
//    bugs"): the free ties go to the lane of highest priority; priorities are random per seed, and
//    at d - 1 random ties the lane that wins drops below all others;
//  - a coverage mutant: a few decisions of its parent answered otherwise (Mutation), the rest by
//    the parent's own strategy.
// Explore code: it depends on the kernel, the scenario and the fault identities only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/explore/plan.hpp"
#include "sim/faults/fault_table.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

class SwarmOverride final : public DecisionOverride {
public:
    SwarmOverride(const Scenario& sc, const std::vector<FaultIdentity>& ids);
    // This seed's fault mix.
    void configure(uint64_t seed);
    bool answer(Decision& d) override;
    // "#1 x2, #2 off, #5 x0.25": the mix of the faults that draw (a fault that draws nothing, a
    // crash at a fixed time say, is as the scenario has it).
    std::string describe() const;

private:
    struct Fault {
        uint64_t key = 0;
        size_t index = 0;       // in scenario.faults
        Ppm ppm = 0;            // its probability (0: none; a nemesis)
        bool on = true;
        uint32_t quarters = 4;  // its scale, in quarters: 1, 2, 4, 8 or 16
    };
    Fault* find(uint64_t key);
    std::vector<Fault> faults_;  // those that draw, sorted by key
    uint64_t seed_ = 0;
};

class PctOverride final : public DecisionOverride {
public:
    // `horizon`: how many ties a run has (about): the change points fall among them.
    void configure(uint64_t seed, uint64_t horizon);
    bool answer(Decision& d) override;
    uint32_t depth() const { return depth_; }
    // "depth 3, change points at ties 12, 40".
    std::string describe() const;

private:
    uint64_t priority(uint32_t lane) const;
    uint64_t seed_ = 0;
    uint32_t depth_ = 1;
    std::vector<uint64_t> change_points_;  // tie numbers, in drawing order (the i-th lowers to i + 1)
    std::vector<std::pair<uint32_t, uint64_t>> lowered_;  // lanes whose priority a change point set
};

// Answers a run's decisions as its plan says: a mutation where one names the decision, else the
// plan's base strategy (swarm or pct), else the seed.
class PlanOverride final : public DecisionOverride {
public:
    PlanOverride(const Scenario& sc, const std::vector<FaultIdentity>& ids) : swarm_(sc, ids) {}
    void configure(const RunPlan& plan, uint64_t pct_horizon);
    bool answer(Decision& d) override;
    const SwarmOverride& swarm() const { return swarm_; }
    const PctOverride& pct() const { return pct_; }

private:
    SwarmOverride swarm_;
    PctOverride pct_;
    DecisionOverride* base_ = nullptr;
    const std::vector<Mutation>* mutations_ = nullptr;
};

// A decision a mutation may change: a yes/no, a choice among candidates, a number in a range of
// sane size (not the ids, not the exponential gaps of the load).
struct MutableDecision {
    Mutation at;  // its key and its answer
    int64_t lo = 0;
    int64_t hi = 0;
};

// Keeps a run's mutable decisions (the parents of coverage mutants).
class DecisionLog final : public DecisionRecorder {
public:
    void reset() { decisions_.clear(); }
    void record(const Decision& d) override;
    std::vector<MutableDecision>& decisions() { return decisions_; }

private:
    std::vector<MutableDecision> decisions_;
};

// The parent's mutations, and up to `count` more drawn from `seed` among its decisions: a yes/no
// flipped, another candidate, another value in the range. Sorted by key; a later mutation of the
// same key replaces an earlier one.
std::vector<Mutation> mutate(const std::vector<Mutation>& parent, const std::vector<MutableDecision>& decisions,
                             uint64_t seed, uint32_t count);

}  // namespace sagasim
