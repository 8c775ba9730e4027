// InventoryStore: loading the initial stock and committing one transaction.
#include "services/inventory/inventory_store.hpp"

namespace sagasim {

void InventoryStore::load_initial(SkuId sku, int64_t quantity, CommitObserver& observer) {
    if (rows_.size() <= sku) rows_.resize(size_t(sku) + 1);
    InventoryRow& row = rows_[sku];
    const int64_t before = row.exists ? row.quantity : 0;
    row.exists = true;
    row.quantity = before + quantity;
    observer.stock_changed(sku, before, row.quantity, StockMoveKind::Initial, 0, int32_t(quantity));
}

Failure InventoryStore::apply(const InventoryWrites& w, CommitObserver& observer, const SkuTable* skus) {
    if (w.processed != 0 && processed_.contains(w.processed)) return Failure::UniqueViolation;
    if (w.stock_sku != kNoSku) {
        const InventoryRow* row = stock(w.stock_sku);
        if (w.stock_insert) {
            if (row != nullptr) return Failure::UniqueViolation;  // inventory.sku_code UNIQUE
        } else if (row == nullptr || row->version != w.expected_version) {
            return Failure::VersionConflict;
        }
    }
    // Deleting a row another transaction already deleted updates 0 rows: Hibernate's
    // StaleStateException, an optimistic-lock failure.
    if (w.reservation_op == ReservationOp::Delete && reservation(w.reservation_order) == nullptr)
        return Failure::VersionConflict;
    // saga_fence.order_id is the primary key: a reservation (which writes the order's row) and a
    // cancel cannot both commit.
    if (w.fence_order != 0 && (cancelled(w.fence_order) || reserved(w.fence_order))) return Failure::UniqueViolation;
    if (w.fence_key && cancelled(w.reservation_order)) return Failure::UniqueViolation;

    if (w.stock_sku != kNoSku) {
        if (rows_.size() <= w.stock_sku) rows_.resize(size_t(w.stock_sku) + 1);
        InventoryRow& row = rows_[w.stock_sku];
        const int64_t before = row.exists ? row.quantity : 0;
        row.quantity = w.stock_quantity;
        row.version = w.stock_insert ? 0 : row.version + 1;
        row.exists = true;
        observer.stock_changed(w.stock_sku, before, row.quantity, w.kind, w.move_order, w.move_quantity);
    }
    if (w.finalize && skus != nullptr) {
        const SkuId sku = skus->trimmed(w.finalize_sku);
        const int64_t q = stock(sku) ? stock(sku)->quantity : 0;
        observer.stock_changed(sku, q, q, StockMoveKind::Finalize, w.move_order, w.move_quantity);
    }
    if (w.reservation_op == ReservationOp::Upsert) reservations_.put(w.reservation_order, w.reservation);
    if (w.reservation_op == ReservationOp::Delete) reservations_.erase(w.reservation_order);
    if (w.fence_order != 0) cancelled_.insert(w.fence_order);
    if (w.fence_key) reserved_.insert(w.reservation_order);
    if (w.processed != 0) processed_.insert(w.processed);
    return Failure::None;
}

}  // namespace sagasim
