// The shipment service's database (seed-behaviour.md §7): shipments (order_id UNIQUE) and
// processed_order_paid_events. PROCESSING is never visible after a commit, so only the final
// status is kept.
#pragma once

#include <array>
#include <cstdint>

#include "services/common/by_order.hpp"
#include "services/common/commit_observer.hpp"
#include "services/common/flat_set.hpp"
#include "services/common/handler_result.hpp"

namespace sagasim {

struct ShipmentWrites {
    OrderId insert_order = 0;
    ShipmentStatus status = ShipmentStatus::SHIPPED;
    EventId processed = 0;
    // Design timeouts: fenced. The inserted FAILED row is a saga timeout's cancel: it fences the
    // order, so a later OrderPaidEvent ships nothing.
    bool cancel = false;
};

class ShipmentStore {
public:
    const ShipmentStatus* find(OrderId order) const { return rows_.find(order); }
    bool processed(EventId id) const { return processed_.contains(id); }
    // Whether the order's shipment row is a saga timeout's cancel (design timeouts: fenced).
    bool cancelled(OrderId order) const { return cancelled_.contains(order); }
    uint64_t count(ShipmentStatus s) const { return counts_[size_t(s)]; }
    Failure apply(const ShipmentWrites& w, CommitObserver& observer);
    void reserve(size_t orders) {
        rows_.reserve(orders);
        processed_.reserve(orders);
    }

private:
    ByOrder<ShipmentStatus> rows_;
    std::array<uint64_t, 2> counts_{};
    FlatSet64 processed_;
    FlatSet64 cancelled_;
};

}  // namespace sagasim
