// OrderStore::apply: the commit of one order-service transaction.
#include "services/order/order_store.hpp"

namespace sagasim {

Failure OrderStore::apply(const OrderWrites& w, CommitObserver& observer) {
    if (w.processed != 0 && processed(w.table, w.processed)) return Failure::UniqueViolation;
    if (w.update_id != 0) {
        const OrderRow* row = find(w.update_id);
        if (row == nullptr || row->version != w.expected_version) return Failure::VersionConflict;
    }
    if (w.insert) {
        const size_t idx = size_t(w.insert_id) - 1;
        if (rows_.size() <= idx) rows_.resize(idx + 1);
        rows_[idx] = w.row;
        rows_[idx].exists = true;
        observer.order_created(w.insert_id, w.row.sku, w.row.quantity, w.row.price);
    }
    if (w.update_id != 0) {
        OrderRow& row = rows_[size_t(w.update_id) - 1];
        const OrderStatus from = row.status;
        row.status = w.update_status;
        row.version += 1;
        observer.order_status_changed(w.update_id, from, row.status);
    }
    if (w.processed != 0) processed_[size_t(w.table)].insert(w.processed);
    return Failure::None;
}

}  // namespace sagasim
