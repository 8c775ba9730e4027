// Judging the expect keys that pin what the seed's tests assert: fields of published events,
// reservation rows left, orders per status at a time, and violations that are allowed rather
// than required. Each failure message word for word.
#include <catch2/catch.hpp>

#include "sim/run/expect.hpp"
#include "sim/scenario/loader.hpp"

using namespace sagasim;

namespace {

// The expectation failures of `yaml` run at seed 1.
std::vector<std::string> failures(const std::string& yaml) {
    const Scenario sc = load_scenario_text(yaml, "inline.yaml");
    return judge_expectations(sc, run_scenario(sc, seeded(1)));
}

// One order of 5 out of 4 in stock: it fails, and the order service publishes OrderFailedEvent.
const std::string kFailing = R"(name: a
inventory: {SKU-1: 4}
orders: [{at: 0s, sku: SKU-1, quantity: 5, price: "2.00"}]
)";

// One order of 2 that ships.
const std::string kShipping = R"(name: a
inventory: {SKU-1: 4}
orders: [{at: 0s, sku: SKU-1, quantity: 2, price: "25.00"}]
)";

}  // namespace

TEST_CASE("expect.events: a listed entry holds when one published record matches", "[expect]") {
    CHECK(failures(kFailing + R"(expect:
  final: {FAILED: 1}
  events:
    - {topic: order-failed-topic, order-id: 1, sku: SKU-1, quantity: 5,
       reason: "Insufficient inventory for skuCode 'SKU-1'. Requested=5, available=4"}
    - {topic: order-placed-topic, order-id: 1, price: "2.00"}
    - {topic: inventory-failed-topic, order-id: 1}
)")
              .empty());
    CHECK(failures(kShipping + R"(expect:
  events:
    - {topic: payment-succeeded-topic, order-id: 1, amount: "50.00"}
    - {topic: order-confirmed-topic, order-id: 1, price: "25.00", quantity: 2}
    - {topic: shipment-shipped-topic, order-id: 1}
)")
              .empty());
}

TEST_CASE("expect.events: a mismatch says what was published", "[expect]") {
    CHECK(failures(kFailing + R"(expect:
  final: {FAILED: 1}
  events:
    - {topic: order-failed-topic, order-id: 1, quantity: 4, reason: "Insufficient stock"}
    - {topic: order-failed-topic, order-id: 2}
    - {topic: inventory-failed-topic, order-id: 1, quantity: 6}
)") == std::vector<std::string>{
              "expect.events: expected order-failed-topic order-id 1 quantity 4 reason \"Insufficient stock\"; got "
              "quantity 5 reason \"Insufficient inventory for skuCode 'SKU-1'. Requested=5, available=4\"",
              "expect.events: expected order-failed-topic order-id 2; got none was published",
              "expect.events: expected inventory-failed-topic order-id 1 quantity 6; got quantity 5; quantity 5; "
              "quantity 5; and 3 more"});
}

TEST_CASE("expect.events: injected records are not the services' own", "[expect]") {
    // The scenario's own record on payment-failed-topic does not count as published by payment.
    CHECK(failures(kShipping + R"(inject:
  - {at: 1s, topic: payment-failed-topic, order-id: 7, reason: "Insufficient funds"}
expect:
  violations: {allowed: [no-leak-after-payment-failure]}
  events:
    - {topic: payment-failed-topic, order-id: 7, reason: "Insufficient funds"}
)") == std::vector<std::string>{"expect.events: expected payment-failed-topic order-id 7 reason \"Insufficient "
                                "funds\"; got none was published"});
}

TEST_CASE("expect.events: a relayed injected reason is the injected text", "[expect]") {
    // OrderFailedEvent passes the injected InventoryFailedEvent's reason through.
    CHECK(failures(R"(name: a
inventory: {SKU-1: 4}
orders: [{at: 0s, sku: SKU-1, quantity: 5, price: "2.00"}]
kafka: {latency: [1ms, 1ms]}
timing: {handle: 10ms}
inject:
  - {at: 15ms, topic: inventory-failed-topic, order-id: 1, reason: "Insufficient stock"}
expect:
  events:
    - {topic: order-failed-topic, order-id: 1, sku: SKU-1, quantity: 5, reason: "Insufficient stock"}
)")
              .empty());
}

TEST_CASE("expect.reservations: rows left at the end", "[expect]") {
    CHECK(failures(kShipping + "expect: {reservations: 1}\n").empty());
    CHECK(failures(kShipping + "expect: {reservations: 0}\n") ==
          std::vector<std::string>{"expect.reservations: expected 0 rows left; got 1"});
    CHECK(failures(kFailing + "expect: {reservations: 0}\n").empty());
}

TEST_CASE("expect.at: orders per committed status at a time", "[expect]") {
    CHECK(failures(kShipping + R"(expect:
  at:
    - {time: 0s, status: {}}
    - {time: 1h, status: {SHIPPED: 1}}
)")
              .empty());
    const std::vector<std::string> f = failures(kShipping + R"(expect:
  at:
    - {time: 1h, status: {PAID: 1}}
    - {time: 0s, status: {PENDING: 1}}
)");
    CHECK(f == std::vector<std::string>{"expect.at[0] (1h): expected PAID=1; got SHIPPED=1",
                                        "expect.at[1] (0us): expected PENDING=1; got none"});
}

TEST_CASE("expect.at: the status between two commits", "[expect]") {
    // Fixed timings: the order commits at 13ms (PENDING) and is CONFIRMED well before it is PAID.
    const std::string yaml = R"(name: a
inventory: {SKU-1: 4}
orders: [{at: 0s, sku: SKU-1, quantity: 2, price: "25.00"}]
kafka: {latency: [1ms, 1ms]}
timing: {handle: 10ms}
expect:
  at:
    - {time: 12ms, status: {}}
    - {time: 13ms, status: {PENDING: 1}}
    - {time: 100s, status: {SHIPPED: 1}}
)";
    CHECK(failures(yaml).empty());
}

TEST_CASE("expect.violations allowed: these may be violated, no other", "[expect]") {
    // The demo's one-order twin of R5: a failed shipment keeps its charge.
    const std::string rejected = R"(name: a
inventory: {SKU-1: 4}
orders: [{at: 0s, sku: SKU-1, quantity: 2, price: "25.00"}]
shipment: {success-rate: 0.0}
)";
    CHECK(failures(rejected + "expect: {violations: {allowed: [no-charge-without-shipment]}}\n").empty());
    CHECK(failures(rejected + "expect: {violations: {allowed: [no-charge-without-shipment, saga-terminates]}}\n")
              .empty());
    CHECK(failures(kShipping + "expect: {violations: {allowed: [no-charge-without-shipment]}}\n").empty());
    CHECK(failures(rejected + "expect: {violations: {allowed: [saga-terminates]}}\n") ==
          std::vector<std::string>{"expect.violations: allowed saga-terminates; got no-charge-without-shipment (not "
                                   "allowed: no-charge-without-shipment)"});
    // The exact list stays exact.
    CHECK(failures(kShipping + "expect: {violations: [no-charge-without-shipment]}\n") ==
          std::vector<std::string>{"expect.violations: expected no-charge-without-shipment; got none"});
}
