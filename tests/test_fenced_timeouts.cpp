// Design timeouts: fenced, through whole runs: the saga timeout asks the owner of the awaited step
// to cancel it; the owner fences the step (it never happens later) and answers with its failure
// event, or finds it done and sends its outcome again. And the timer's own life: set again after
// each request, after a failed run of its task, and before a crash's end of the task is counted.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/loader_helpers.hpp"
#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
using nlohmann::json;

namespace {

std::string one_order(const std::string& until, const std::string& faults, const std::string& design) {
    return "name: t\nrun: {until: " + until +
           "}\ninventory: {SKU-1: 10}\n"
           "orders: [{at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}]\n"
           "faults:\n" +
           faults + "design: " + design + "\n";
}

// The notes of the decide steps of `service` on records of `topic`, in order.
std::vector<std::string> notes(const std::vector<json>& steps, const std::string& service, const std::string& topic) {
    std::vector<std::string> out;
    for (const json& s : steps)
        if (s["kind"] == "decide" && s.value("service", "") == service && s.value("topic", "") == topic)
            out.push_back(s.value("note", ""));
    return out;
}

size_t count_of(const std::vector<std::string>& v, const std::string& x) {
    return size_t(std::count(v.begin(), v.end(), x));
}

}  // namespace

TEST_CASE("timeouts: fenced cancels a shipment whose OrderPaidEvent is late, and it never ships",
          "[design][timeouts]") {
    // The OrderPaidEvent reaches shipment 60 s late; the 30 s timeout asks shipment to cancel.
    const std::string faults = "  - delay: {topic: order-paid-topic, order: 1, by: 60s}\n";
    RunResult r;
    const auto steps = traced(one_order("120s", faults, "hardened"), 1, &r);
    CHECK(violated(r).empty());
    CHECK(r.final_status.at(OrderStatus::SHIPMENT_FAILED) == 1);
    CHECK(r.shipments.at(ShipmentStatus::FAILED) == 1);
    CHECK(r.payments.at(PaymentStatus::REFUNDED) == 1);
    CHECK(stock_of(r, "SKU-1") == 10);
    CHECK(notes(steps, "shipment", "order-failed-topic").front() == "cancelled");
    CHECK(notes(steps, "shipment", "order-paid-topic") == std::vector<std::string>{"fenced"});
    // Inventory and payment leave the request to its owner.
    CHECK(notes(steps, "inventory", "order-failed-topic").front() == "not-awaited");
    CHECK(notes(steps, "payment", "order-failed-topic").front() == "not-awaited");
    // Under the timeout as first designed the order is compensated and then ships anyway: the
    // goods go out refunded, their stock back on the shelf.
    const RunResult old = run_yaml(one_order("120s", faults, "{base: hardened, timeouts: compensate}"), 1);
    CHECK(old.final_status.at(OrderStatus::TIMED_OUT) == 1);
    CHECK(old.shipments.at(ShipmentStatus::SHIPPED) == 1);
    CHECK(old.payments.at(PaymentStatus::REFUNDED) == 1);
    CHECK(stock_of(old, "SKU-1") == 10);
}

TEST_CASE("timeouts: fenced cancels a reservation whose OrderPlacedEvent is late, and it is never made",
          "[design][timeouts]") {
    const std::string faults = "  - delay: {topic: order-placed-topic, order: 1, by: 60s}\n";
    RunResult r;
    const auto steps = traced(one_order("120s", faults, "hardened"), 1, &r);
    CHECK(violated(r).empty());
    CHECK(r.final_status.at(OrderStatus::FAILED) == 1);
    CHECK(stock_of(r, "SKU-1") == 10);
    CHECK(r.reservations_left == 0);
    CHECK(notes(steps, "inventory", "order-failed-topic").front() == "cancelled");
    CHECK(notes(steps, "inventory", "order-placed-topic") == std::vector<std::string>{"fenced"});
    const RunResult old = run_yaml(one_order("120s", faults, "{base: hardened, timeouts: compensate}"), 1);
    CHECK(violated(old).count("no-leak-after-failure") == 1);
}

TEST_CASE("timeouts: fenced cancels a payment whose OrderConfirmedEvent is late, and nothing is charged",
          "[design][timeouts]") {
    const std::string faults = "  - delay: {topic: order-confirmed-topic, order: 1, by: 60s}\n";
    RunResult r;
    const auto steps = traced(one_order("120s", faults, "hardened"), 1, &r);
    CHECK(violated(r).empty());
    CHECK(r.final_status.at(OrderStatus::PAYMENT_FAILED) == 1);
    CHECK(r.payments.at(PaymentStatus::FAILED) == 1);  // the fence: states-agree wants a failed payment
    CHECK(r.payments.at(PaymentStatus::SUCCEEDED) == 0);
    CHECK(stock_of(r, "SKU-1") == 10);
    CHECK(notes(steps, "payment", "order-failed-topic").front() == "cancelled");
    CHECK(notes(steps, "payment", "order-confirmed-topic") == std::vector<std::string>{"fenced"});
    const RunResult old = run_yaml(one_order("120s", faults, "{base: hardened, timeouts: compensate}"), 1);
    CHECK(violated(old).count("no-charge-without-shipment") == 1);
    // Without refunds payment still listens on order-failed-topic, for the cancel requests.
    RunResult bare;
    const auto bare_steps = traced(one_order("120s", faults, "{saga-timeout: 30s, timeouts: fenced}"), 1, &bare);
    CHECK(violated(bare).empty());
    CHECK(bare.final_status.at(OrderStatus::PAYMENT_FAILED) == 1);
    CHECK(notes(bare_steps, "payment", "order-failed-topic").front() == "cancelled");
}

