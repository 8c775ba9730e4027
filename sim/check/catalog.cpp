// The table behind invariant_catalog(). Keep the order and the names of invariants.md.
#include "sim/check/catalog.hpp"

#include <array>

namespace sagasim {
namespace {

using F = InvariantFamily;
constexpr std::array<InvariantInfo, 15> kCatalog{{
    {"legal-transition", F::Safety, true,
     "an order's status moves only along the seed's state machine; a terminal status is never left"},
    {"stock-never-negative", F::Safety, true, "no SKU's available quantity is below zero"},
    {"stock-conserved", F::Safety, true,
     "per SKU: available + held by orders + taken outside sagas = initial + restocks"},
    {"single-reservation", F::Safety, true, "the stock held for an order never exceeds the order's quantity"},
    {"no-phantom-stock", F::Safety, true,
     "stock given back for an order never exceeds what was taken, and none comes back after it shipped"},
    {"single-payment-outcome", F::Safety, true,
     "no order has both a PaymentSucceededEvent and a PaymentFailedEvent published"},
    {"single-charge", F::Safety, true, "at most one successful charge per order; refunds never exceed charges"},
    {"ship-only-paid", F::Safety, true, "a shipment is made only for an order whose payment succeeded"},
    {"amount-matches", F::Safety, true, "a payment's amount is the order's price times its quantity"},
    {"no-leak-after-payment-failure", F::AtRest, true, "a settled order whose payment failed holds no stock"},
    {"no-leak-after-failure", F::AtRest, true,
     "a settled FAILED, PAYMENT_FAILED or SHIPMENT_FAILED (or rolled back) order holds no stock"},
    {"no-charge-without-shipment", F::AtRest, true,
     "a settled order that did not ship keeps no charge that was not refunded"},
    {"no-oversell", F::AtRest, true, "a settled CONFIRMED, PAID or SHIPPED order holds its stock, or shipped it"},
    {"states-agree", F::AtRest, true, "a settled order's status agrees with the payment and shipment services"},
    {"saga-terminates", F::AtRest, true, "a settled order is terminal; an order still running when the run ends is reported too"},
}};

}  // namespace

std::span<const InvariantInfo> invariant_catalog() { return kCatalog; }

const InvariantInfo* find_invariant(std::string_view name) {
    for (const auto& i : kCatalog)
        if (i.name == name) return &i;
    return nullptr;
}

}  // namespace sagasim
