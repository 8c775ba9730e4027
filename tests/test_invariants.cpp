// Negative tests: every invariant of the catalogue has a scenario (run through the whole
// simulator) or a deliberately broken write sequence (fed to the checkers directly, for what the
// seed's own code can never do) that it must catch, and a test fails if any invariant catches
// nothing. No checker can pass everything.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <set>

#include "sim/check/catalog.hpp"
#include "sim/check/check_set.hpp"
#include "sim/host/host.hpp"
#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;

namespace {

struct Case {
    const char* name;
    std::set<std::string> want;
    std::function<std::set<std::string>()> run;
};

constexpr const char* kOneOrder =
    "name: t\n"
    "run: {until: 10s}\n"
    "inventory: {SKU-1: 10}\n"
    "orders: [{at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}]\n";

// A CheckSet fed by hand: the commit steps a broken service would raise.
struct Fed {
    Scenario sc;
    std::vector<std::string> all;
    std::unique_ptr<Lanes> lanes;
    std::unique_ptr<CheckSet> checks;
    uint64_t next = 1;
    Fed() {
        sc.skus.intern("SKU-1");
        lanes = std::make_unique<Lanes>(lanes_of(sc));
        for (const InvariantInfo& i : invariant_catalog()) all.emplace_back(i.name);
        checks = std::make_unique<CheckSet>(all, sc.skus, *lanes);
        checks->reset(0, {});
        commit({stock(0, 10, StockMoveKind::Initial, 0, 10)});
        place(1, 2);
        Write created;
        created.kind = WriteKind::OrderCreated;
        created.order = 1;
        created.sku = 0;
        created.quantity = 2;
        created.amount = Money{500};
        commit({created});
    }
    void commit(std::vector<Write> writes) {
        Step s;
        s.time = SimTime{1000};
        s.kind = StepKind::Commit;
        s.lane = lanes->listener(0);
        s.writes = writes;
        checks->on_step(next++, s);
    }
    // The create request's decision for order `id` of `quantity` units at 5.00.
    void place(OrderId id, int32_t quantity) {
        Event placed;
        placed.type = EventType::OrderPlacedEvent;
        placed.order_id = id;
        placed.quantity = quantity;
        placed.price = Money{500};
        Step s;
        s.time = SimTime{1000};
        s.kind = StepKind::Decide;
        s.lane = lanes->http(Service::Order);
        s.order = id;
        s.note = uint8_t(Note::Created);
        s.event = &placed;
        checks->on_step(next++, s);
    }
    static Write status(OrderId id, OrderStatus from, OrderStatus to) {
        Write w;
        w.kind = WriteKind::OrderStatus;
        w.order = id;
        w.from = uint8_t(from);
        w.to = uint8_t(to);
        return w;
    }
    static Write stock(int64_t before, int64_t after, StockMoveKind move, OrderId order, int32_t quantity) {
        Write w;
        w.kind = WriteKind::Stock;
        w.sku = 0;
        w.before = before;
        w.after = after;
        w.move = move;
        w.order = order;
        w.quantity = quantity;
        return w;
    }
    static Write payment(OrderId id, PaymentStatus st, Money amount, WriteKind kind = WriteKind::Payment) {
        Write w;
        w.kind = kind;
        w.order = id;
        w.from = uint8_t(st);
        w.amount = amount;
        return w;
    }
    std::set<std::string> names() const {
        std::set<std::string> out;
        for (const Violation& v : checks->all()) out.insert(std::string(v.invariant));
        return out;
    }
};

const std::vector<Case>& cases() {
    static const std::vector<Case> kCases = {
    {"drop: a lost PaymentFailedEvent leaks the stock and strands the saga", {"no-leak-after-payment-failure", "saga-terminates"}, [] {
        const RunResult r = run_yaml(std::string(kOneOrder) +
                                         "payment: {success-rate: 0.0}\n"
                                         "faults:\n  - drop: {topic: payment-failed-topic, order: 1}\n",
                                     1);
        CHECK(r.final_status.at(OrderStatus::CONFIRMED) == 1);
        return violated(r);
     }},
    {"drop: a lost OrderShipmentFailedEvent leaks the stock; the charge stays", {"no-charge-without-shipment", "no-leak-after-failure"}, [] {
        const RunResult r = run_yaml(std::string(kOneOrder) +
                                         "shipment: {success-rate: 0.0}\n"
                                         "faults:\n  - drop: {topic: order-shipment-failed-topic}\n",
                                     1);
        return violated(r);
     }},
    {"a second OrderPlacedEvent with a fresh eventId reserves twice", {"single-reservation"}, [] {
        // A producer outside the saga (KafkaTemplate in a test) sends order 1's OrderPlaced again.
        const RunResult r =
            run_yaml(std::string(kOneOrder) + "inject:\n  - {at: 1s, topic: order-placed-topic, order-id: 1}\n", 1);
        CHECK(stock_of(r, "SKU-1") == 6);
        return violated(r);
     }},
    {"crash after publish: the redelivery re-rolls the payment and contradicts the first", {"single-payment-outcome", "states-agree", "no-phantom-stock", "no-oversell"}, [] {
        // Seed 2: the first attempt publishes PaymentSucceededEvent, the crash rolls its row back, and
        // the redelivered record draws a decline. The order went PAID on the first event and ships.
        const RunResult r = run_yaml(std::string(kOneOrder) +
                                         "payment: {success-rate: 0.5}\n"
                                         "faults:\n  - crash: {service: payment, point: after-publish, nth: 1, restart-after: 1s}\n",
                                     2);
        CHECK(r.counters.crashes == 1);
        CHECK(r.payments.at(PaymentStatus::FAILED) == 1);
        CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
        return violated(r);
     }},
    {"an OrderPaidEvent for a declined order ships it", {"no-phantom-stock", "ship-only-paid"}, [] {
        const RunResult r = run_yaml(std::string(kOneOrder) +
                                         "payment: {success-rate: 0.0}\n"
                                         "inject:\n  - {at: 1s, topic: order-paid-topic, order-id: 1}\n",
                                     1);
        return violated(r);
     }},
    {"an OrderConfirmedEvent with another price charges the wrong amount", {"amount-matches"}, [] {
        const RunResult r = run_yaml(std::string(kOneOrder) +
                                         "kafka: {latency: [1ms, 1ms]}\ntiming: {handle: 10ms}\n"
                                         "inject:\n  - {at: 15ms, topic: order-confirmed-topic, order-id: 1, price: \"4.00\"}\n",
                                     1);
        return violated(r);
     }},
    {"a saga timeout gives the stock back, then the late OrderPaidEvent ships", {"no-phantom-stock"}, [] {
        // timeouts: compensate (the hardened design before fencing): the timeout fails the order,
        // releases its 2 units and refunds; the OrderPaidEvent, held 5 s, then reaches shipment.
        const RunResult r = run_yaml(std::string(kOneOrder) +
                                         "design: {base: hardened, timeouts: compensate, saga-timeout: 2s}\n"
                                         "faults:\n  - delay: {topic: order-paid-topic, by: 5s}\n",
                                     1);
        CHECK(r.final_status.at(OrderStatus::TIMED_OUT) == 1);
        CHECK(stock_of(r, "SKU-1") == 10);
        REQUIRE(r.violations.size() == 1);
        CHECK(r.violations[0].expected == "nothing given back for an order that ships");
        CHECK(r.violations[0].actual == "2 given back before it shipped (holds 0 of its 2)");
        return violated(r);
     }},
    {"a PaymentFailedEvent after shipping gives phantom stock back", {"no-phantom-stock", "no-oversell", "single-payment-outcome"}, [] {
        const RunResult r =
            run_yaml(std::string(kOneOrder) + "inject:\n  - {at: 2s, topic: payment-failed-topic, order-id: 1}\n", 1);
        CHECK(stock_of(r, "SKU-1") == 10);
        return violated(r);
     }},
    {"broken writes: an illegal transition", {"legal-transition"}, [] {
        Fed f;
        f.commit({Fed::status(1, OrderStatus::PENDING, OrderStatus::SHIPPED)});
        CHECK(f.checks->all()[0].actual == "PENDING -> SHIPPED");
        return f.names();
     }},
    {"broken writes: a terminal status left", {"legal-transition"}, [] {
        Fed f;
        f.commit({Fed::status(1, OrderStatus::PENDING, OrderStatus::FAILED)});
        f.commit({Fed::status(1, OrderStatus::FAILED, OrderStatus::CONFIRMED)});
        return f.names();
     }},
    {"broken writes: a reservation without a stock check drives stock negative", {"stock-never-negative", "single-reservation"}, [] {
        Fed f;
        f.commit({Fed::stock(10, -2, StockMoveKind::Reserve, 1, 12)});
        return f.names();
     }},
    {"broken writes: a lost update (no version check) breaks conservation", {"stock-conserved"}, [] {
        Fed f;
        // Two reservations read 10 and both wrote 8: two units held, but only two gone from stock.
        f.commit({Fed::stock(10, 8, StockMoveKind::Reserve, 1, 2)});
        f.place(2, 2);
        f.commit({Fed::stock(8, 8, StockMoveKind::Reserve, 2, 2)});
        CHECK(f.checks->all()[0].actual == "8 available + 4 held + 0 shipped = 12");
        return f.names();
     }},
    {"broken writes: stock taken outside sagas counts, and a lost update of it breaks conservation", {"stock-conserved"}, [] {
        Fed f;
        // POST /api/inventories/reservations took 3 (10 -> 7): conserved, the third term holds them.
        f.commit({Fed::stock(10, 7, StockMoveKind::DirectReserve, 0, 3)});
        CHECK(f.checks->all().empty());
        // A second one read 10 too and wrote 8: 2 taken, 5 available, but 7 + 1 did not add up.
        f.commit({Fed::stock(10, 8, StockMoveKind::DirectReserve, 0, 2)});
        REQUIRE(f.checks->all().size() == 1);
        CHECK(f.checks->all()[0].expected == "available + held + shipped + taken outside sagas = 10 (initial + restocks)");
        CHECK(f.checks->all()[0].actual == "8 available + 0 held + 0 shipped + 5 taken outside sagas = 13");
        return f.names();
     }},
    {"broken writes: two successful charges, and a refund too many", {"single-charge"}, [] {
        Fed f;
        f.commit({Fed::payment(1, PaymentStatus::SUCCEEDED, Money{1000})});
        f.commit({Fed::payment(1, PaymentStatus::SUCCEEDED, Money{1000})});
        Fed g;
        g.commit({Fed::payment(1, PaymentStatus::SUCCEEDED, Money{0}, WriteKind::Refund)});
        auto n = f.names();
        for (const auto& x : g.names()) n.insert(x);
        return n;
     }},
    };
    return kCases;
}

}  // namespace

