// The order service as the host runs it: its database, its open transactions, the six listeners
// (routed by topic) and POST /api/orders.
#pragma once

#include "services/common/store_runtime.hpp"
#include "services/order/order_handlers.hpp"

namespace sagasim {

class OrderService final : public StoreRuntime<OrderStore, OrderWrites> {
public:
    explicit OrderService(const ServiceDesign& design = {}) : design_(design) {}
    HandlerResult handle(TxnId txn, Topic topic, const Event& event, Context& ctx) override {
        return keep(txn, order_on_event(store_, topic, event, ctx, writes(txn), design_));
    }
    HandlerResult timeout(TxnId txn, OrderId order, Context& ctx) {
        return keep(txn, order_on_timeout(store_, order, ctx, writes(txn), design_));
    }
    HandlerResult create_order(TxnId txn, SkuId sku, int32_t quantity, Money price, Context& ctx) {
        return keep(txn, order_create(store_, sku, quantity, price, ctx, writes(txn)));
    }

private:
    ServiceDesign design_;
};

}  // namespace sagasim
