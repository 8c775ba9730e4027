// The design switches, one by one, through whole runs: each changes what it says, and the
// hardened design survives what breaks the seed's (the seed-bug scenarios check the pairs).
#include <catch2/catch.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
using nlohmann::json;

namespace {

constexpr const char* kOne =
    "name: t\n"
    "run: {until: 10s}\n"
    "inventory: {SKU-1: 10}\n"
    "orders: [{at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}]\n";

// The step number of the first step matching kind/service/event.
uint64_t first(const std::vector<json>& steps, const std::string& kind, const std::string& service,
               const std::string& event) {
    for (const json& s : steps)
        if (s["kind"] == kind && s.value("service", "") == service && s.value("event", "") == event)
            return s["step"];
    return 0;
}

}  // namespace

TEST_CASE("publish: after-commit sends each event only once its transaction committed", "[design]") {
    RunResult r;
    const auto steps = traced(std::string(kOne) + "design: {publish: after-commit}\n", 1, &r);
    // Inventory's InventoryReservedEvent: before-commit would send it before the commit.
    uint64_t commit = 0, send = 0;
    for (const json& s : steps) {
        if (s["kind"] == "commit" && s.value("service", "") == "inventory" && commit == 0) commit = s["step"];
        if (s["kind"] == "send" && s.value("event", "") == "InventoryReservedEvent" && send == 0) send = s["step"];
    }
    REQUIRE(commit != 0);
    CHECK(send > commit);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(violated(r).empty());
}

TEST_CASE("publish: outbox writes rows in the commit and a relay publishes them", "[design]") {
    RunResult r;
    const auto steps = traced(std::string(kOne) + "design: {publish: outbox}\n", 1, &r);
    const uint64_t commit = first(steps, "commit", "inventory", "OrderPlacedEvent");
    const uint64_t send = first(steps, "send", "inventory", "InventoryReservedEvent");
    REQUIRE(commit != 0);
    CHECK(send > commit);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(violated(r).empty());
}

TEST_CASE("outbox: a relay crash after publishing sends the row again, with the same eventId", "[design]") {
    RunResult r;
    const auto steps = traced(std::string(kOne) +
                                    "design: {publish: outbox}\n"
                                    "faults:\n  - crash: {service: inventory, at: 10ms, restart-after: 1s}\n",
                                1, &r);
    std::vector<std::string> ids;
    for (const json& s : steps)
        if (s["kind"] == "append" && s["topic"] == "inventory-reserved-topic") ids.push_back(s["eventId"]);
    CHECK(r.counters.crashes == 1);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(violated(r).empty());
    // Sent by the relay at 8.9 ms, not yet marked when the process died: sent again after the restart.
    REQUIRE(ids.size() == 2);
    CHECK(ids[1] == ids[0]);
}

TEST_CASE("event-ids: stable makes a republished record a duplicate", "[design]") {
    // The order service's confirm handler ran twice: with a fresh eventId the copy is a new event to
    // payment, whose INSERT hits payments.order_id UNIQUE 6 times before the record is skipped;
    // with stable eventIds the processed table absorbs it.
    const std::string faults = "faults:\n  - republish: {topic: order-confirmed-topic, order: 1}\n";
    const RunResult seed = run_yaml(std::string(kOne) + faults, 1);
    const RunResult stable = run_yaml(std::string(kOne) + "design: {event-ids: stable}\n" + faults, 1);
    CHECK(seed.counters.retries == 5);
    CHECK(seed.counters.skipped == 1);
    CHECK(stable.counters.retries == 0);
    CHECK(stable.counters.skipped == 0);
    CHECK(violated(stable).empty());
}

TEST_CASE("early-events: retry retries a PaymentSucceeded that overtook the confirmation", "[design]") {
    const std::string world = std::string(kOne) +
                              "kafka: {latency: [1ms, 1ms]}\n"
                              "inject:\n  - {at: 5ms, topic: payment-succeeded-topic, order-id: 1}\n";
    const RunResult seed = run_yaml(world, 8);
    const RunResult retry = run_yaml(world + "design: {early-events: retry}\n", 8);
    CHECK(seed.counters.retries == 0);
    CHECK(retry.counters.retries >= 1);
    CHECK(retry.final_status.at(OrderStatus::SHIPPED) == 1);
}

TEST_CASE("refund-on-shipment-failure refunds the charge of a rejected shipment", "[design]") {
    const std::string world = std::string(kOne) + "shipment: {success-rate: 0.0}\n";
    const RunResult seed = run_yaml(world, 1);
    const RunResult refund = run_yaml(world + "design: {refund-on-shipment-failure: true}\n", 1);
    CHECK(violated(seed) == std::set<std::string>{"no-charge-without-shipment"});
    CHECK(violated(refund).empty());
    CHECK(refund.payments.at(PaymentStatus::REFUNDED) == 1);
    CHECK(refund.payments.at(PaymentStatus::SUCCEEDED) == 0);
}

TEST_CASE("finalize-reservations deletes the reservation row of a shipped order", "[design]") {
    const RunResult seed = run_yaml(kOne, 1);
    const RunResult fin = run_yaml(std::string(kOne) + "design: {finalize-reservations: true}\n", 1);
    CHECK(seed.reservations_left == 1);
    CHECK(fin.reservations_left == 0);
    CHECK(stock_of(fin, "SKU-1") == 8);
    CHECK(violated(fin).empty());
}

TEST_CASE("saga-timeout fails a stuck order and releases its stock", "[design]") {
    const std::string world = std::string(kOne) +
                              "payment: {success-rate: 0.0}\n"
                              "faults:\n  - drop: {topic: payment-failed-topic}\n";
    const RunResult seed = run_yaml(world, 1);
    const RunResult timed = run_yaml(world + "design: {saga-timeout: 5s}\n", 1);
    CHECK(violated(seed) == std::set<std::string>{"no-leak-after-payment-failure", "saga-terminates"});
    CHECK(timed.final_status.at(OrderStatus::TIMED_OUT) == 1);
    CHECK(stock_of(timed, "SKU-1") == 10);
    CHECK(violated(timed).empty());
    CHECK(timed.end_time.us >= 5000000);
}

TEST_CASE("compensations: until-done retries a release the seed skips after 6 attempts", "[design]") {
    // Inventory's database is down for 300 s right after the reservation commits: each attempt of the
    // release waits 30 s for a connection and fails (HikariCP, scenario-format.md).
    const std::string one = std::string(kOne).replace(std::string(kOne).find("10s"), 3, "600s");
    const std::string world = one +
                              "payment: {success-rate: 0.0}\n"
                              "faults:\n  - db-outage: {service: inventory, from: 10ms, to: 300s}\n";
    const RunResult skip = run_yaml(world + "design: {compensations: skip}\n", 1);
    CHECK(violated(skip) == std::set<std::string>{"no-leak-after-failure", "no-leak-after-payment-failure"});
    CHECK(skip.counters.skipped == 1);
    CHECK(skip.counters.retries == 5);
    const RunResult done = run_yaml(world + "design: {compensations: until-done}\n", 1);
    CHECK(violated(done).empty());
    CHECK(done.counters.skipped == 0);
    CHECK(done.counters.retries > 5);
    CHECK(stock_of(done, "SKU-1") == 10);
    CHECK(done.end == RunEnd::Drained);
    // A forward step is still skipped after 6 attempts: the switch is about compensations only.
    const std::string reserve = one +
                                "faults:\n  - db-outage: {service: inventory, from: 0s, to: 300s}\n";
    CHECK(run_yaml(reserve + "design: {compensations: until-done}\n", 1).counters.skipped == 1);
}
