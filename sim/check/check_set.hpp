// The invariant checkers of one run (../shared/docs/invariants.md), fed the run's steps: the
// OrderBook learns each order, and each family (transitions, stock, payments, settled-order
// liveness) keeps its own books from the steps and writes it sees and judges its invariants. An
// order whose pending work falls to zero settles at that step, and the at-rest invariants are
// judged for it there, in catalogue order. Every step costs O(1): nothing here scans all orders,
// except once when the run ends. A violation is reported once per (invariant, order), stamped
// with the step that revealed it, and counted every time.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "sim/check/liveness_checks.hpp"
#include "sim/check/order_book.hpp"
#include "sim/check/payment_checks.hpp"
#include "sim/check/reporter.hpp"
#include "sim/check/stock_checks.hpp"
#include "sim/check/transition_checks.hpp"
#include "sim/step/lanes.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

class CheckSet {
public:
    // `enabled` are invariant names (the loader has refused unknown ones).
    CheckSet(const std::vector<std::string>& enabled, const SkuTable& skus, const Lanes& lanes);
    // A fresh run of about `orders` orders; the scenario will inject records for the orders in
    // `announced`.
    void reset(size_t orders, const std::vector<OrderId>& announced);
    // Step number `id`.
    void on_step(uint64_t id, const Step& s);
    // The end of the run, at step `last`: every settled order not judged since it last changed is
    // judged. An order still unsettled is reported as saga-terminates ("still running when the
    // run ended") if the run drained (its work can never finish), and is left unjudged if the
    // heal phase ran out of time (the run is inconclusive for it).
    struct Unjudged {
        uint64_t count = 0;
        OrderId first = 0;
    };
    // `stuck` explains orders that can never finish although the run did not drain (their records
    // wait behind a wedged listener): each is reported as saga-terminates with its reason, not
    // left unjudged.
    Unjudged finish(uint64_t last, SimTime now, bool drained, const std::map<OrderId, std::string>& stuck = {});
    // The pending work of all orders together (zero: every order is settled).
    int64_t pending_total() const { return liveness_.pending_total(); }
    // The status of order `id` as the checkers know it, or "" if it never existed.
    std::string status_text(OrderId id) const;

    bool has_new() const { return reporter_.has_new(); }
    size_t take_new() { return reporter_.take_new(); }
    Violations& all() { return reporter_.all(); }
    const Violations& all() const { return reporter_.all(); }
    Violations take_all() { return reporter_.take_all(); }
    uint64_t count() const { return reporter_.count(); }
    bool enabled(Inv i) const { return reporter_.enabled(i); }

private:
    void on_write(const Write& w);
    // `frozen`: why the order's pending work can never finish (it is judged as settled).
    void judge_at_rest(OrderId id, bool run_ended, const std::string* frozen = nullptr);

    OrderBook book_;
    Reporter reporter_;
    TransitionChecks transitions_;
    PaymentChecks payments_;
    StockChecks stock_;
    LivenessChecks liveness_;
    bool any_at_rest_ = false;
};

// Hot: every step of a run passes here, so it is inlined into the run's fan-out.
inline void CheckSet::on_step(uint64_t id, const Step& s) {
    reporter_.at(id, s.time);
    switch (s.kind) {
        case StepKind::Decide:
            // The create request's decision: the order it is about to place.
            if (s.note == uint8_t(Note::Created) && s.event != nullptr)
                book_.learn(s.order, s.event->order_number, s.event->quantity, s.event->price);
            break;
        case StepKind::Append:
            if (s.event != nullptr) {
                if (s.event->type == EventType::OrderPlacedEvent)
                    book_.learn(s.order, s.event->order_number, s.event->quantity, s.event->price);
                payments_.on_append(*s.event);
            }
            break;
        case StepKind::Commit:
        case StepKind::InitialStock:
            for (const Write& w : s.writes) on_write(w);
            break;
        default: break;
    }
    if (const OrderId settled = liveness_.on_step(id, s); settled != 0 && any_at_rest_) judge_at_rest(settled, false);
}

}  // namespace sagasim
