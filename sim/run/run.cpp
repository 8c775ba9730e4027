// run_scenario: the event loop of one run, and the client side of the world (explicit orders,
// generated load, restocks, injected records) that feeds the host at its times.
#include "sim/run/run.hpp"

#include <algorithm>
#include <numeric>

#include "sim/broker/broker.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/run/trace.hpp"

namespace sagasim {
namespace {

// Queued event kinds of the client side (the host's are below kHostEventEnd).
enum ClientEvent : uint32_t {
    kEvClientOrder = 100,  // arg: index into scenario.orders
    kEvClientRestock,      // arg: index into scenario.restocks
    kEvInject,             // arg: index into scenario.injections
    kEvLoadArrival,        // arg: how many generated requests were made before this one
};

class Client {
public:
    Client(const Scenario& sc, EventQueue& q, Decisions& d, Host& h) : sc_(sc), q_(q), d_(d), h_(h) {}

    // Schedules every explicit request and the first generated one; returns how many requests
    // the run will make in all.
    uint64_t schedule() {
        for (size_t i = 0; i < sc_.orders.size(); ++i) q_.push(sc_.orders[i].at, kEvClientOrder, 0, i);
        for (size_t i = 0; i < sc_.restocks.size(); ++i) q_.push(sc_.restocks[i].at, kEvClientRestock, 0, i);
        for (size_t i = 0; i < sc_.injections.size(); ++i) q_.push(sc_.injections[i].at, kEvInject, 0, i);
        uint64_t total = sc_.orders.size() + sc_.restocks.size() + sc_.injections.size();
        if (sc_.load && sc_.load->count > 0) {
            total += sc_.load->count;
            q_.push(sc_.load->start + Duration{gap()}, kEvLoadArrival, 0, 0);
        }
        return total;
    }

    void dispatch(const QueuedEvent& e) {
        switch (e.kind) {
            case kEvClientOrder: {
                const OrderRequest& o = sc_.orders[e.arg];
                h_.client_order(o.sku, o.quantity, o.price);
                break;
            }
            case kEvClientRestock: {
                const Restock& r = sc_.restocks[e.arg];
                h_.client_restock(r.sku, r.quantity);
                break;
            }
            case kEvInject: h_.inject(sc_.injections[e.arg]); break;
            case kEvLoadArrival: {
                const Load& l = *sc_.load;
                const SkuId sku = l.skus[size_t(d_.load_pick(0, int64_t(l.skus.size()) - 1))];
                const int32_t quantity = int32_t(d_.load_pick(l.quantity.min, l.quantity.max));
                const Money price{d_.load_pick(l.price.min.cents, l.price.max.cents)};
                h_.client_order(sku, quantity, price);
                if (e.arg + 1 < l.count) q_.push(q_.now() + Duration{gap()}, kEvLoadArrival, 0, e.arg + 1);
                break;
            }
            default: SIM_ASSERT(false, "unknown client event kind {}", e.kind);
        }
    }

private:
    // Poisson arrivals: exponential gaps with mean rate_unit / rate_count.
    int64_t gap() {
        const Load& l = *sc_.load;
        const int64_t mean = std::max<int64_t>(1, l.rate_unit.us / int64_t(l.rate_count));
        return d_.load_gap(mean);
    }

    const Scenario& sc_;
    EventQueue& q_;
    Decisions& d_;
    Host& h_;
};

void collect(const Scenario& sc, const Host& host, const Broker& broker, RunResult& r) {
    r.counters = host.counters();
    for (const OrderRow& row : host.order().store().rows()) {
        if (!row.exists) continue;
        ++r.orders_created;
        ++r.final_status[row.status];
    }
    const auto& rows = host.inventory().store().rows();
    std::vector<std::pair<std::string, int64_t>> stock;
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].exists) stock.emplace_back(sc.skus.name(SkuId(i)), rows[i].quantity);
    std::sort(stock.begin(), stock.end());
    r.stock = std::move(stock);
    for (PaymentStatus s : {PaymentStatus::SUCCEEDED, PaymentStatus::FAILED, PaymentStatus::REFUNDED})
        r.payments[s] = host.payment().store().count(s);
    for (ShipmentStatus s : {ShipmentStatus::SHIPPED, ShipmentStatus::FAILED})
        r.shipments[s] = host.shipment().store().count(s);
    r.reservations_left = host.inventory().store().reservation_count();
    for (int t = 0; t < kTopicIdCount; ++t) r.records[size_t(t)] = broker.records_appended(TopicId(t));
    r.records_total = broker.records_appended_total();
}