TEST_CASE("timeouts: fenced finds a step done and sends its lost outcome again", "[design][timeouts]") {
    // The PaymentFailedEvent is lost: only the timeout's request brings the saga its outcome.
    RunResult r;
    const auto steps = traced(one_order("60s",
                                        "  - drop: {topic: payment-failed-topic, order: 1}\n",
                                        "hardened") +
                                  "payment: {success-rate: 0.0}\n",
                              1, &r);
    CHECK(violated(r).empty());
    CHECK(r.final_status.at(OrderStatus::PAYMENT_FAILED) == 1);
    CHECK(stock_of(r, "SKU-1") == 10);
    CHECK(notes(steps, "payment", "order-failed-topic").front() == "cancel-too-late");
    size_t sent = 0;
    for (const json& s : of_kind(steps, "send")) sent += s.value("event", "") == "PaymentFailedEvent";
    CHECK(sent >= 2);
}

TEST_CASE("timeouts: fenced asks again each round, each request a record of its own", "[design][timeouts]") {
    // Inventory stalls for 100 s: the 30 s timer goes off at 30, 60 and 90 s while the order is
    // PENDING. Inventory then reserves first (a request that races it fails on the fence's key at
    // commit and is retried), so every request ends too late, and the saga goes on.
    RunResult r;
    const std::string faults = "  - pause: {service: inventory, from: 0s, to: 100s}\n";
    const auto steps = traced(one_order("150s", faults, "hardened"), 1, &r);
    CHECK(violated(r).empty());
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    std::set<std::string> ids;
    for (const json& s : of_kind(steps, "send"))
        if (s.value("event", "") == "OrderFailedEvent") ids.insert(s.value("eventId", ""));
    CHECK(ids.size() >= 3);
    const auto asked = notes(steps, "inventory", "order-failed-topic");
    CHECK(count_of(asked, "cancel-too-late") == ids.size());
    CHECK(count_of(asked, "fenced") == 0);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
}

TEST_CASE("saga timeout: a task that failed in a database outage runs again", "[design][timeouts]") {
    // The order service's database is down from 4 s to 50 s: the task at 5 s waits 30 s for a
    // connection and fails. The deadline is still in the database, so the task runs again.
    const std::string faults = "  - pause: {service: inventory, from: 0s, to: 200s}\n"
                               "  - db-outage: {service: order, from: 4s, to: 50s}\n";
    RunResult r;
    const auto steps = traced(one_order("300s", faults, "{base: hardened, saga-timeout: 5s}"), 1, &r);
    CHECK(violated(r).empty());
    bool failed = false, asked_after = false;
    for (const json& s : steps) {
        if (s["kind"] == "done" && s.value("failure", "") == "CannotCreateTransactionException" &&
            s.value("service", "") == "order")
            failed = true;
        if (failed && s["kind"] == "decide" && s.value("note", "") == "cancel-requested") asked_after = true;
    }
    CHECK(failed);
    CHECK(asked_after);
    // The same holds for the timeout as first designed: the order is failed in the end.
    const RunResult old =
        run_yaml(one_order("300s", faults, "{base: hardened, saga-timeout: 5s, timeouts: compensate}"), 1);
    CHECK(old.final_status.at(OrderStatus::TIMED_OUT) == 1);
}

TEST_CASE("saga timeout: a task cut off by a crash is set again before its end is counted", "[design][timeouts]") {
    // The OrderPlacedEvent is lost, so the timer is the order's only work; the task waits for a
    // connection when the order service crashes. Counting the task's end first settled the order
    // as stuck in PENDING (a false saga-terminates).
    const std::string faults = "  - drop: {topic: order-placed-topic, order: 1}\n"
                               "  - db-outage: {service: order, from: 4s, to: 20s}\n"
                               "  - crash: {service: order, at: 8s, restart-after: 1s}\n";
    RunResult r;
    const auto steps = traced(one_order("60s", faults, "{saga-timeout: 5s}"), 1, &r);
    CHECK(violated(r).empty());
    CHECK(r.final_status.at(OrderStatus::TIMED_OUT) == 1);
    const auto abandon = std::find_if(steps.begin(), steps.end(), [](const json& s) { return s["kind"] == "abandon"; });
    REQUIRE(abandon != steps.end());
    REQUIRE(abandon != steps.begin());
    CHECK((*(abandon - 1))["kind"] == "timer");
    CHECK((*(abandon - 1))["timer"] == "set");
}

TEST_CASE("design.timeouts without a saga timeout is an error", "[loader][errors][timeouts]") {
    CHECK(errors("name: a\ndesign: {timeouts: fenced}\n") ==
          "t.yaml:2:20: error: design.timeouts: fenced says what a saga timeout does, but there is none; set "
          "design.saga-timeout too");
    CHECK(errors("name: a\ndesign: {saga-timeout: 5s, timeouts: fence}\n") ==
          "t.yaml:2:38: error: unknown value 'fence' for design.timeouts; did you mean 'fenced'?");
}
