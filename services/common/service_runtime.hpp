// The face every service shows the simulator's host: open a transaction, run the listener's
// handler for one record inside it, then commit (with the database's constraint and version
// checks) or roll back. Each service keeps its open transactions' pending writes itself.
#pragma once

#include <cstdint>
#include <vector>

#include "services/common/commit_observer.hpp"
#include "services/common/context.hpp"
#include "services/common/handler_result.hpp"

namespace sagasim {

using TxnId = uint32_t;

class ServiceRuntime {
public:
    virtual ~ServiceRuntime() = default;
    virtual TxnId begin() = 0;
    // The @KafkaListener method for `topic`: processed check, read, decide; writes stay in `txn`.
    virtual HandlerResult handle(TxnId txn, Topic topic, const Event& event, Context& ctx) = 0;
    // Commits `txn`: Failure::None, or why the database refused (nothing is applied then).
    // The transaction is closed either way.
    virtual Failure commit(TxnId txn, CommitObserver& observer) = 0;
    virtual void abort(TxnId txn) = 0;
};

// Pending writes of open transactions, one slot each, reused after commit or abort.
template <typename Writes>
class TxnSlots {
public:
    TxnId open() {
        if (!free_.empty()) {
            TxnId id = free_.back();
            free_.pop_back();
            slots_[id] = Writes{};
            return id;
        }
        slots_.emplace_back();
        return TxnId(slots_.size() - 1);
    }
    Writes& operator[](TxnId id) { return slots_[id]; }
    void close(TxnId id) { free_.push_back(id); }

private:
    std::vector<Writes> slots_;
    std::vector<TxnId> free_;
};

}  // namespace sagasim
