// The fault catalogue, fault by fault, through whole runs: what each does to records, services
// and databases, that it stops in the heal phase, and that a faulty run is as deterministic as
// any other. Traces are read back to check when things happened.
#include <catch2/catch.hpp>

#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/faults/fault_table.hpp"
#include "sim/faults/process_faults.hpp"
#include "tests/loader_helpers.hpp"
#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
using nlohmann::json;

namespace {

constexpr const char* kBase =
    "name: t\n"
    "run: {until: 30s}\n"
    "inventory: {SKU-1: 100}\n"
    "orders:\n"
    "  - {at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n"
    "  - {at: 1ms, sku: SKU-1, quantity: 1, price: \"7.00\"}\n";

}  // namespace

TEST_CASE("duplicate: the same record again is absorbed by the processed table", "[faults]") {
    RunResult r;
    const auto steps = traced(std::string(kBase) + "faults:\n  - duplicate: {topic: order-placed-topic}\n", 1, &r);
    CHECK(r.records[topic_id(Topic::OrderPlaced)] == 4);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 2);
    CHECK(violated(r).empty());
    int duplicates = 0;
    for (const json& s : of_kind(steps, "decide"))
        if (s["outcome"] == "duplicate") ++duplicates;
    CHECK(duplicates == 2);
}

TEST_CASE("duplicate for one service: only that group sees the copy", "[faults]") {
    RunResult r;
    const auto steps = traced(std::string(kBase) +
                                  "payment: {success-rate: 0.0}\n"
                                  "faults:\n  - duplicate: {topic: payment-failed-topic, service: inventory}\n",
                              1, &r);
    int order_delivers = 0, inventory_delivers = 0;
    for (const json& s : of_kind(steps, "deliver")) {
        if (s["topic"] != "payment-failed-topic") continue;
        (s["service"] == "order" ? order_delivers : inventory_delivers) += 1;
    }
    CHECK(order_delivers == 2);
    CHECK(inventory_delivers == 4);
    CHECK(violated(r).empty());
}

TEST_CASE("delay: consumers see the record `by` later, the ack is not delayed", "[faults]") {
    const auto steps =
        traced(std::string(kBase) + "faults:\n  - delay: {topic: inventory-reserved-topic, order: 1, by: 500ms}\n", 1);
    int64_t appended = -1, delivered = -1;
    for (const json& s : steps) {
        if (s["kind"] == "append" && s["topic"] == "inventory-reserved-topic" && s["orderId"] == 1) appended = s["t"];
        if (s["kind"] == "deliver" && s["topic"] == "inventory-reserved-topic" && s["orderId"] == 1) delivered = s["t"];
    }
    REQUIRE(appended >= 0);
    CHECK(delivered - appended == 500000);
    CHECK(of_kind(steps, "fault").size() == 1);
}

TEST_CASE("reorder: the append waits `window`, so a later record of the partition overtakes it", "[faults]") {
    const auto steps = traced(std::string(kBase) +
                                  "kafka: {partitions: 1}\n"
                                  "faults:\n  - reorder: {topic: order-placed-topic, order: 1, window: 50ms}\n",
                              1);
    const auto appends = of_kind(steps, "append");
    std::vector<int64_t> placed_order;
    for (const json& s : appends)
        if (s["topic"] == "order-placed-topic") placed_order.push_back(s["orderId"]);
    CHECK(placed_order == std::vector<int64_t>{2, 1});
}

TEST_CASE("drop: lost for every group, nothing acts after the fault phase", "[faults]") {
    RunResult r = run_yaml(std::string(kBase) + "faults:\n  - drop: {topic: order-paid-topic}\n", 1);
    CHECK(r.final_status.at(OrderStatus::PAID) == 2);
    CHECK(r.records[topic_id(Topic::OrderPaid)] == 0);
    // The same fault after `run.until`: the heal phase drops nothing.
    std::string healed = kBase;
    healed.replace(healed.find("until: 30s"), 10, "until: 1us");
    r = run_yaml(healed + "faults:\n  - drop: {topic: order-paid-topic}\n", 1);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 2);
    CHECK(r.counters.faults == 0);
}

