// The payment service as the host runs it: its database, its open transactions and its listener
// on order-confirmed-topic, and its refund or cancel listeners (design switches).
#pragma once

#include "services/common/store_runtime.hpp"
#include "services/common/service_design.hpp"
#include "services/payment/payment_handlers.hpp"

namespace sagasim {

class PaymentService final : public StoreRuntime<PaymentStore, PaymentWrites> {
public:
    explicit PaymentService(const ServiceDesign& design = {}) : design_(design) {}
    HandlerResult handle(TxnId txn, Topic topic, const Event& event, Context& ctx) override {
        if (is_cancel_request(event)) return keep(txn, payment_on_cancel(store_, event, ctx, writes(txn)));
        if (topic == Topic::OrderConfirmed)
            return keep(txn, payment_on_order_confirmed(store_, event, ctx, writes(txn)));
        // Without refunds, payment listens on order-failed-topic for cancel requests only.
        if (!design_.refund_on_shipment_failure) return keep(txn, payment_on_cancel(store_, event, ctx, writes(txn)));
        return keep(txn, payment_on_refund(store_, event, ctx, writes(txn)));
    }

private:
    ServiceDesign design_;
};

}  // namespace sagasim
