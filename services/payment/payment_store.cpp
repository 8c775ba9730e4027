// PaymentStore::apply: the commit of one payment-service transaction.
#include "services/payment/payment_store.hpp"

namespace sagasim {

Failure PaymentStore::apply(const PaymentWrites& w, CommitObserver& observer) {
    if (w.processed != 0 && processed_.contains(w.processed)) return Failure::UniqueViolation;
    if (w.insert_order != 0 && find(w.insert_order) != nullptr) return Failure::UniqueViolation;
    if (w.refund_order != 0) {
        PaymentRow* row = rows_.find(w.refund_order);
        if (row == nullptr || row->status != PaymentStatus::SUCCEEDED) return Failure::VersionConflict;
        row->status = PaymentStatus::REFUNDED;
        counts_[size_t(PaymentStatus::SUCCEEDED)] -= 1;
        counts_[size_t(PaymentStatus::REFUNDED)] += 1;
        observer.payment_refunded(w.refund_order, row->amount);
    }
    if (w.insert_order != 0) {
        rows_.put(w.insert_order, w.row);
        counts_[size_t(w.row.status)] += 1;
        observer.payment_recorded(w.insert_order, w.row.status, w.row.amount);
        if (w.cancel) cancelled_.insert(w.insert_order);
    }
    if (w.processed != 0) processed_.insert(w.processed);
    return Failure::None;
}

}  // namespace sagasim
