// What a service handler may ask of the world: the virtual time, new ids, and the seeded outcome
// of a payment or a carrier. The simulator's host implements it over the run's decision source;
// tests implement it with fixed answers. Handlers get nothing else: no clock, no randomness.
#pragma once

#include <cstdint>

#include "services/common/ids.hpp"
#include "services/common/sku_table.hpp"

namespace sagasim {

class Context {
public:
    virtual ~Context() = default;
    virtual int64_t now_us() const = 0;
    // A fresh eventId, as UUID.randomUUID() on every publish call in the seed.
    virtual EventId new_event_id() = 0;
    // The next value of orders.id (IDENTITY): consumed even if the transaction rolls back.
    virtual OrderId next_order_id() = 0;
    // A fresh orderNumber (UUID.randomUUID().toString() in OrderService.createOrder).
    virtual Uuid new_order_number() = 0;
    // Math.random() < payment.success-rate, drawn on every attempt (§6).
    virtual bool payment_succeeds() = 0;
    // Math.random() < shipment.success-rate, drawn on every attempt (§7).
    virtual bool shipment_succeeds() = 0;
    virtual const SkuTable& skus() const = 0;
};

}  // namespace sagasim
