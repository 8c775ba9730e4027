// legal-transition against the seed's transition table.
#include "sim/check/transition_checks.hpp"

#include <fmt/format.h>

namespace sagasim {

bool legal_transition(OrderStatus from, OrderStatus to) {
    using S = OrderStatus;
    // A design with a saga timeout may end any saga that has not ended.
    if (to == S::TIMED_OUT) return !is_terminal(from);
    switch (from) {
        case S::PENDING: return to == S::CONFIRMED || to == S::FAILED;
        case S::CONFIRMED: return to == S::PAID || to == S::PAYMENT_FAILED;
        case S::PAID: return to == S::SHIPPED || to == S::SHIPMENT_FAILED;
        default: return false;  // terminal statuses are never left
    }
}

void TransitionChecks::on_write(const Write& w) {
    if (w.kind != WriteKind::OrderStatus || !r_.enabled(Inv::LegalTransition)) return;
    const OrderStatus from = OrderStatus(w.from), to = OrderStatus(w.to);
    if (!legal_transition(from, to))
        r_.violate(Inv::LegalTransition, w.order, "", "a transition of the seed's state machine",
                   fmt::format("{} -> {}", order_status_name(from), order_status_name(to)));
}

}  // namespace sagasim
