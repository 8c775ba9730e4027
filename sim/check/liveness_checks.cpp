// The pending-work count of each order, from the steps, and saga-terminates.
#include "sim/check/liveness_checks.hpp"

#include <fmt/format.h>

namespace sagasim {
namespace {

// What a stuck order is waiting for, by status.
std::string_view missing_record(OrderStatus s) {
    switch (s) {
        case OrderStatus::PENDING: return "no InventoryReservedEvent or InventoryFailedEvent reached it";
        case OrderStatus::CONFIRMED: return "no PaymentSucceededEvent or PaymentFailedEvent reached it";
        case OrderStatus::PAID: return "no ShipmentShippedEvent or ShipmentFailedEvent reached it";
        default: return "";
    }
}

}  // namespace

void LivenessChecks::reset(size_t orders, const std::vector<OrderId>& announced) {
    pending_.reset(orders);
    for (OrderId id : announced)
        if (Work* p = pending_.get(id)) p->pending += 1;
}

OrderId LivenessChecks::on_step(const Step& s) {
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

void LivenessChecks::judge_at_rest(OrderId id, const OrderFacts& f, bool run_ended) {
    if (run_ended && pending(id) > 0)
        r_.violate(Inv::SagaTerminates, id, "", "a terminal status",
                   fmt::format("still running when the run ended ({})", f.status_text()));
    else if (f.exists && !is_terminal(f.status))
        r_.violate(Inv::SagaTerminates, id, "", "a terminal status",
                   fmt::format("stuck in {}: {}", f.status_text(), missing_record(f.status)));
}

}  // namespace sagasim
