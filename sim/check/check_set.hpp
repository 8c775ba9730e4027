// The invariant checkers of one run (../shared/docs/invariants.md). They watch every committed
// write through CommitObserver, every appended record, and the work in flight for each order
// (records not yet consumed, handlers and requests running, sends on the wire), which the host
// reports with work_started / work_done. An order whose work drops to zero is *settled*, and the
// at-rest invariants are judged for it at that step; safety invariants are judged at each write.
// Every hook is O(1): nothing here scans all orders, except once when the run ends. The
// checkers only read; a violation is reported once per (invariant, order) and counted every time.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "services/common/commit_observer.hpp"
#include "services/common/events.hpp"
#include "sim/check/violation.hpp"

namespace sagasim {

enum class Inv : uint8_t {
    LegalTransition,
    StockNeverNegative,
    StockConserved,
    SingleReservation,
    NoPhantomStock,
    SinglePaymentOutcome,
    SingleCharge,
    ShipOnlyPaid,
    AmountMatches,
    NoLeakAfterPaymentFailure,
    NoLeakAfterFailure,
    NoChargeWithoutShipment,
    NoOversell,
    StatesAgree,
    SagaTerminates,
    Count
};
std::string_view inv_name(Inv i);

class CheckSet final : public CommitObserver {
public:
    // `enabled` are invariant names (the loader has refused unknown ones). `now` is the run's
    // virtual time, for the reports.
    CheckSet(const std::vector<std::string>& enabled, const SkuTable& skus, const SimTime* now);

    // CommitObserver
    void order_created(OrderId, SkuId, int32_t quantity, Money price) override;
    void order_status_changed(OrderId, OrderStatus from, OrderStatus to) override;
    void stock_changed(SkuId, int64_t before, int64_t after, StockMoveKind, OrderId order,
                       int32_t ledger_quantity) override;
    void payment_recorded(OrderId, PaymentStatus, Money amount) override;
    void payment_refunded(OrderId, Money amount) override;
    void shipment_recorded(OrderId, ShipmentStatus) override;

    // The order service decided to create an order (its OrderPlacedEvent is about to be sent).
    void order_placed(const Event& placed);
    // A record reached the broker.
    void record_appended(const Event& e);
    // Work for an order began or ended (see the header comment); the order settles at zero.
    void work_started(OrderId order, int n);
    void work_done(OrderId order, int n);
    // The end of the run: every order is judged once more; one still unsettled is reported as
    // saga-terminates ("still running when the run ended").
    void finish();

    // Violations found since the last call, stamped with the step whose write revealed them
    // (for the trace); all of them stay in all().
    std::vector<Violation> take_new(uint64_t step);
    bool has_new() const { return taken_ < reported_.size(); }
    // The history of the i-th reported violation, filled by the run when it traces it.
    std::vector<std::string>& history_of(size_t i) { return reported_[i].history; }
    const std::vector<Violation>& all() const { return reported_; }
    uint64_t count() const { return count_; }
    bool enabled(Inv i) const { return enabled_[size_t(i)]; }
    // Orders whose work is zero right now (for tests).
    bool settled(OrderId id) const;

private:
    struct OrderFacts {
        Uuid order_number;
        Money price;
        int32_t quantity = 0;
        int32_t held = 0;       // units reserved minus units released or finalized (committed)
        int32_t taken = 0;      // units ever reserved
        int32_t released = 0;   // units ever given back
        int32_t finalized = 0;  // units that left with the shipment
        int32_t pending = 0;    // work in flight
        uint16_t charges = 0;   // successful payment rows
        uint16_t refunds = 0;
        OrderStatus status = OrderStatus::PENDING;
        bool exists = false;          // the order row committed
        bool payment_failed = false;  // a FAILED payment row
        bool shipped = false;         // a SHIPPED shipment row
        bool succeeded_event = false; // a PaymentSucceededEvent was published
        bool failed_event = false;    // a PaymentFailedEvent was published
        bool known = false;
    };
    struct SkuLedger {
        int64_t supplied = 0;  // initial + restocks
        int64_t held = 0;      // held by orders
        int64_t gone = 0;      // shipped out (finalized)
    };

    OrderFacts* facts(OrderId id);
    // The order's slot, known or not yet (work can be announced before the order is placed).
    OrderFacts* slot(OrderId id);
    void learn_order(OrderId id, const Uuid& number, int32_t quantity, Money price);
    void judge_at_rest(OrderId id, OrderFacts& f, bool run_ended);
    void violate(Inv inv, OrderId order, std::string subject, std::string expected, std::string actual);

    bool enabled_[size_t(Inv::Count)] = {};
    bool any_at_rest_ = false;
    const SkuTable& skus_;
    const SimTime* now_;
    std::vector<OrderFacts> orders_;  // by order id - 1
    std::vector<SkuLedger> skus_ledger_;
    std::set<std::pair<uint8_t, OrderId>> seen_;  // (invariant, order) pairs already reported
    std::vector<Violation> reported_;
    size_t taken_ = 0;
    uint64_t count_ = 0;
};

}  // namespace sagasim
