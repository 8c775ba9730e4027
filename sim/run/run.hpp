// One run of a scenario: the clock, the broker, the host with the four services and the
// checkers, the client requests at their times, until no work is left (or the run's time or step
// limit). A Runner is built once per parsed scenario and runs it for as many seeds (or tapes) as
// asked, reusing its buffers: the Scenario is only read, and everything a run changes lives in
// the Runner's run state, reset at the start of each run. One thread per Runner; several Runners
// may run on several threads at once (nothing is shared but the const Scenario).
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/violation.hpp"
#include "sim/faults/fault_ledger.hpp"
#include "sim/faults/fault_phase.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/run/counters.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// Sees every step the host raises, numbered, after the run's own sinks (sagasim fuzz's coverage).
// It only watches: nothing it does reaches the run.
class StepObserver {
public:
    virtual ~StepObserver() = default;
    virtual void on_step(uint64_t id, const Step& s) = 0;
};

struct RunOptions {
    uint64_t seed = 0;
    std::FILE* trace = nullptr;                // JSON Lines of every step, if set
    DecisionRecorder* recorder = nullptr;      // sees every decision (--record-decisions)
    DecisionOverride* replay = nullptr;        // answers decisions first (--replay-decisions)
    std::string tape;                          // the replayed tape's path, for the trace's header
    StepObserver* observer = nullptr;          // sees every step, if set
};

// A run from `seed`, writing its trace to `trace` if set.
inline RunOptions seeded(uint64_t seed, std::FILE* trace = nullptr) {
    RunOptions o;
    o.seed = seed;
    o.trace = trace;
    return o;
}

enum class RunEnd : uint8_t {
    Drained,       // the fault phase was over and no work was left
    QuiesceLimit,  // the heal phase (`run.quiesce`) ended with work still pending
    MaxSteps,      // `run.max-steps` reached: inconclusive
};
std::string_view run_end_name(RunEnd e);

// How a replayed tape went (sagasim run --replay-decisions).
struct ReplayInfo {
    std::string tape;               // its path
    uint64_t replayed = 0;          // decisions answered by the tape
    uint64_t tape_decisions = 0;    // decisions the tape holds
    std::string divergence;         // where and why the run left the tape; empty if it did not
    std::string recorded_digest;    // the digest of the recorded run (empty: the tape has no end line)
};

struct RunResult {
    uint64_t seed = 0;
    std::string digest;
    uint64_t steps = 0;
    uint64_t events = 0;          // kernel events dispatched
    uint64_t decisions = 0;       // choices asked of the decision source
    uint64_t ties = 0;            // instants with concurrent events (a TieEvent decision each)
    SimTime end_time;
    RunEnd end = RunEnd::Drained;
    SimTime phase_end;            // when the fault phase ended (the heal phase began)
    PhaseEnd phase_end_why = PhaseEnd::None;  // None: the run stopped before it ended
    uint64_t unjudged = 0;        // orders still at work when the heal phase ran out of time
    OrderId first_unjudged = 0;
    std::string first_unjudged_status;
    std::string backlog;          // the largest listener backlog left then (Host::largest_backlog)
    uint64_t heal_handled = 0;    // records that listener handled in the heal phase, and had left
    uint64_t heal_unhandled = 0;
    RunCounters counters;
    std::vector<uint64_t> fault_acted;  // per scenario.faults entry
    std::vector<FaultChances> fault_chances;  // per scenario.faults entry
    uint64_t orders_created = 0;  // committed order rows
    std::map<OrderStatus, uint64_t> final_status;
    std::vector<std::pair<std::string, int64_t>> stock;  // per SKU the inventory knows, by name
    std::map<PaymentStatus, uint64_t> payments;
    std::map<ShipmentStatus, uint64_t> shipments;
    uint64_t reservations_left = 0;
    // For `expect.events` and `expect.at` only (empty without them): the records the services
    // appended on the topics expect.events names, and the orders per status at each expect.at time.
    std::vector<Event> published;
    std::vector<std::map<OrderStatus, uint64_t>> status_at;
    std::array<uint64_t, kTopicIdCount> records{};  // appended per topic id
    uint64_t records_total = 0;
    Violations violations;              // first report of each (invariant, order)
    uint64_t violation_count = 0;       // every violation, reported or not
    std::optional<ReplayInfo> replay;   // set by the command line for a replayed tape
};

class RunState;

class Runner {
public:
    explicit Runner(const Scenario& scenario);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;
    RunResult run(const RunOptions& options);
    const Scenario& scenario() const { return sc_; }

private:
    const Scenario& sc_;
    std::unique_ptr<RunState> state_;
};

// One run with a fresh Runner.
RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace sagasim
