// The inventory service's database (seed-behaviour.md §5.1): one `quantity` per SKU with its
// @Version, the reservation rows keyed by order_id, and processed_order_events (one table shared
// by all four inventory consumers). Writes are applied atomically at commit.
#pragma once

#include <cstdint>
#include <vector>

#include "services/common/by_order.hpp"
#include "services/common/commit_observer.hpp"
#include "services/common/flat_set.hpp"
#include "services/common/handler_result.hpp"
#include "services/common/sku_table.hpp"

namespace sagasim {

struct InventoryRow {
    int64_t quantity = 0;
    int64_t version = 0;
    bool exists = false;
};

struct Reservation {
    SkuId sku = kNoSku;  // as in the OrderPlacedEvent, untrimmed
    int32_t quantity = 0;
    int64_t reserved_at_us = 0;
};

enum class ReservationOp : uint8_t { None, Upsert, Delete };

// What one transaction of the inventory service writes.
struct InventoryWrites {
    SkuId stock_sku = kNoSku;  // the inventory row written (by trimmed SKU), if any
    bool stock_insert = false;  // a new SKU (createInventory); fails if another insert won
    int64_t stock_quantity = 0;  // the new column value, computed from the snapshot
    int64_t expected_version = 0;
    StockMoveKind kind = StockMoveKind::Reserve;
    OrderId move_order = 0;
    int32_t move_quantity = 0;
    ReservationOp reservation_op = ReservationOp::None;
    OrderId reservation_order = 0;
    Reservation reservation;
    EventId processed = 0;
    bool finalize = false;         // the reservation is deleted because the order shipped
    SkuId finalize_sku = kNoSku;   // the reservation's SKU (untrimmed)
    // Design timeouts: fenced. The saga_fence row (order_id PRIMARY KEY) a cancel inserts as
    // CANCELLED; a reservation inserts it as RESERVED (`fence_key`), so whichever of the two
    // commits second fails on the key.
    OrderId fence_order = 0;
    bool fence_key = false;
};

class InventoryStore {
public:
    const InventoryRow* stock(SkuId trimmed_sku) const {
        if (trimmed_sku >= rows_.size() || !rows_[trimmed_sku].exists) return nullptr;
        return &rows_[trimmed_sku];
    }
    const Reservation* reservation(OrderId order) const {
        return reservations_.find(order);
    }
    bool processed(EventId id) const { return processed_.contains(id); }
    // The order's saga_fence row (design timeouts: fenced): CANCELLED by a saga timeout, or
    // RESERVED by the reservation (kept when the reservation row goes at a release or a shipping).
    bool cancelled(OrderId order) const { return cancelled_.contains(order); }
    bool reserved(OrderId order) const { return reserved_.contains(order); }
    size_t reservation_count() const { return reservations_.size(); }
    // Room for `orders` orders: each is one processed OrderPlacedEvent. A released order is a
    // second event, which the table's slack (up to 15/16 full) mostly absorbs before it grows.
    void reserve(size_t orders) {
        reservations_.reserve(orders);
        processed_.reserve(orders);
    }
    // Stock loaded before the run starts (not a transaction of the service).
    void load_initial(SkuId trimmed_sku, int64_t quantity, CommitObserver& observer);
    Failure apply(const InventoryWrites& w, CommitObserver& observer, const SkuTable* skus = nullptr);
    // Rows by SKU id (rows with exists == false are SKUs the inventory does not know).
    const std::vector<InventoryRow>& rows() const { return rows_; }

private:
    std::vector<InventoryRow> rows_;
    ByOrder<Reservation> reservations_;
    FlatSet64 processed_;
    FlatSet64 cancelled_;
    FlatSet64 reserved_;
};

}  // namespace sagasim
