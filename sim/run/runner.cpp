// The Runner: the wiring of one run (clock, decision source, host, checkers, tracer, counters),
// the event loop, and the run's result. Steps raised by the host are numbered here and handed to
// every sink; the violations a step reveals follow it as Violation steps.
#include <algorithm>

#include "sim/check/check_set.hpp"
#include "sim/host/host.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/run/client.hpp"
#include "sim/run/expect.hpp"
#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"
#include "sim/run/trace_records.hpp"
#include "sim/trace/tracer.hpp"

namespace sagasim {
namespace {

// Only the first reports carry their causal history, so a run with thousands of violations
// keeps its memory flat.
constexpr size_t kWithHistory = 64;
constexpr size_t kHistoryDepth = 12;

// The run's own queued event: the fault phase ends (arg: a PhaseEnd).
constexpr uint32_t kEvPhaseEnd = 200;

std::vector<OrderId> announced_orders(const Scenario& sc) {
    std::vector<OrderId> out;
    for (const Injection& inj : sc.injections) out.push_back(inj.order_id);
    return out;
}

}  // namespace

std::string_view run_end_name(RunEnd e) {
    switch (e) {
        case RunEnd::Drained: return "drained";
        case RunEnd::QuiesceLimit: return "quiesce-limit";
        case RunEnd::MaxSteps: return "max-steps";
    }
    return "?";
}

// Everything one run changes, built once per scenario and reset before each run.
class RunState final : public StepSink {
public:
    explicit RunState(const Scenario& sc)
        : sc_(sc),
          faults_(fault_identities(sc.faults)),
          lanes_(lanes_of(sc)),
          ids_(request_identities(sc)),
          announced_(announced_orders(sc)),
          phase_(sc.run.until),
          tracer_(sc.skus, faults_),
          checks_(sc.invariants, sc.skus, lanes_),
          counters_(lanes_),
          host_(sc, faults_, lanes_, queue_, decisions_, *this, phase_),
          client_(sc, ids_, queue_, decisions_, host_),
          expect_watch_(sc) {}

    RunResult run(const RunOptions& o);
    uint64_t step(const Step& s) override;

private:
    // Nothing pending anywhere: no order's work, no job, no send, no service down.
    bool quiet() const { return checks_.pending_total() == 0 && !host_.busy() && !host_.any_down(); }
    void end_phase(PhaseEnd why);
    void raise_violations();
    void collect(RunResult& r);