// Violations found during a kernel event are stamped with its last step and traced after it.
void trace_violations(CheckSet& checks, Tracer& tracer, SimTime now) {
    const uint64_t cause = tracer.steps();
    const std::vector<Violation> fresh = checks.take_new(cause);
    // The new ones are the last of all(); each of the first kWithHistory gets the causal history
    // of the step that found it (a run with thousands of violations keeps its memory flat).
    constexpr size_t kWithHistory = 64;
    const size_t first = checks.all().size() - fresh.size();
    for (size_t i = first; i < checks.all().size() && i < kWithHistory; ++i)
        checks.history_of(i) = tracer.history(cause, 12);
    for (const Violation& v : fresh) {
        Step s;
        s.time = now;
        s.kind = StepKind::Violation;
        s.order = v.order;
        s.cause = cause;
        const std::string text = v.invariant + ": " + v.actual + ", expected " + v.expected;
        s.text = text;
        tracer.record(s);
    }
}

}  // namespace

std::string_view run_end_name(RunEnd e) {
    switch (e) {
        case RunEnd::Quiesced: return "quiesced";
        case RunEnd::TimeLimit: return "time-limit";
        case RunEnd::StepLimit: return "step-limit";
    }
    return "?";
}

RunResult run_scenario(const Scenario& sc, const RunOptions& options) {
    EventQueue queue;
    AssertContext& actx = assert_context();
    const AssertContext saved = actx;
    actx = AssertContext{queue.now_us_ptr(), options.seed};

    Broker broker(sc.kafka.partitions, service_design(sc.design));
    Decisions decisions(options.seed);
    uint64_t key_state = options.seed ^ 0x5a5a5a5a5a5a5a5aULL;
    Tracer tracer(splitmix64(key_state));
    if (options.trace) tracer.write_to(options.trace);
    SimTime now_copy;
    CheckSet checks(sc.invariants, sc.skus, &now_copy);
    FaultPhase phase(sc.run.until);
    Host host(sc, queue, broker, decisions, tracer, checks, phase);
    Client client(sc, queue, decisions, host);

    host.start();
    uint64_t requests_left = client.schedule();
    if (requests_left == 0) phase.requests_done();
    // The fault phase ends at `run.until`, by default at the last client request; the run then
    // goes on for at most `run.quiesce`.
    constexpr int64_t kNever = INT64_MAX;
    int64_t end_us = sc.run.until ? sc.run.until->us + sc.run.quiesce.us : kNever;
    if (requests_left == 0 && end_us == kNever) end_us = sc.run.quiesce.us;

    RunResult r;
    r.seed = options.seed;
    while (!queue.empty()) {
        if (queue.next_time().us > end_us) {
            r.end = RunEnd::TimeLimit;
            break;
        }
        if (tracer.steps() >= sc.run.max_steps) {
            r.end = RunEnd::StepLimit;
            break;
        }
        const QueuedEvent e = queue.pop();
        now_copy = queue.now();
        ++r.events;
        if (e.kind < kHostEventEnd) {
            host.dispatch(e);
        } else {
            client.dispatch(e);
            if (--requests_left == 0) {
                phase.requests_done();
                if (!sc.run.until) end_us = queue.now().us + sc.run.quiesce.us;
            }
        }
        if (checks.has_new()) trace_violations(checks, tracer, queue.now());
    }
    SIM_ASSERT(r.end != RunEnd::Quiesced || !host.busy(), "queue empty while the host is busy");

    // A run stopped by its step limit cannot be judged at rest (exit 4 says so).
    if (r.end != RunEnd::StepLimit) checks.finish();
    trace_violations(checks, tracer, queue.now());

    r.end_time = queue.now();
    r.steps = tracer.steps();
    r.digest = tracer.digest_hex();
    collect(sc, host, broker, r);
    r.violations = checks.all();
    r.violation_count = checks.count();
    actx = saved;
    return r;
}

}  // namespace sagasim
