// The order service's dead letters as Spring Kafka 3.3 sends them (seed-behaviour.md §8.3): to
// `<topic>-dlt`, which only a broker that creates topics on first use has; a dead letter that
// cannot be sent wedges the listener; and the back-off count that restarts when the failure's
// exception class changes.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
using nlohmann::json;

namespace {

// An InventoryReservedEvent for order 999, which the order service never stored.
constexpr const char* kPoison =
    "name: t\n"
    "inventory: {SKU-1: 10}\n"
    "inject:\n"
    "  - {at: 0s, topic: inventory-reserved-topic, order-id: 999, sku: SKU-1, quantity: 1}\n";

uint64_t dash_dlt_records(const RunResult& r) { return r.records[dash_dlt_of(Topic::InventoryReserved)]; }

}  // namespace

TEST_CASE("R7 on a broker that creates topics: a record from partition 0 lands in <topic>-dlt", "[dlt]") {
    const RunResult r = run_yaml(std::string(kPoison) + "kafka: {partitions: 1, auto-create-topics: true}\n", 1);
    CHECK(r.counters.retries == 3);  // 4 attempts, FixedBackOff(1000 ms, 3)
    CHECK(r.counters.dead_lettered == 1);
    CHECK(dash_dlt_records(r) == 1);
    CHECK(r.records[*dlt_of(Topic::InventoryReserved)] == 0);  // the declared .DLT is never written
    CHECK(r.end == RunEnd::Drained);
}

TEST_CASE("an auto-created <topic>-dlt with too few partitions wedges the listener like a missing one", "[dlt]") {
    // Three partitions, an auto-created dead-letter topic with one: only a record from partition
    // 0 can be dead-lettered. The record's partition follows its drawn orderNumber, so seeds
    // give both cases.
    bool landed = false, wedged = false;
    const std::string yaml = std::string(kPoison) + "kafka: {auto-create-topics: true}\n";
    for (uint64_t seed = 1; seed <= 12; ++seed) {
        RunResult r;
        const auto steps = traced(yaml, seed, &r);
        const auto appends = of_kind(steps, "append");
        REQUIRE(!appends.empty());
        const bool from_zero = appends[0]["partition"] == 0;
        INFO("seed " << seed);
        if (from_zero) {
            landed = true;
            CHECK(dash_dlt_records(r) == 1);
            CHECK(r.end == RunEnd::Drained);
        } else {
            wedged = true;
            CHECK(dash_dlt_records(r) == 0);
            CHECK(r.end == RunEnd::QuiesceLimit);
            const auto lost = of_kind(steps, "lost");
            REQUIRE(lost.size() >= 2);  // every recovery attempt fails, and the loop goes on
            CHECK(lost[0]["failure"] == "TimeoutException(not present in metadata after 60000 ms)");
            CHECK(lost[0]["topic"] == "inventory-reserved-topic-dlt");
        }
    }
    CHECK(landed);
    CHECK(wedged);
}

TEST_CASE("on the compose broker a dead letter never arrives, and the orders behind it are stuck", "[dlt]") {
    RunResult r;
    const auto steps = traced(std::string(kPoison) + "orders:\n  - {at: 1s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n",
                              1, &r);
    // 4 attempts, then a send that blocks 60 s (max.block.ms) and fails, then 4 attempts again.
    const auto lost = of_kind(steps, "lost");
    REQUIRE(lost.size() >= 2);
    CHECK(lost[0]["t"].get<int64_t>() - of_kind(steps, "dead-letter")[0]["t"].get<int64_t>() == 60000000);
    const auto retries = of_kind(steps, "retry");
    REQUIRE(retries.size() >= 4);
    CHECK(retries[3]["t"] == lost[0]["t"]);  // the record is sought again at once, its back-off reset
    CHECK(dash_dlt_records(r) == 0);
    CHECK(r.end == RunEnd::QuiesceLimit);
    CHECK(r.unjudged == 0);  // not inconclusive: the order can never finish
    REQUIRE(r.violations.size() == 1);
    const Violation& v = r.violations[0];
    CHECK(v.invariant == "saga-terminates");
    CHECK(v.order == 1);
    CHECK(v.actual ==
          "stuck in PENDING: its InventoryReservedEvent waits on inventory-reserved-topic[1] offset 1 behind "
          "inventory-reserved-topic[1] offset 0 (an InventoryReservedEvent for order 999), which order's listener on "
          "inventory-reserved-topic retries forever: inventory-reserved-topic-dlt does not exist on this broker, so "
          "that record cannot be dead-lettered (step 31)");
}

