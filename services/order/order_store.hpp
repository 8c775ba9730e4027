// The order service's database (seed-behaviour.md §4.1): the orders table with its @Version
// column, and the three processed-event tables. Writes arrive as an OrderWrites set and are
// applied atomically at commit, after the version and primary-key checks.
#pragma once

#include <cstdint>
#include <vector>

#include "services/common/commit_observer.hpp"
#include "services/common/flat_set.hpp"
#include "services/common/handler_result.hpp"
#include "services/common/status.hpp"

namespace sagasim {

// A row of `orders` (seed-behaviour.md §4.1). Its `created_at` is not kept: nothing the seed does
// reads it back (no query filters or sorts by it; it only goes out in OrderResponse, which
// sagasim does not render), as the shipments' timestamps are not.
struct OrderRow {
    Uuid order_number;
    Money price;
    int32_t version = 0;  // @Version: a status moves a few times at most
    SkuId sku = kNoSku;
    int32_t quantity = 0;
    OrderStatus status = OrderStatus::PENDING;
    bool exists = false;
};

// processed_inventory_events, processed_payment_events, processed_shipment_events.
enum class ProcessedTable : uint8_t { Inventory, Payment, Shipment };

// What one transaction of the order service writes.
struct OrderWrites {
    bool insert = false;            // INSERT INTO orders (createOrder)
    OrderId insert_id = 0;          // its IDENTITY id (the row's key, not kept in the row)
    OrderRow row;                   // the inserted row
    OrderId update_id = 0;          // UPDATE orders SET status ... WHERE version = expected
    OrderStatus update_status = OrderStatus::PENDING;
    int32_t expected_version = 0;
    EventId processed = 0;          // INSERT INTO processed_<table>_events
    ProcessedTable table = ProcessedTable::Inventory;
};

class OrderStore {
public:
    const OrderRow* find(OrderId id) const {
        if (id < 1 || size_t(id) > rows_.size() || !rows_[size_t(id) - 1].exists) return nullptr;
        return &rows_[size_t(id) - 1];
    }
    bool processed(ProcessedTable t, EventId id) const { return processed_[size_t(t)].contains(id); }
    // Checks every constraint, then applies all writes, or none and says why.
    Failure apply(const OrderWrites& w, CommitObserver& observer);
    // All rows ever inserted, by id (rows with exists == false never committed).
    const std::vector<OrderRow>& rows() const { return rows_; }
    // Room for `orders` orders without growing.
    void reserve(size_t orders) {
        rows_.reserve(orders);
        for (FlatSet64& s : processed_) s.reserve(orders);
    }

private:
    std::vector<OrderRow> rows_;
    FlatSet64 processed_[3];
};

}  // namespace sagasim