TEST_CASE("crash at a time: uncommitted work is lost and redelivered from the committed offset", "[faults]") {
    RunResult r;
    const auto steps =
        traced(std::string(kBase) + "faults:\n  - crash: {service: inventory, at: 3ms, restart-after: 2s}\n", 1, &r);
    CHECK(r.counters.crashes == 1);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 2);
    const auto restarts = of_kind(steps, "restart");
    REQUIRE(restarts.size() == 1);
    CHECK(restarts[0]["t"] == 2003000);
    // Inventory handles the OrderPlaced records only after the restart.
    for (const json& s : of_kind(steps, "commit"))
        if (s["service"] == "inventory") CHECK(s["t"].get<int64_t>() > 2003000);
}

TEST_CASE("crash before publish: nothing was sent, the redelivery does it all once", "[faults]") {
    RunResult r = run_yaml(std::string(kBase) +
                               "faults:\n  - crash: {service: inventory, point: before-publish, nth: 1, restart-after: 1s}\n",
                           1);
    CHECK(r.counters.crashes == 1);
    CHECK(r.records[topic_id(Topic::InventoryReserved)] == 2);
    CHECK(violated(r).empty());
}

TEST_CASE("crash after commit: the offset was not committed, the redelivery is a duplicate", "[faults]") {
    RunResult r;
    const auto steps = traced(std::string(kBase) +
                                  "faults:\n  - crash: {service: inventory, point: after-commit, nth: 1, restart-after: 1s}\n",
                              1, &r);
    int duplicates = 0;
    for (const json& s : of_kind(steps, "decide"))
        if (s["service"] == "inventory" && s["outcome"] == "duplicate") ++duplicates;
    CHECK(duplicates == 1);
    CHECK(violated(r).empty());
}

TEST_CASE("db-outage shorter than 30 s: a transaction begun inside it waits for a connection and goes on",
          "[faults][pool]") {
    // Payment's first handler begins at a few ms, inside the outage: HikariCP hands it a
    // connection when the database is back at 2.5 s, so nothing fails and nothing is retried. The
    // second waits behind it on the listener's thread and begins after the outage.
    RunResult r;
    const auto steps =
        traced(std::string(kBase) + "faults:\n  - db-outage: {service: payment, from: 0s, to: 2500ms}\n", 1, &r);
    CHECK(r.counters.rollbacks == 0);
    CHECK(r.counters.retries == 0);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 2);
    const auto waits = of_kind(steps, "fault");
    REQUIRE(waits.size() == 1);  // the transaction that met the outage
    for (const json& d : of_kind(steps, "decide"))
        if (d["service"] == "payment") CHECK(d["t"].get<int64_t>() >= 2500000);
}

TEST_CASE("db-outage longer than 30 s: a transaction fails after 30 s, before its handler publishes",
          "[faults][pool]") {
    RunResult r;
    const auto steps = traced("name: t\nrun: {until: 60s}\ninventory: {SKU-1: 100}\n"
                              "orders:\n  - {at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n"
                              "faults:\n  - db-outage: {service: payment, from: 0s, to: 40s}\n",
                              1, &r);
    // The first attempt waits 30 s and throws CannotCreateTransactionException; the retry 1 s later
    // waits again and gets its connection when the database is back at 40 s.
    const auto rollbacks = of_kind(steps, "rollback");
    REQUIRE(rollbacks.size() == 1);
    CHECK(rollbacks[0]["failure"] == "CannotCreateTransactionException");
    CHECK(rollbacks[0]["t"].get<int64_t>() >= 30000000);
    CHECK(rollbacks[0]["t"].get<int64_t>() < 31000000);
    CHECK(r.counters.retries == 1);
    for (const json& s : of_kind(steps, "send"))
        if (s["service"] == "payment") CHECK(s["t"].get<int64_t>() >= 40000000);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(violated(r).empty());
}

TEST_CASE("db-outage at createOrder: the request waits, then succeeds or gets a 500 after 30 s", "[faults][pool]") {
    const RunResult shorter = run_yaml(std::string(kBase) + "kafka: {latency: [1ms, 1ms]}\n"
                                                            "faults:\n  - db-outage: {service: order, from: 0s, to: 4500us}\n",
                                       1);
    CHECK(shorter.counters.client_errors == 0);
    CHECK(shorter.orders_created == 2);
    CHECK(violated(shorter).empty());
    const RunResult longer = run_yaml("name: t\nrun: {until: 60s}\ninventory: {SKU-1: 100}\n"
                                      "orders:\n  - {at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n"
                                      "faults:\n  - db-outage: {service: order, from: 0s, to: 40s}\n",
                                      1);
    CHECK(longer.counters.client_errors == 1);
    CHECK(longer.orders_created == 0);
    CHECK(longer.records[topic_id(Topic::OrderPlaced)] == 0);  // it failed before it published
    CHECK(violated(longer).empty());
}

