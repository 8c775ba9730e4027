// The loader's newer forms: a single load quantity or price, `invariants: []`, suggestions for
// unknown invariants, and the expect keys `violations: {allowed}`, `reservations`, `events` and
// `at`, each read into the Scenario and each of its errors word for word.
#include <catch2/catch.hpp>

#include "sim/check/catalog.hpp"
#include "tests/loader_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;

TEST_CASE("load.quantity and load.price take a single value", "[loader]") {
    const Scenario s = load("name: a\nload: {count: 2, rate: 1/s, skus: [A], quantity: 1, price: \"9.99\"}\n");
    REQUIRE(s.load);
    CHECK(s.load->quantity.min == 1);
    CHECK(s.load->quantity.max == 1);
    CHECK(s.load->price.min.cents == 999);
    CHECK(s.load->price.max.cents == 999);
    const Scenario n = load("name: a\nload: {count: 2, rate: 1/s, skus: [A], quantity: 7, price: 12}\n");
    CHECK(n.load->quantity.min == 7);
    CHECK(n.load->quantity.max == 7);
    CHECK(n.load->price.min.cents == 1200);
    CHECK(n.load->price.max.cents == 1200);
}

TEST_CASE("error: load single quantity or price out of range", "[loader][errors]") {
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], quantity: 0}\n") ==
          "t.yaml:2:50: error: quantity must be at least 1, got 0");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], price: \"0.00\"}\n") ==
          "t.yaml:2:47: error: price must be at least 0.01, got 0.00");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], price: \"9.999\"}\n") ==
          "t.yaml:2:47: error: expected money with at most 2 decimals, got '9.999'");
}

TEST_CASE("error: invariants empty list checks nothing", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: []\n") ==
          "t.yaml:2:13: error: checks nothing; leave 'invariants' out to check all");
    std::string all;
    for (const InvariantInfo& i : invariant_catalog()) all += (all.empty() ? "" : ", ") + std::string(i.name);
    CHECK(errors("name: a\ninvariants: {exclude: [" + all + "]}\n") ==
          "t.yaml:2:23: error: checks nothing; leave 'invariants' out to check all");
}

TEST_CASE("error: unknown invariant gets a suggestion", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: [no-overselling]\n") ==
          "t.yaml:2:14: error: unknown invariant 'no-overselling'; did you mean 'no-oversell'?");
    CHECK(errors("name: a\nexpect: {violations: [saga-terminate]}\n") ==
          "t.yaml:2:23: error: unknown invariant 'saga-terminate'; did you mean 'saga-terminates'?");
    CHECK(errors("name: a\nexpect: {violations: {allowed: [oversell]}}\n") ==
          "t.yaml:2:33: error: unknown invariant 'oversell'; 'sagasim list invariants' names them all");
}

TEST_CASE("expect.violations allowed, reservations, events and at are read", "[loader]") {
    const Scenario s = load(R"(name: a
inventory: {SKU-1: 5}
inject:
  - {at: 0s, topic: order-failed-topic, order-id: 9, reason: "Out"}
expect:
  violations: {allowed: [saga-terminates, no-oversell]}
  reservations: 2
  events:
    - {topic: order-failed-topic, order-id: 1, sku: SKU-1, quantity: 5, reason: "Insufficient stock"}
    - {topic: payment-succeeded-topic, order-id: 501, amount: "50.00"}
    - {topic: order-placed-topic, order-id: 2, price: 9.5}
  at:
    - {time: 60ms, status: {PAID: 1}}
    - {time: 1s, status: {}}
)");
    const Expect& e = s.expect;
    REQUIRE(e.violations);
    CHECK(e.violations_allowed);
    CHECK(*e.violations == std::vector<std::string>{"no-oversell", "saga-terminates"});
    CHECK(e.reservations == 2u);
    REQUIRE(e.events.size() == 3);
    CHECK(e.events[0].topic == Topic::OrderFailed);
    CHECK(e.events[0].order_id == 1);
    CHECK(e.events[0].sku == "SKU-1");
    CHECK(e.events[0].quantity == 5);
    CHECK(e.events[0].reason == "Insufficient stock");
    CHECK(!e.events[0].amount);
    CHECK(e.events[0].loc.line == 9);
    CHECK(e.events[1].amount == Money{5000});
    CHECK(e.events[2].price == Money{950});
    REQUIRE(e.at.size() == 2);
    CHECK(e.at[0].time.us == 60000);
    CHECK(e.at[0].status == std::map<OrderStatus, uint64_t>{{OrderStatus::PAID, 1}});
    CHECK(e.at[1].status.empty());
    CHECK(!e.empty());
    // The exact list stays exact.
    const Scenario x = load("name: a\nexpect: {violations: [saga-terminates]}\n");
    CHECK(!x.expect.violations_allowed);
    CHECK(load("name: a\nexpect: {reservations: 0}\n").expect.reservations == 0u);
    CHECK(!load("name: a\nexpect: {reservations: 0}\n").expect.empty());
}

