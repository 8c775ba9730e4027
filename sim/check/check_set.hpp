// The invariant checkers of one run. They watch every committed write through CommitObserver and
// every appended record through record_appended(), keep per-order and per-SKU ledgers, and judge
// each invariant in O(1) per hook (never a scan over orders); saga-terminates is judged once when
// the run ends. They only read: nothing here changes the simulation. A violation is reported
// once per (invariant, order) pair, and counted every time.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "services/common/commit_observer.hpp"
#include "services/common/events.hpp"
#include "services/order/order_store.hpp"
#include "sim/check/violation.hpp"

namespace sagasim {

enum class Inv : uint8_t {
    LegalTransition,
    StockNeverNegative,
    StockConserved,
    SingleReservation,
    SingleCharge,
    AmountMatches,
    SagaTerminates,
    Count
};
std::string_view inv_name(Inv i);

class CheckSet final : public CommitObserver {
public:
    // `enabled` are invariant names (unknown or unimplemented names are ignored: the loader has
    // refused them already). `now` tells the run's virtual time, for the reports.
    CheckSet(const std::vector<std::string>& enabled, const SkuTable& skus, const SimTime* now);

    // CommitObserver
    void order_created(OrderId, SkuId, int32_t quantity, Money price) override;
    void order_status_changed(OrderId, OrderStatus from, OrderStatus to) override;
    void stock_changed(SkuId, int64_t before, int64_t after, StockMoveKind, OrderId order,
                       int32_t ledger_quantity) override;
    void payment_recorded(OrderId, PaymentStatus, Money amount) override;
    void shipment_recorded(OrderId, ShipmentStatus) override {}

    // A record reached the broker (orders become known from their OrderPlacedEvent, since the
    // seed publishes before it commits).
    void record_appended(const Event& e);
    // Judges what can only be judged at the end: every known order must be terminal.
    void finish(const OrderStore& orders);

    // Violations found since the last call, stamped with the step whose write revealed them
    // (for the trace); all of them stay in all().
    std::vector<Violation> take_new(uint64_t step);
    const std::vector<Violation>& all() const { return reported_; }
    uint64_t count() const { return count_; }
    bool enabled(Inv i) const { return enabled_[size_t(i)]; }

private:
    struct OrderFacts {
        Uuid order_number;
        Money price;
        int32_t quantity = 0;
        int32_t held = 0;      // units reserved minus units released (committed)
        uint16_t charges = 0;  // successful payment rows
        bool known = false;
    };
    struct SkuLedger {
        int64_t supplied = 0;  // initial + restocks
        int64_t held = 0;      // held by orders
    };

    OrderFacts* facts(OrderId id);
    void learn_order(OrderId id, const Uuid& number, int32_t quantity, Money price);
    void violate(Inv inv, OrderId order, std::string subject, std::string expected, std::string actual);

    bool enabled_[size_t(Inv::Count)] = {};
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
