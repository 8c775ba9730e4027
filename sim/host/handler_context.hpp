// The Context a handler gets (services/common/context.hpp), over the run's decision source: the
// virtual time, fresh eventIds and order ids, the orderNumber of a new order, and the payment and
// carrier outcomes, each a decision of the order the handler works for. Under `event-ids: stable`
// an eventId is derived from what the handler handles instead, so a retried handler sends the same
// ids (its copies are duplicates).
#pragma once

#include <cstdint>

#include "services/common/context.hpp"
#include "sim/host/world.hpp"

namespace sagasim {

class HandlerContext final : public Context {
public:
    explicit HandlerContext(World& w) : w_(w) {}
    // The handler of job `j` is about to run.
    void begin(const Job& j);

    int64_t now_us() const override { return w_.now().us; }
    EventId new_event_id() override;
    OrderId next_order_id() override;
    Uuid new_order_number() override;
    bool payment_succeeds() override;
    bool shipment_succeeds() override;
    const SkuTable& skus() const override { return w_.sc.skus; }

    void reset() { order_serial_ = 0; }

private:
    World& w_;
    OrderId order_ = 0;          // the order the running handler works for
    uint64_t request_ = 0;       // a create request's identity
    uint64_t stable_origin_ = 0;
    uint32_t stable_counter_ = 0;
    OrderId order_serial_ = 0;
};

}  // namespace sagasim
