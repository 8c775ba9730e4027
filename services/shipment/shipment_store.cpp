// ShipmentStore::apply: the commit of one shipment-service transaction.
#include "services/shipment/shipment_store.hpp"

namespace sagasim {

Failure ShipmentStore::apply(const ShipmentWrites& w, CommitObserver& observer) {
    if (w.processed != 0 && processed_.contains(w.processed)) return Failure::UniqueViolation;
    if (w.insert_order != 0 && find(w.insert_order) != nullptr) return Failure::UniqueViolation;
    if (w.insert_order != 0) {
        rows_.put(w.insert_order, w.status);
        counts_[size_t(w.status)] += 1;
        observer.shipment_recorded(w.insert_order, w.status);
        if (w.cancel) cancelled_.insert(w.insert_order);
    }
    if (w.processed != 0) processed_.insert(w.processed);
    return Failure::None;
}

}  // namespace sagasim
