// A recording Context for service tests: fixed virtual time, counting ids, scripted payment and
// carrier outcomes, and a null CommitObserver that remembers what it saw.
#pragma once

#include <deque>
#include <vector>

#include "services/common/commit_observer.hpp"
#include "services/common/context.hpp"

namespace sagasim::testing {

class TestContext : public Context {
public:
    int64_t now_us() const override { return now; }
    EventId new_event_id() override { return ++last_event_id; }
    OrderId next_order_id() override { return ++last_order_id; }
    Uuid new_order_number() override { return make_uuid_v4(0x1111 + uint64_t(last_order_id), 0x2222); }
    bool payment_succeeds() override { ++payment_draws; return pop(payments); }
    bool shipment_succeeds() override { ++shipment_draws; return pop(shipments); }
    const SkuTable& skus() const override { return sku_table; }

    int64_t now = 1000;
    EventId last_event_id = 100;
    OrderId last_order_id = 0;
    SkuTable sku_table;
    std::deque<bool> payments;   // outcomes to hand out; empty: succeed
    std::deque<bool> shipments;
    int payment_draws = 0;
    int shipment_draws = 0;

private:
    static bool pop(std::deque<bool>& q) {
        if (q.empty()) return true;
        const bool v = q.front();
        q.pop_front();
        return v;
    }
};

struct StockMove {
    SkuId sku;
    int64_t before, after;
    StockMoveKind kind;
    OrderId order;
    int32_t ledger;
};

class RecordingObserver : public CommitObserver {
public:
    void order_status_changed(OrderId id, OrderStatus from, OrderStatus to) override {
        transitions.push_back({id, from, to});
    }
    void stock_changed(SkuId sku, int64_t before, int64_t after, StockMoveKind kind, OrderId order,
                       int32_t ledger) override {
        moves.push_back({sku, before, after, kind, order, ledger});
    }
    void payment_recorded(OrderId id, PaymentStatus s, Money amount) override { payments.push_back({id, s, amount}); }
    struct Transition {
        OrderId id;
        OrderStatus from, to;
    };
    struct Payment {
        OrderId id;
        PaymentStatus status;
        Money amount;
    };
    std::vector<Transition> transitions;
    std::vector<StockMove> moves;
    std::vector<Payment> payments;
};

}  // namespace sagasim::testing
