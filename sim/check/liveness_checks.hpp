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
    // Updates the pending work of step `id`'s order; returns that order if the step settled it.
    OrderId on_step(uint64_t id, const Step& s);
    int32_t pending(OrderId id) const {
        const Work* p = pending_.peek(id);
        return p ? p->pending : 0;
    }
    // The pending work of all orders together: zero when every order is settled.
    int64_t pending_total() const { return total_; }
    // Whether the order was judged at rest since its work last changed (then the end of the run
    // has nothing new to judge of it).
    bool judged(OrderId id) const {
        const Work* p = pending_.peek(id);
        return p && p->judged;
    }
    void mark_judged(OrderId id) {
        if (Work* p = pending_.get(id)) p->judged = true;
    }
    // `frozen`: the order's pending work can never finish, for this reason (in words); a
    // non-terminal order is then stuck for it.
    void judge_at_rest(OrderId id, const OrderFacts& f, bool run_ended, const std::string* frozen = nullptr);

private:
    const Lanes& lanes_;
    Reporter& r_;
    // What last happened to a record the order service awaits (a reply of inventory, payment or
    // shipment) for the order, so a stuck order can say what became of it.
    enum class Fate : uint8_t { None, Sent, Appended, Lost, DeadLettered, Skipped, Ignored, Handled };
    struct Work {
        int32_t pending = 0;
        uint32_t fate_step = 0;  // the step of `fate` (steps are at most run.max-steps, 1e9)
        bool judged = false;
        uint8_t fate_event = 0;  // EventType of the record
        Fate fate = Fate::None;
        uint8_t fate_note = 0;   // Ignored: the Note (dup-ignore, state-ignore); its status before
        uint8_t fate_status = 0;
    };
    void note_fate(const Step& s, uint64_t id);
    std::string awaited_text(OrderStatus status, const Work& w) const;
    PerOrder<Work> pending_;
    int64_t total_ = 0;
};

// Hot: every step of a run passes here, so it is inlined into the run's fan-out.
// The replies the order service waits for (its listeners' topics).
constexpr bool is_awaited_reply(uint8_t event_type) {
    return event_type == uint8_t(EventType::InventoryReservedEvent) ||
           event_type == uint8_t(EventType::InventoryFailedEvent) ||
           event_type == uint8_t(EventType::PaymentSucceededEvent) ||
           event_type == uint8_t(EventType::PaymentFailedEvent) ||
           event_type == uint8_t(EventType::ShipmentShippedEvent) || event_type == uint8_t(EventType::ShipmentFailedEvent);
}

inline OrderId LivenessChecks::on_step(uint64_t id, const Step& s) {
    if (s.order < 1) return 0;
    // The kinds that change what became of a record (note_fate), as one mask test.
    constexpr uint32_t kFateKinds = 1u << uint32_t(StepKind::Send) | 1u << uint32_t(StepKind::Append) |
                                    1u << uint32_t(StepKind::Lost) | 1u << uint32_t(StepKind::DeadLetter) |
                                    1u << uint32_t(StepKind::Skip) | 1u << uint32_t(StepKind::Decide);
    if ((kFateKinds >> uint32_t(s.kind) & 1u) != 0 && is_awaited_reply(s.event_type)) note_fate(s, id);
    int32_t delta = 0;
    switch (s.kind) {
        // A record on the wire; the scenario's own injections were counted from the start.
        case StepKind::Send: delta = lanes_.kind(s.lane) == LaneKind::Client ? 0 : 1; break;
        case StepKind::Append: delta = int32_t(s.count) - (s.copy ? 0 : 1); break;
        case StepKind::Lost: delta = -1; break;
        // A zombie's failed commit (CommitFailedException) leaves the record to the new owner,
        // whose commit ends it.
        case StepKind::OffsetCommit: delta = s.note == 0 ? -1 : 0; break;
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
    total_ += delta;
    p->judged = false;
    return p->pending == 0 ? s.order : 0;
}

}  // namespace sagasim
