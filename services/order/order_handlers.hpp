// The order service's decisions, as pure functions of the committed store, the incoming event
// and the Context: OrderService.createOrder (§4.3) and the six saga consumers with the guard
// logic of OrderSagaService (§4.4, §4.5). They return what to publish and fill the writes.
#pragma once

#include "services/common/context.hpp"
#include "services/common/handler_result.hpp"
#include "services/common/service_design.hpp"
#include "services/order/order_store.hpp"

namespace sagasim {

// POST /api/orders: insert a PENDING order and publish OrderPlacedEvent before the commit.
HandlerResult order_create(const OrderStore& store, SkuId sku, int32_t quantity, Money price, Context& ctx,
                           OrderWrites& out);

// One of InventorySagaConsumer, PaymentSagaConsumer, ShipmentSagaConsumer's six methods,
// chosen by the topic the event came from.
HandlerResult order_on_event(const OrderStore& store, Topic topic, const Event& event, Context& ctx,
                             OrderWrites& out, const ServiceDesign& design = {});

// Saga timeout (a design switch, not the seed's): an order that is not terminal when its timer
// fires becomes TIMED_OUT and publishes OrderFailedEvent, so inventory releases its reservation
// (and, with refunds, payment refunds its charge). Under design timeouts: fenced the order keeps
// its status and the OrderFailedEvent is a cancel request for the step it waits on (inventory's
// in PENDING, payment's in CONFIRMED, shipment's in PAID); that step's owner answers.
HandlerResult order_on_timeout(const OrderStore& store, OrderId order, Context& ctx, OrderWrites& out,
                               const ServiceDesign& design = {});

}  // namespace sagasim
