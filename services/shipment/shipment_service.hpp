// The shipment service as the host runs it: its database, its open transactions and its listener on
// order-paid-topic, and under design timeouts: fenced one on order-failed-topic.
#pragma once

#include "services/common/store_runtime.hpp"
#include "services/shipment/shipment_handlers.hpp"

namespace sagasim {

class ShipmentService final : public StoreRuntime<ShipmentStore, ShipmentWrites> {
public:
    HandlerResult handle(TxnId txn, Topic topic, const Event& event, Context& ctx) override {
        if (topic == Topic::OrderFailed) return keep(txn, shipment_on_cancel(store_, event, ctx, writes(txn)));
        return keep(txn, shipment_on_order_paid(store_, event, ctx, writes(txn)));
    }
};

}  // namespace sagasim
