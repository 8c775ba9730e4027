// Payments and shipments: what the payment service told the saga (its published outcomes), the
// charges and refunds it committed, and the shipments made. Safety: one payment outcome per order,
// at most one charge (refunds never above charges), a shipment only for a paid order, the amount
// right. At rest: no charge kept for an order that did not ship, and the order's status agreeing
// with its payment and shipment.
#pragma once

#include <array>

#include "sim/check/catalog.hpp"
#include "sim/check/order_book.hpp"
#include "sim/check/reporter.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

inline constexpr std::array<InvariantInfo, 6> kPaymentInvariants{{
    {Inv::SinglePaymentOutcome, "single-payment-outcome", InvariantFamily::Safety,
     "no order has both a PaymentSucceededEvent and a PaymentFailedEvent published"},
    {Inv::SingleCharge, "single-charge", InvariantFamily::Safety,
     "at most one successful charge per order; refunds never exceed charges"},
    {Inv::ShipOnlyPaid, "ship-only-paid", InvariantFamily::Safety,
     "a shipment is made only for an order with a PaymentSucceededEvent published and no PaymentFailedEvent"},
    {Inv::AmountMatches, "amount-matches", InvariantFamily::Safety,
     "a payment's amount is the order's price times its quantity"},
    {Inv::NoChargeWithoutShipment, "no-charge-without-shipment", InvariantFamily::AtRest,
     "a settled order that did not ship keeps no charge that was not refunded"},
    {Inv::StatesAgree, "states-agree", InvariantFamily::AtRest,
     "a settled order's status agrees with the payment and shipment services"},
}};

struct PaymentFacts {
    uint32_t charge_step = 0;      // the step that committed the last successful charge
    uint16_t charges = 0;          // successful payment rows
    uint16_t refunds = 0;
    bool payment_failed = false;   // a FAILED payment row
    bool shipped = false;          // a SHIPPED shipment row
    bool succeeded_event = false;  // a PaymentSucceededEvent was published
    bool failed_event = false;     // a PaymentFailedEvent was published
};

class PaymentChecks {
public:
    PaymentChecks(const OrderBook& book, Reporter& r) : book_(book), r_(r) {}
    void reset(size_t orders) { orders_.reset(orders); }
    void on_append(const Event& e);
    void on_write(const Write& w);
    void judge_at_rest(Inv inv, OrderId id, const OrderFacts& f);
    const PaymentFacts* facts(OrderId id) const { return orders_.peek(id); }

private:
    const OrderBook& book_;
    Reporter& r_;
    PerOrder<PaymentFacts> orders_;
};

}  // namespace sagasim