TEST_CASE("error: expect.violations allowed", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {violations: {allow: [saga-terminates]}}\n") ==
          "t.yaml:2:22: error: missing required key 'allowed' in expect.violations\n"
          "t.yaml:2:23: error: unknown key 'allow' in expect.violations; did you mean 'allowed'?");
    CHECK(errors("name: a\nexpect: {violations: {allowed: none}}\n") ==
          "t.yaml:2:32: error: expected a sequence for 'expect.violations.allowed', got 'none'");
    CHECK(errors("name: a\ninvariants: {exclude: [saga-terminates]}\nexpect: {violations: {allowed: [saga-terminates]}}\n") ==
          "t.yaml:3:33: error: expect.violations.allowed names 'saga-terminates', which 'invariants' does not select");
    CHECK(errors("name: a\nexpect: {violations: {allowed: [no-oversell, no-oversell]}}\n") ==
          "t.yaml:2:46: error: invariant 'no-oversell' is listed twice in expect.violations.allowed");
}

TEST_CASE("error: expect.reservations", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {reservations: -1}\n") ==
          "t.yaml:2:24: error: expect.reservations must be at least 0, got -1");
    CHECK(errors("name: a\nexpect: {reservations: many}\n") ==
          "t.yaml:2:24: error: expected a decimal integer, got 'many'");
}

TEST_CASE("error: expect.events entries", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {events: {topic: order-paid-topic}}\n") ==
          "t.yaml:2:18: error: expected a sequence for 'expect.events', got a map");
    CHECK(errors("name: a\nexpect: {events: [{topic: order-paid-topic}]}\n") ==
          "t.yaml:2:19: error: missing required key 'order-id' in expect.events[0]");
    CHECK(errors("name: a\nexpect: {events: [{topic: order-paid-topc, order-id: 1}]}\n") ==
          "t.yaml:2:27: error: unknown topic 'order-paid-topc'; did you mean 'order-paid-topic'?");
    CHECK(errors("name: a\nexpect: {events: [{topic: order-paid-topic, order-id: 0}]}\n") ==
          "t.yaml:2:55: error: order-id must be at least 1, got 0");
    CHECK(errors("name: a\nexpect: {events: [{topic: order-paid-topic, order-id: 1, amout: 1}]}\n") ==
          "t.yaml:2:58: error: unknown key 'amout' in expect.events[0]; did you mean 'amount'?");
    CHECK(errors("name: a\nexpect: {events: [{topic: order-placed-topic, order-id: 1, sku: A}]}\n") ==
          "t.yaml:2:65: error: unknown SKU 'A' in expect.events[0] (no inventory, order, load, restock or inject "
          "names it)");
    CHECK(errors("name: a\ninventory: {SKU-1: 1}\nexpect: {events: [{topic: order-placed-topic, order-id: 1, sku: "
                 "SKU-l}]}\n") ==
          "t.yaml:3:65: error: unknown SKU 'SKU-l' in expect.events[0]; did you mean 'SKU-1'?");
    CHECK(errors("name: a\nexpect: {events: [{topic: order-placed-topic, order-id: 1, quantity: -1}]}\n") ==
          "t.yaml:2:70: error: quantity must be at least 0, got -1");
    CHECK(errors("name: a\nexpect: {events: [{topic: payment-failed-topic, order-id: 1, amount: \"1.234\"}]}\n") ==
          "t.yaml:2:70: error: expected money with at most 2 decimals, got '1.234'");
    CHECK(errors("name: a\nexpect: {events: [{topic: payment-failed-topic, order-id: 1, reason: [a]}]}\n") ==
          "t.yaml:2:70: error: expected a string, got a sequence");
}

TEST_CASE("error: expect.events field the topic's event does not have", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {events: [{topic: order-placed-topic, order-id: 1, reason: x}]}\n") ==
          "t.yaml:2:68: error: OrderPlacedEvent has no 'reason'; use sku, quantity or price");
    CHECK(errors("name: a\nexpect: {events: [{topic: payment-succeeded-topic, order-id: 1, quantity: 2}]}\n") ==
          "t.yaml:2:75: error: PaymentSucceededEvent has no 'quantity'; use amount");
    CHECK(errors("name: a\nexpect: {events: [{topic: order-paid-topic, order-id: 1, reason: x, amount: 1}]}\n") ==
          "t.yaml:2:66: error: OrderPaidEvent has no 'reason'; only its order can be expected\n"
          "t.yaml:2:77: error: OrderPaidEvent has no 'amount'; only its order can be expected");
}

TEST_CASE("error: expect.at entries", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {at: {time: 1s}}\n") ==
          "t.yaml:2:14: error: expected a sequence for 'expect.at', got a map");
    CHECK(errors("name: a\nexpect: {at: [{time: 1s}]}\n") ==
          "t.yaml:2:15: error: missing required key 'status' in expect.at[0]");
    CHECK(errors("name: a\nexpect: {at: [{time: 1.5s, status: {}}]}\n") ==
          "t.yaml:2:22: error: expected a duration like 20ms, got '1.5s' (fractions are not allowed; use a smaller "
          "unit)");
    CHECK(errors("name: a\nexpect: {at: [{time: 1s, status: {PAYED: 1}}]}\n") ==
          "t.yaml:2:35: error: unknown order status 'PAYED'; did you mean 'PAID'?");
    CHECK(errors("name: a\nexpect: {at: [{time: 1s, status: {PAID: -1}}]}\n") ==
          "t.yaml:2:41: error: expect.at[0].status.PAID must be at least 0, got -1");
    CHECK(errors("name: a\nexpect: {at: [{time: 1s, status: {PAID: 1}, final: {}}]}\n") ==
          "t.yaml:2:45: error: unknown key 'final' in expect.at[0]; use time or status");
}
