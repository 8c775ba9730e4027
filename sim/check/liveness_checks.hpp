// Settled-order liveness. An order is settled when nothing that could still change it is pending
// (invariants.md, "Words"): this family keeps that count per order from the steps alone (a record
// sent and not yet appended or lost; appended and not yet offset-committed by each listener that
// reads it; a create request or saga-timeout task running; an outbox row not yet relayed; a saga
// timer set; an injection the scenario will still make). When the count falls to zero the order
// settles at that step, and the at-rest invariants are judged for it there; saga-terminates is
// this family's own: a settled order is terminal.
#pragma once

#include <array>
#include <vector>

#include "sim/check/catalog.hpp"
#include "sim/check/order_book.hpp"
#include "sim/check/reporter.hpp"
#include "sim/step/lanes.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

inline constexpr std::array<InvariantInfo, 1> kLivenessInvariants{{
    {Inv::SagaTerminates, "saga-terminates", InvariantFamily::AtRest,
     "a settled order is terminal; an order still running when the run ends is reported too"},
}};

class LivenessChecks {
public:
    LivenessChecks(const Lanes& lanes, Reporter& r) : lanes_(lanes), r_(r) {}
    // A fresh run whose scenario will inject records for these orders.
    void reset(size_t orders, const std::vector<OrderId>& announced);
    // Updates the pending work of the step's order; returns that order if the step settled it.
    OrderId on_step(const Step& s);
    int32_t pending(OrderId id) const {
        const Work* p = pending_.peek(id);
        return p ? p->pending : 0;
    }
    // Whether the order was judged at rest since its work last changed (then the end of the run
    // has nothing new to judge of it).
    bool judged(OrderId id) const {
        const Work* p = pending_.peek(id);
        return p && p->judged;
    }
    void mark_judged(OrderId id) {
        if (Work* p = pending_.get(id)) p->judged = true;
    }
    void judge_at_rest(OrderId id, const OrderFacts& f, bool run_ended);

private:
    const Lanes& lanes_;
    Reporter& r_;
    struct Work {
        int32_t pending = 0;
        bool judged = false;
    };
    PerOrder<Work> pending_;
};

// Hot: every step of a run passes here, so it is inlined into the run's fan-out.
inline OrderId LivenessChecks::on_step(const Step& s) {
    if (s.order < 1) return 0;
    int32_t delta = 0;
    switch (s.kind) {
        // A record on the wire; the scenario's own injections were counted from the start.
        case StepKind::Send: delta = lanes_.kind(s.lane) == LaneKind::Client ? 0 : 1; break;
        case StepKind::Append: delta = int32_t(s.count) - (s.copy ? 0 : 1); break;
        case StepKind::Lost: delta = -1; break;
        case StepKind::OffsetCommit: delta = -1; break;
        // A create request runs from its decision (when its order exists) until it is done.
        case StepKind::Decide: delta = s.note == uint8_t(Note::Created) ? 1 : 0; break;
        case StepKind::Done: delta = -1; break;
        case StepKind::Abandon: {
            const LaneKind lane = lanes_.kind(s.lane);
            delta = lane == LaneKind::Http || lane == LaneKind::SagaTimeout ? -1 : 0;
            break;
        }
        // A saga timer is work to come; when it goes off, its task carries the count until done.
        case StepKind::Timer: delta = s.note == uint8_t(TimerNote::Set) ? 1 : 0; break;
        case StepKind::Commit: delta = lanes_.kind(s.lane) == LaneKind::Relay ? -1 : int32_t(s.count); break;
        default: break;
    }
    if (delta == 0) return 0;
    Work* p = pending_.get(s.order);
    if (p == nullptr) return 0;
    p->pending += delta;
    p->judged = false;
    return p->pending == 0 ? s.order : 0;
}

}  // namespace sagasim