TEST_CASE("db-outage between a transaction's first query and its commit: the commit fails after the publish",
          "[faults][pool]") {
    // With a fixed 1 ms latency, order 1 begins at 0 s, publishes and commits at 4 ms, inside the
    // outage: it rolls back after OrderPlacedEvent went out. Order 2 begins at 2 ms, inside it, and
    // waits for a connection until 4.5 ms. Inventory reserves for order 1, which never exists; the
    // order service cannot dead-letter that InventoryReservedEvent on the seed's broker, so order
    // 2's reply waits behind it forever.
    RunResult r = run_yaml(std::string(kBase) +
                               "kafka: {latency: [1ms, 1ms]}\n"
                               "faults:\n  - db-outage: {service: order, from: 2ms, to: 4500us}\n",
                           1);
    CHECK(r.counters.client_errors == 1);
    CHECK(r.orders_created == 1);
    CHECK(violated(r) == std::set<std::string>{"no-leak-after-failure", "saga-terminates"});
}

TEST_CASE("disconnect: a send times out after 10 s, the order rolls back, the record lands later", "[faults]") {
    // Order 2 decides at 2 ms, inside the disconnect: its OrderPlacedEvent waits for the network,
    // send(...).get(10 s) gives up, createOrder rolls back; the producer's own retries deliver the
    // record at 15 s anyway, and inventory reserves stock for an order that does not exist.
    RunResult r;
    const auto steps = traced(std::string(kBase) +
                                  "kafka: {latency: [1ms, 1ms]}\n"
                                  "faults:\n  - disconnect: {service: order, from: 1500us, to: 15s}\n",
                              1, &r);
    const auto timeouts = of_kind(steps, "timeout");
    REQUIRE(timeouts.size() == 1);
    CHECK(timeouts[0]["t"] == 10002000);
    CHECK(r.counters.client_errors == 1);
    CHECK(r.orders_created == 1);
    CHECK(r.records[topic_id(Topic::OrderPlaced)] == 2);
    CHECK(violated(r) == std::set<std::string>{"no-leak-after-failure"});
}

TEST_CASE("disconnect windows that overlap or abut make one span, a gap two, the fault phase's end cuts it",
          "[faults]") {
    const Scenario sc = load("name: w\nrun: {until: 100s}\nfaults:\n"
                             "  - disconnect: {service: payment, from: 1s, to: 10s}\n"
                             "  - disconnect: {service: payment, from: 5s, to: 20s}\n"    // overlaps the first
                             "  - disconnect: {service: payment, from: 20s, to: 30s}\n"   // abuts the second
                             "  - disconnect: {service: payment, from: 31s, to: 40s}\n"   // after a gap
                             "  - disconnect: {service: payment, from: 90s, to: 200s}\n"  // past run.until
                             "  - disconnect: {service: order, from: 0s, to: 50s}\n");    // another service
    const std::vector<FaultIdentity> ids = fault_identities(sc.faults);
    FaultPhase phase(sc.run.until);
    FaultLedger ledger;
    ledger.reset(sc.faults.size());
    ProcessFaults pf(sc, ids, phase, ledger);
    pf.reset();
    const auto span = [&](double at_s) {
        const auto s = pf.window_span(FaultKind::Disconnect, Service::Payment, 0, SimTime{int64_t(at_s * 1e6)});
        return s ? std::to_string(s->from.us / 1000000) + ".." + std::to_string(s->to.us / 1000000) : std::string("none");
    };
    CHECK(span(0.5) == "none");
    CHECK(span(1) == "1..30");
    CHECK(span(12) == "1..30");
    CHECK(span(29.9) == "1..30");
    CHECK(span(30) == "none");
    CHECK(span(35) == "31..40");
    CHECK(span(95) == "90..100");
    CHECK(!pf.window_span(FaultKind::Pause, Service::Payment, 0, SimTime{12000000}));
}

