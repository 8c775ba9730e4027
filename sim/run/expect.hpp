// Judges a run's `expect` block (scenario-format.md, "Expectations"). Without `expect`, a run
// passes when no invariant is violated. With it, every expectation must hold; when the block
// does not mention `violations`, `violations: none` is implied, so pinning the final states
// never hides a violated invariant.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "sim/run/run.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

// Gathers, from the step stream, what `expect.events` and `expect.at` compare: the events the
// services publish on the topics expect.events names (injected records are the scenario's, not
// theirs) and the orders per committed status at each expect.at time. For a scenario with
// neither it keeps nothing and costs one test per step.
class ExpectWatch {
public:
    explicit ExpectWatch(const Scenario& sc);
    bool active() const { return active_; }
    void reset();
    void on_step(uint64_t id, const Step& s);
    // Moves what it gathered into r.published and r.status_at (the times not reached yet: the end).
    void collect(RunResult& r);

private:
    void snapshot_until(int64_t us);

    const Scenario& sc_;
    bool active_ = false;
    std::array<bool, kTopicIdCount> watched_{};  // topics expect.events names
    std::vector<size_t> at_order_;               // expect.at entries by time
    std::vector<uint64_t> injected_sends_;       // Send steps of injected records
    std::vector<Event> published_;
    std::vector<OrderStatus> status_;            // per order id - 1 (0 bytes without expect.at)
    std::map<OrderStatus, uint64_t> counts_;
    std::vector<std::map<OrderStatus, uint64_t>> status_at_;
    size_t next_at_ = 0;
};

// One line per expectation that did not hold ("expect.final: expected ..., got ..."); empty
// when the run passes.
std::vector<std::string> judge_expectations(const Scenario& scenario, const RunResult& result);

}  // namespace sagasim