TEST_CASE("design dead-letters: declared sends to the declared .DLT topic, which exists", "[dlt]") {
    const RunResult r = run_yaml(std::string(kPoison) + "design: {dead-letters: declared}\n", 1);
    CHECK(r.records[*dlt_of(Topic::InventoryReserved)] == 1);
    CHECK(dash_dlt_records(r) == 0);
    CHECK(r.end == RunEnd::Drained);
}

TEST_CASE("the back-off count restarts when the failure's exception class changes", "[dlt]") {
    // The first attempt meets an order database down for 35 s: it waits 30 s for a connection and
    // fails with CannotCreateTransactionException. The next begins at 31 s, gets its connection at
    // 35 s and fails with OrderNotFoundException: a new class, so 4 attempts of it follow, 5 in all.
    RunResult r;
    const auto steps = traced(std::string(kPoison) +
                                  "run: {until: 60s}\n"
                                  "kafka: {partitions: 1, auto-create-topics: true}\n"
                                  "faults:\n  - db-outage: {service: order, from: 0s, to: 35s}\n",
                              1, &r);
    const auto dl = of_kind(steps, "dead-letter");
    REQUIRE(dl.size() == 1);
    CHECK(dl[0]["attempt"] == 5);
    CHECK(r.counters.retries == 4);
    CHECK(dash_dlt_records(r) == 1);
}

TEST_CASE("a listener whose failed recovery is followed by success is no longer wedged", "[dlt]") {
    // Order 1's InventoryReservedEvent meets an order database down until 200 s: 4 attempts fail
    // after 30 s each, the dead letter cannot be sent, the record is sought again and succeeds
    // once the database is back. Order 2's reply is still unread when the heal phase runs out:
    // inconclusive, not stuck behind a wedge that is over.
    const RunResult r = run_yaml("name: w\nrun: {until: 300s, quiesce: 1ms}\ninventory: {SKU-1: 10}\n"
                                 "kafka: {latency: [1ms, 1ms]}\n"
                                 "orders:\n  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
                                 "  - {at: 299995ms, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
                                 "faults:\n  - db-outage: {service: order, from: 5ms, to: 200s}\n",
                                 1);
    CHECK(r.counters.dead_lettered == 1);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(r.end == RunEnd::QuiesceLimit);
    CHECK(r.unjudged == 1);
    CHECK(r.first_unjudged == 2);
    CHECK(violated(r).empty());
}

TEST_CASE("a crash while the dead letter's send waits for metadata loses that send, once", "[dlt]") {
    // The send blocks from about 3 s to 63 s in the listener's own thread; the crash at 10 s ends
    // the thread, and with it the send: a `lost` step right after the `abandon`, none at 63 s. The
    // restarted listener's next recovery (14 s) blocks and fails on its own, at 74 s.
    const auto steps =
        traced(std::string(kPoison) + "run: {until: 30s}\n"
                                      "faults:\n  - crash: {service: order, at: 10s, restart-after: 1s}\n",
               1);
    const auto abandon = of_kind(steps, "abandon");
    REQUIRE(abandon.size() == 1);
    std::vector<std::string> lost;
    for (const json& s : of_kind(steps, "lost"))
        lost.push_back(std::to_string(s["t"].get<int64_t>() / 1000000) + "s " + s["failure"].get<std::string>() +
                       (s["cause"] == abandon[0]["step"] ? " after the abandon" : ""));
    CHECK(lost == std::vector<std::string>{"10s ConnectException(connection refused) after the abandon",
                                           "74s TimeoutException(not present in metadata after 60000 ms)"});
}
