// The inventory service as the host runs it: its database, its open transactions, its four
// listeners (routed by topic), POST /api/inventories and POST /api/inventories/reservations.
#pragma once

#include "services/common/store_runtime.hpp"
#include "services/inventory/inventory_handlers.hpp"

namespace sagasim {

class InventoryService final : public StoreRuntime<InventoryStore, InventoryWrites> {
public:
    explicit InventoryService(const ServiceDesign& design = {}, const SkuTable* skus = nullptr)
        : design_(design), skus_(skus) {}
    HandlerResult handle(TxnId txn, Topic topic, const Event& event, Context& ctx) override {
        if (topic == Topic::OrderPlaced)
            return keep(txn, inventory_on_order_placed(store_, event, ctx, writes(txn), design_));
        if (topic == Topic::ShipmentShipped) return keep(txn, inventory_on_shipped(store_, event, ctx, writes(txn)));
        if (is_cancel_request(event)) return keep(txn, inventory_on_cancel(store_, event, ctx, writes(txn)));
        return keep(txn, inventory_on_release(store_, event, ctx, writes(txn)));
    }
    HandlerResult restock(TxnId txn, SkuId sku, int32_t quantity, Context& ctx) {
        return keep(txn, inventory_restock(store_, sku, quantity, ctx, writes(txn)));
    }
    HandlerResult reserve_direct(TxnId txn, SkuId sku, int32_t quantity, Context& ctx) {
        return keep(txn, inventory_reserve_direct(store_, sku, quantity, ctx, writes(txn)));
    }

protected:
    Failure apply(const InventoryWrites& w, CommitObserver& observer) override {
        return store_.apply(w, observer, skus_);
    }

private:
    ServiceDesign design_;
    const SkuTable* skus_;
};

}  // namespace sagasim
