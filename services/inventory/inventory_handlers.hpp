// The inventory service's decisions as pure functions: OrderPlacedSagaConsumer (§5.3), the three
// release consumers (§5.4) and POST /api/inventories (§5.2). They read the committed store and
// fill the transaction's writes; the host does the publishing and the commit.
#pragma once

#include "services/common/context.hpp"
#include "services/common/handler_result.hpp"
#include "services/common/service_design.hpp"
#include "services/inventory/inventory_store.hpp"

namespace sagasim {

HandlerResult inventory_on_order_placed(const InventoryStore& store, const Event& event, Context& ctx,
                                        InventoryWrites& out, const ServiceDesign& design = {});

// finalize-reservations (a design switch): the order shipped, so its reservation row goes and
// the units are gone for good (the stock column does not change).
HandlerResult inventory_on_shipped(const InventoryStore& store, const Event& event, Context& ctx,
                                   InventoryWrites& out);

// OrderFailedSagaConsumer, PaymentFailedSagaConsumer and ShipmentFailedSagaConsumer: release by
// the reservation row, whatever the event's own skuCode and quantity say.
HandlerResult inventory_on_release(const InventoryStore& store, const Event& event, Context& ctx,
                                   InventoryWrites& out);

// Design timeouts: fenced. A saga timeout's cancel request (an OrderFailedEvent naming a step)
// for the reservation of an order that has none: fence it (a CANCELLED saga_fence row) and send
// InventoryFailedEvent, so the order fails as for a failed reservation. An order already reserved
// is too late to cancel: its InventoryReservedEvent carries the saga on. A request for another
// service's step does nothing here.
HandlerResult inventory_on_cancel(const InventoryStore& store, const Event& event, Context& ctx,
                                  InventoryWrites& out);

// POST /api/inventories/reservations (InventoryService.reserveInventory, §5.2): the SKU is
// trimmed; no row throws InventoryNotFoundException (404), too little stock
// InsufficientInventoryException (409); otherwise the stock is deducted under the row's @Version,
// with no reservation row and no event, so nothing ever gives it back.
HandlerResult inventory_reserve_direct(const InventoryStore& store, SkuId sku, int32_t quantity, Context& ctx,
                                       InventoryWrites& out);

// POST /api/inventories: the SKU is trimmed; an existing row gets the quantity added.
HandlerResult inventory_restock(const InventoryStore& store, SkuId sku, int32_t quantity, Context& ctx,
                                InventoryWrites& out);

}  // namespace sagasim
