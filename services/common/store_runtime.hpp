// The transaction bookkeeping every service shares: pending writes per open transaction, the
// rollback-only mark, and commit = the store's atomic apply. A service derives from it and adds
// its handle() routing and its REST entry points.
#pragma once

#include <vector>

#include "services/common/service_runtime.hpp"

namespace sagasim {

template <typename Store, typename Writes>
class StoreRuntime : public ServiceRuntime {
public:
    TxnId begin() override {
        const TxnId id = slots_.open();
        if (rollback_only_.size() <= id) rollback_only_.resize(size_t(id) + 1);
        rollback_only_[id] = false;
        return id;
    }
    Failure commit(TxnId txn, CommitObserver& observer) override {
        Failure f = rollback_only_[txn] ? Failure::RollbackOnly : apply(slots_[txn], observer);
        slots_.close(txn);
        return f;
    }
    void abort(TxnId txn) override { slots_.close(txn); }
    const Store& store() const { return store_; }
    Store& mutable_store() { return store_; }

protected:
    // The store's atomic apply of one transaction's writes.
    virtual Failure apply(const Writes& w, CommitObserver& observer) { return store_.apply(w, observer); }
    // Keeps the handler's verdict with its transaction (a rollback-only transaction never commits).
    HandlerResult keep(TxnId txn, HandlerResult r) {
        rollback_only_[txn] = r.rollback_only;
        return r;
    }
    Writes& writes(TxnId txn) { return slots_[txn]; }

    Store store_;

private:
    TxnSlots<Writes> slots_;
    std::vector<bool> rollback_only_;
};

}  // namespace sagasim