    const Scenario& sc_;
    const std::vector<FaultIdentity> faults_;
    const Lanes lanes_;
    const RequestIdentities ids_;
    const std::vector<OrderId> announced_;
    EventQueue queue_;
    Decisions decisions_;
    FaultPhase phase_;
    Tracer tracer_;
    CheckSet checks_;
    CounterSink counters_;
    Host host_;
    Client client_;
    ExpectWatch expect_watch_;
    uint64_t steps_ = 0;
    StepObserver* observer_ = nullptr;
    std::vector<uint64_t> handled_at_phase_end_;  // per listener
};

uint64_t RunState::step(const Step& s) {
    const uint64_t id = ++steps_;
    tracer_.record(id, s);
    checks_.on_step(id, s);
    counters_.on_step(s);
    if (expect_watch_.active()) expect_watch_.on_step(id, s);
    if (observer_ != nullptr) observer_->on_step(id, s);
    if (checks_.has_new()) raise_violations();
    return id;
}

void RunState::raise_violations() {
    Violations& all = checks_.all();
    for (size_t i = checks_.take_new(); i < all.size(); ++i) {
        Violation& v = all[i];
        if (i < kWithHistory) {
            v.history_steps.reserve(kHistoryDepth);
            v.history.reserve(kHistoryDepth);
            // An at-rest violation's history ends at the fact it is about, when that is still
            // among the recent steps; else at the step that revealed it.
            if (v.about_step != 0) tracer_.history(v.about_step, kHistoryDepth, v.history_steps, v.history);
            if (v.history.empty()) tracer_.history(v.step, kHistoryDepth, v.history_steps, v.history);
        }
        Step s;
        s.time = v.time;
        s.kind = StepKind::Violation;
        s.lane = lanes_.checker();
        s.order = v.order;
        s.cause = v.step;
        s.violation = &v;
        const uint64_t id = ++steps_;
        tracer_.record(id, s);
        counters_.on_step(s);
    }
}

void RunState::end_phase(PhaseEnd why) {
    if (phase_.ended()) return;
    phase_.end(queue_.now(), why);
    handled_at_phase_end_ = host_.records_handled();
    host_.heal();
    Step s;
    s.time = queue_.now();
    s.kind = StepKind::PhaseEnd;
    s.lane = lanes_.client();
    s.note = uint8_t(why);
    step(s);
}

RunResult RunState::run(const RunOptions& o) {
    AssertContext& actx = assert_context();
    const AssertContext saved = actx;
    actx = AssertContext{queue_.now_us_ptr(), o.seed};

    queue_.reset();
    decisions_.reset(o.seed);
    decisions_.set_step_counter(&steps_);
    decisions_.set_recorder(o.recorder);
    decisions_.set_override(o.replay);
    observer_ = o.observer;
    phase_.reset();
    handled_at_phase_end_.clear();
    steps_ = 0;
    tracer_.reset(o.trace);
    const size_t orders = sc_.orders.size() + (sc_.load ? size_t(sc_.load->count) : 0);
    checks_.reset(orders, announced_);
    counters_.reset(sc_.faults.size());
    host_.reset(orders);
    expect_watch_.reset();
    if (tracer_.writing()) tracer_.write_line(trace_header(sc_, lanes_, faults_, o));

    // Without run.until the fault phase ends once the requests are made and all is quiet, or at
    // the latest kFaultPhaseCap after the last request; with it, at run.until. The heal phase
    // then lasts at most run.quiesce.
    if (sc_.run.until) queue_.push(*sc_.run.until, kEvPhaseEnd, 0, uint64_t(PhaseEnd::Until), kLaneFirst);
    host_.start();
    uint64_t requests_left = client_.schedule();
    if (requests_left == 0 && !sc_.run.until) queue_.push(queue_.now() + kFaultPhaseCap, kEvPhaseEnd, 0,
                                                          uint64_t(PhaseEnd::Cap), kLaneFirst);
    constexpr int64_t kNever = INT64_MAX;
    int64_t end_us = kNever;

    RunResult r;
    r.seed = o.seed;
    for (;;) {
        if (!phase_.ended() && requests_left == 0 && !sc_.run.until && quiet()) end_phase(PhaseEnd::Quiet);
        if (phase_.ended()) {
            end_us = phase_.ended_at().us + sc_.run.quiesce.us;
            // What is left in the queue is faults that will not act any more.
            if (requests_left == 0 && quiet()) break;
        }
        if (queue_.empty()) break;
        if (queue_.next_time().us > end_us) {
            r.end = RunEnd::QuiesceLimit;
            break;
        }
        if (steps_ >= sc_.run.max_steps) {
            r.end = RunEnd::MaxSteps;
            break;
        }
        const QueuedEvent e = queue_.pop(&decisions_);
        ++r.events;
        if (e.kind() < kHostEventEnd) {
            host_.dispatch(e);
        } else if (e.kind() == kEvPhaseEnd) {
            end_phase(PhaseEnd(e.arg));
        } else {
            client_.dispatch(e);
            if (--requests_left == 0 && !sc_.run.until)
                queue_.push(queue_.now() + kFaultPhaseCap, kEvPhaseEnd, 0, uint64_t(PhaseEnd::Cap), kLaneFirst);
        }
    }
    SIM_ASSERT(r.end != RunEnd::Drained || !host_.busy(), "queue empty while the host is busy");

    // A run stopped by its step limit cannot be judged at rest (exit 4 says so); one whose heal
    // phase ran out of time is judged for the orders that settled.
    if (r.end != RunEnd::MaxSteps) {
        const bool drained = r.end == RunEnd::Drained;
        const CheckSet::Unjudged u =
            checks_.finish(steps_, queue_.now(), drained, drained ? std::map<OrderId, std::string>{}
                                                                  : host_.stuck_behind_wedges());
        r.unjudged = u.count;
        r.first_unjudged = u.first;
        if (u.count != 0) {
            r.first_unjudged_status = checks_.status_text(u.first);
            const Host::Backlog b = host_.largest_backlog(handled_at_phase_end_);
            r.backlog = b.text;
            r.heal_handled = b.handled_since;
            r.heal_unhandled = b.left;
        }
    }
    if (checks_.has_new()) raise_violations();
    r.phase_end = phase_.ended_at();
    r.phase_end_why = phase_.why();

    r.end_time = queue_.now();
    r.steps = steps_;
    r.digest = tracer_.digest_hex();
    r.decisions = decisions_.count();
    r.ties = queue_.ties();
    collect(r);
    if (tracer_.writing()) tracer_.write_line(trace_footer(r, verdict_name(judge(sc_, r).verdict)));
    decisions_.set_recorder(nullptr);
    decisions_.set_override(nullptr);
    observer_ = nullptr;
    actx = saved;
    return r;
}

void RunState::collect(RunResult& r) {
    r.counters = counters_.counters();
    r.fault_acted = counters_.acted();
    r.fault_chances = host_.fault_ledger().all();
    for (const OrderRow& row : host_.order().store().rows()) {
        if (!row.exists) continue;
        ++r.orders_created;
        ++r.final_status[row.status];
    }
    const auto& rows = host_.inventory().store().rows();
    std::vector<std::pair<std::string, int64_t>> stock;
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].exists) stock.emplace_back(sc_.skus.name(SkuId(i)), rows[i].quantity);
    std::sort(stock.begin(), stock.end());
    r.stock = std::move(stock);
    for (PaymentStatus s : {PaymentStatus::SUCCEEDED, PaymentStatus::FAILED, PaymentStatus::REFUNDED})
        r.payments[s] = host_.payment().store().count(s);
    for (ShipmentStatus s : {ShipmentStatus::SHIPPED, ShipmentStatus::FAILED})
        r.shipments[s] = host_.shipment().store().count(s);
    r.reservations_left = host_.inventory().store().reservation_count();
    for (int t = 0; t < kTopicIdCount; ++t) r.records[size_t(t)] = host_.broker().records_appended(TopicId(t));
    r.records_total = host_.broker().records_appended_total();
    expect_watch_.collect(r);
    r.violations = checks_.take_all();
    r.violation_count = checks_.count();
}

Runner::Runner(const Scenario& sc) : sc_(sc), state_(std::make_unique<RunState>(sc)) {}
Runner::~Runner() = default;

RunResult Runner::run(const RunOptions& options) { return state_->run(options); }

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
    Runner runner(scenario);
    return runner.run(options);
}

}  // namespace sagasim
