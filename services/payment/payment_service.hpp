// The payment service as the host runs it: its database, its open transactions and its one
// listener (order-confirmed-topic).
#pragma once

#include "services/common/store_runtime.hpp"
#include "services/payment/payment_handlers.hpp"

namespace sagasim {

class PaymentService final : public StoreRuntime<PaymentStore, PaymentWrites> {
public:
    HandlerResult handle(TxnId txn, Topic topic, const Event& event, Context& ctx) override {
        if (is_cancel_request(event)) return keep(txn, payment_on_cancel(store_, event, ctx, writes(txn)));
        if (topic != Topic::OrderConfirmed) return keep(txn, payment_on_refund(store_, event, ctx, writes(txn)));
        return keep(txn, payment_on_order_confirmed(store_, event, ctx, writes(txn)));
    }
};

}  // namespace sagasim
