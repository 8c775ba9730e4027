// The shipment service as the host runs it: its database, its open transactions and its one
// listener (order-paid-topic).
#pragma once

#include "services/common/store_runtime.hpp"
#include "services/shipment/shipment_handlers.hpp"

namespace sagasim {

class ShipmentService final : public StoreRuntime<ShipmentStore, ShipmentWrites> {
public:
    HandlerResult handle(TxnId txn, Topic /*topic*/, const Event& event, Context& ctx) override {
        return keep(txn, shipment_on_order_paid(store_, event, ctx, writes(txn)));
    }
};

}  // namespace sagasim
