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


void LivenessChecks::judge_at_rest(OrderId id, const OrderFacts& f, bool run_ended) {
    if (run_ended && pending(id) > 0)
        r_.violate(Inv::SagaTerminates, id, "", "a terminal status",
                   fmt::format("still running when the run ended ({})", f.status_text()));
    else if (f.exists && !is_terminal(f.status))
        r_.violate(Inv::SagaTerminates, id, "", "a terminal status",
                   fmt::format("stuck in {}: {}", f.status_text(), missing_record(f.status)));
}

}  // namespace sagasim