TEST_CASE("each negative case catches exactly its invariants", "[invariants][negative]") {
    for (const Case& c : cases()) {
        CAPTURE(c.name);
        CHECK(c.run() == c.want);
    }
}

TEST_CASE("no-phantom-stock at shipping: stock given back and taken again is no finding", "[invariants]") {
    // Order 1 (2 units) has its stock given back; a second reservation (a redelivered
    // OrderPlacedEvent) takes it again, and then the goods ship: nothing phantom.
    const auto ship = [](Fed& f) {
        Write w;
        w.kind = WriteKind::Shipment;
        w.order = 1;
        w.from = uint8_t(ShipmentStatus::SHIPPED);
        f.commit({w});
    };
    Fed again;
    again.commit({Fed::stock(10, 8, StockMoveKind::Reserve, 1, 2)});
    again.commit({Fed::stock(8, 10, StockMoveKind::Release, 1, 2)});
    again.commit({Fed::stock(10, 8, StockMoveKind::Reserve, 1, 2)});
    ship(again);
    CHECK(again.names().count("no-phantom-stock") == 0);
    // Without the second reservation the same shipment sends out units counted available again.
    Fed gone;
    gone.commit({Fed::stock(10, 8, StockMoveKind::Reserve, 1, 2)});
    gone.commit({Fed::stock(8, 10, StockMoveKind::Release, 1, 2)});
    ship(gone);
    CHECK(gone.names().count("no-phantom-stock") == 1);
}

TEST_CASE("the seed's happy path violates nothing", "[invariants]") {
    const RunResult r = run_yaml(kOneOrder, 1);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(violated(r).empty());
}

TEST_CASE("every invariant of the catalogue is caught by some negative case", "[invariants][negative]") {
    std::set<std::string> caught;
    for (const Case& c : cases())
        for (const auto& n : c.run()) caught.insert(n);
    std::set<std::string> missing;
    for (const InvariantInfo& i : invariant_catalog())
        if (!caught.count(std::string(i.name))) missing.insert(std::string(i.name));
    CHECK(missing.empty());
}
