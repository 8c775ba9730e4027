// The pending-work count of each order, from the steps, and saga-terminates.
#include "sim/check/liveness_checks.hpp"

#include <optional>

#include <fmt/format.h>

namespace sagasim {
namespace {

// The two replies a stuck order waits for, by status.
struct Awaited {
    EventType a, b;
};
std::optional<Awaited> awaited_by(OrderStatus s) {
    switch (s) {
        case OrderStatus::PENDING: return Awaited{EventType::InventoryReservedEvent, EventType::InventoryFailedEvent};
        case OrderStatus::CONFIRMED: return Awaited{EventType::PaymentSucceededEvent, EventType::PaymentFailedEvent};
        case OrderStatus::PAID: return Awaited{EventType::ShipmentShippedEvent, EventType::ShipmentFailedEvent};
        default: return std::nullopt;
    }
}

}  // namespace

void LivenessChecks::reset(size_t orders, const std::vector<OrderId>& announced) {
    pending_.reset(orders);
    total_ = 0;
    for (OrderId id : announced) {
        if (Work* p = pending_.get(id)) {
            p->pending += 1;
            total_ += 1;
        }
    }
}


void LivenessChecks::note_fate(const Step& s, uint64_t id) {
    Fate fate = Fate::None;
    switch (s.kind) {
        case StepKind::Send: fate = Fate::Sent; break;
        case StepKind::Append: fate = s.copy ? Fate::None : Fate::Appended; break;
        case StepKind::Lost: fate = Fate::Lost; break;
        case StepKind::DeadLetter: fate = Fate::DeadLettered; break;
        case StepKind::Skip: fate = Fate::Skipped; break;
        case StepKind::Decide:
            if (s.service != uint8_t(Service::Order)) break;
            fate = s.note == uint8_t(Note::DupIgnore) || s.note == uint8_t(Note::StateIgnore) ? Fate::Ignored
                                                                                               : Fate::Handled;
            break;
        default: break;
    }
    if (fate == Fate::None) return;
    Work* w = pending_.get(s.order);
    if (w == nullptr) return;
    w->fate = fate;
    w->fate_step = uint32_t(id);
    w->fate_event = s.event_type;
    w->fate_note = s.note;
    w->fate_status = s.status_from;
}

std::string LivenessChecks::awaited_text(OrderStatus status, const Work& w) const {
    const std::optional<Awaited> want = awaited_by(status);
    if (!want) return "";
    const EventType got = EventType(w.fate_event);
    if (w.fate == Fate::None || (got != want->a && got != want->b))
        return fmt::format("no {} or {} was sent for it", event_type_name(want->a), event_type_name(want->b));
    const std::string_view e = event_type_name(got);
    switch (w.fate) {
        case Fate::Lost: return fmt::format("the {} sent for it was lost (step {})", e, w.fate_step);
        case Fate::DeadLettered: return fmt::format("the {} sent for it was dead-lettered (step {})", e, w.fate_step);
        case Fate::Skipped: return fmt::format("the {} sent for it was skipped (step {})", e, w.fate_step);
        case Fate::Ignored:
            return fmt::format("the {} sent for it reached it in {} and was ignored ({}, step {})", e,
                               w.fate_status == kNoStatus ? "?" : order_status_name(OrderStatus(w.fate_status)),
                               note_name(Note(w.fate_note)), w.fate_step);
        case Fate::Handled: return fmt::format("the {} sent for it was handled (step {})", e, w.fate_step);
        case Fate::Sent:
        case Fate::Appended: return fmt::format("the {} sent for it was never handled (step {})", e, w.fate_step);
        case Fate::None: break;
    }
    return "";
}

void LivenessChecks::judge_at_rest(OrderId id, const OrderFacts& f, bool run_ended, const std::string* frozen) {
    if (frozen != nullptr) {
        if (f.exists && !is_terminal(f.status))
            r_.violate(Inv::SagaTerminates, id, "", "a terminal status",
                       fmt::format("stuck in {}: {}", f.status_text(), *frozen));
    } else if (run_ended && pending(id) > 0) {
        r_.violate(Inv::SagaTerminates, id, "", "a terminal status",
                   fmt::format("still running when the run ended ({})", f.status_text()));
    } else if (f.exists && !is_terminal(f.status)) {
        const Work* w = pending_.peek(id);
        r_.violate(Inv::SagaTerminates, id, "", "a terminal status",
                   fmt::format("stuck in {}: {}", f.status_text(), awaited_text(f.status, w ? *w : Work{})));
    }
}

}  // namespace sagasim