TEST_CASE("slow-commit and pause stretch the windows where races live", "[faults]") {
    const auto slow =
        traced(std::string(kBase) + "faults:\n  - slow-commit: {service: order, probability: 1.0, by: 300ms}\n", 1);
    CHECK(of_kind(slow, "fault").size() >= 2);
    const auto paused = traced(std::string(kBase) + "faults:\n  - pause: {service: inventory, from: 0s, to: 2s}\n", 1);
    // Nothing of the inventory process happens in the pause but the pause itself (and the stock it
    // had before the run).
    for (const json& s : paused)
        if (s.contains("service") && s["service"] == "inventory" && s["kind"] != "window-begin" &&
            s["kind"] != "initial-stock")
            CHECK(s["t"].get<int64_t>() >= 2000000);
}

TEST_CASE("slow-commit without by: every commit that begins in the window waits until it ends", "[faults]") {
    // The scenario form of the nemesis's slow-commit window.
    const auto steps =
        traced(std::string(kBase) + "faults:\n  - slow-commit: {service: payment, from: 0s, to: 5s}\n", 1);
    size_t stalled = 0;
    for (const json& s : steps) {
        if (s.value("service", "") != "payment") continue;
        if (s["kind"] == "fault") ++stalled;
        // Payment's commits begin within a few milliseconds and end at the window's end.
        if (s["kind"] == "commit") CHECK(s["t"].get<int64_t>() >= 5000000);
    }
    // The second order's payment waits behind the first on payment's one listener thread, so its
    // commit begins after the window.
    CHECK(stalled == 1);
    CHECK(of_kind(steps, "window-begin").size() == 1);
    CHECK(of_kind(steps, "window-end").size() == 1);
    CHECK(errors(std::string(kBase) + "faults:\n  - slow-commit: {service: payment, from: 0s, to: 5s, nth: 2}\n") ==
          "t.yaml:8:60: error: 'nth' needs 'by' in faults[0].slow-commit: without 'by', every commit that "
          "begins between 'from' and 'to' waits until 'to'");
}

TEST_CASE("nemesis: a seeded random schedule of process faults, the same for the same seed", "[faults]") {
    const std::string yaml =
        "name: t\nrun: {until: 20s}\ninventory: {SKU-1: 1000}\n"
        "load: {count: 200, rate: 20/s, skus: [SKU-1], quantity: [1, 2], price: [\"1.00\", \"9.00\"]}\n"
        "faults:\n  - nemesis: {kinds: [crash, disconnect, db-outage, slow-commit, pause], interval: 1s, duration: [100ms, 2s]}\n";
    const RunResult a = run_yaml(yaml, 3), b = run_yaml(yaml, 3), c = run_yaml(yaml, 4);
    CHECK(a.digest == b.digest);
    CHECK(a.digest != c.digest);
    CHECK(a.counters.faults >= 10);
    CHECK(a.end != RunEnd::MaxSteps);
}

TEST_CASE("nemesis: each move comes at a drawn time within its interval, not at the interval's edge", "[faults]") {
    const std::string yaml =
        "name: t\nrun: {until: 20s}\ninventory: {SKU-1: 1000}\n"
        "load: {count: 100, rate: 5/s, skus: [SKU-1], quantity: [1, 2], price: [\"1.00\", \"9.00\"]}\n"
        "faults:\n  - nemesis: {kinds: [pause, db-outage], interval: 4s, duration: [100ms, 1s], id: chaos}\n";
    std::vector<std::vector<int64_t>> starts;
    for (uint64_t seed : {1, 2}) {
        std::vector<int64_t> t;
        for (const json& s : traced(yaml, seed))
            if (s["kind"] == "window-begin" && s["fault"] == "chaos") t.push_back(s["t"].get<int64_t>());
        // One move in each of [4s, 8s), [8s, 12s), [12s, 16s), [16s, 20s).
        REQUIRE(t.size() == 4);
        for (size_t k = 0; k < t.size(); ++k) {
            CAPTURE(seed, k);
            CHECK(t[k] >= int64_t(k + 1) * 4000000);
            CHECK(t[k] < int64_t(k + 2) * 4000000);
            CHECK(t[k] % 4000000 != 0);
        }
        starts.push_back(t);
    }
    CHECK(starts[0] != starts[1]);
}
