// The shipment service's decision as a pure function: OrderPaidSagaConsumer with
// ShipmentService.processShipment (seed-behaviour.md §7).
#pragma once

#include "services/common/context.hpp"
#include "services/common/handler_result.hpp"
#include "services/shipment/shipment_store.hpp"

namespace sagasim {

HandlerResult shipment_on_order_paid(const ShipmentStore& store, const Event& event, Context& ctx,
                                     ShipmentWrites& out);
// Design timeouts: fenced (shipment then listens on order-failed-topic). A saga timeout's cancel
// request for the shipment of an order that has none: insert a FAILED row that fences the order
// and send ShipmentFailedEvent, so the order fails as for a rejected shipment (refunded, released).
// An order already shipped (or rejected) is too late to cancel. Any other OrderFailedEvent, or a
// request for another service's step, does nothing here.
HandlerResult shipment_on_cancel(const ShipmentStore& store, const Event& event, Context& ctx,
                                 ShipmentWrites& out);

}  // namespace sagasim
