// The payment service's decision as a pure function: OrderConfirmedSagaConsumer with
// PaymentService.processPayment (seed-behaviour.md §6).
#pragma once

#include "services/common/context.hpp"
#include "services/common/handler_result.hpp"
#include "services/payment/payment_store.hpp"

namespace sagasim {

HandlerResult payment_on_order_confirmed(const PaymentStore& store, const Event& event, Context& ctx,
                                         PaymentWrites& out);

// refund-on-shipment-failure (a design switch): a ShipmentFailedEvent, or the OrderFailedEvent of a
// timed-out order, refunds the order's successful charge, once.
HandlerResult payment_on_refund(const PaymentStore& store, const Event& event, Context& ctx, PaymentWrites& out);
// Design timeouts: fenced. A saga timeout's cancel request for the payment of an order that has
// none: insert a FAILED row that fences the order and send PaymentFailedEvent, so the order fails
// as for a declined payment. An order already charged (or declined) is too late to cancel. Any
// other OrderFailedEvent, or a request for another service's step, does nothing here.
HandlerResult payment_on_cancel(const PaymentStore& store, const Event& event, Context& ctx, PaymentWrites& out);

}  // namespace sagasim
