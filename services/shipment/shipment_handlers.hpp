// The shipment service's decision as a pure function: OrderPaidSagaConsumer with
// ShipmentService.processShipment (seed-behaviour.md §7).
#pragma once

#include "services/common/context.hpp"
#include "services/common/handler_result.hpp"
#include "services/shipment/shipment_store.hpp"

namespace sagasim {

HandlerResult shipment_on_order_paid(const ShipmentStore& store, const Event& event, Context& ctx,
                                     ShipmentWrites& out);

}  // namespace sagasim
