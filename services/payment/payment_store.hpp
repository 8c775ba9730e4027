// The payment service's database (seed-behaviour.md §6): payments (order_id UNIQUE) and
// processed_order_confirmed_events. Writes are applied atomically at commit.
#pragma once

#include <array>
#include <cstdint>

#include "services/common/by_order.hpp"
#include "services/common/commit_observer.hpp"
#include "services/common/flat_set.hpp"
#include "services/common/handler_result.hpp"

namespace sagasim {

struct PaymentRow {
    Money amount;
    PaymentStatus status = PaymentStatus::SUCCEEDED;
};

struct PaymentWrites {
    OrderId insert_order = 0;  // INSERT INTO payments
    PaymentRow row;
    OrderId refund_order = 0;  // UPDATE payments SET status = REFUNDED (a design with refunds)
    EventId processed = 0;
    // Design timeouts: fenced. The inserted FAILED row is a saga timeout's cancel: it fences the
    // order, so a later OrderConfirmedEvent charges nothing.
    bool cancel = false;
};

class PaymentStore {
public:
    const PaymentRow* find(OrderId order) const { return rows_.find(order); }
    bool processed(EventId id) const { return processed_.contains(id); }
    // Whether the order's payment row is a saga timeout's cancel (design timeouts: fenced).
    bool cancelled(OrderId order) const { return cancelled_.contains(order); }
    uint64_t count(PaymentStatus s) const { return counts_[size_t(s)]; }
    Failure apply(const PaymentWrites& w, CommitObserver& observer);
    void reserve(size_t orders) {
        rows_.reserve(orders);
        processed_.reserve(orders);
    }

private:
    ByOrder<PaymentRow> rows_;
    std::array<uint64_t, 3> counts_{};
    FlatSet64 processed_;
    FlatSet64 cancelled_;
};

}  // namespace sagasim
