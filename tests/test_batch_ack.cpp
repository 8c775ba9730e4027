// The listener containers' BATCH ack mode, the seed's (seed-behaviour.md §8.2): a poll's records
// are handled one by one and their offsets committed after the last of them, so a crash
// redelivers what the batch handled since its last commit; a failure commits what was acked
// before it; `kafka.ack-mode: record` commits after each record.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
using nlohmann::json;

namespace {

// Three orders at once on one partition; inventory stalls until 100 ms, so its first poll after
// that returns their three OrderPlacedEvents as one batch.
std::string three_in_a_batch(const std::string& kafka_extra, const std::string& faults) {
    return "name: batch\ninventory: {SKU-1: 10}\n"
           "kafka: {partitions: 1, latency: [1ms, 1ms]" + kafka_extra + "}\n"
           "orders:\n"
           "  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
           "  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
           "  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
           "faults:\n  - pause: {service: inventory, from: 0s, to: 100ms}\n" + faults;
}

// The steps of `kind` about order-placed-topic (only inventory consumes it).
std::vector<json> order_placed(const std::vector<json>& steps, const std::string& kind) {
    std::vector<json> out;
    for (const json& s : of_kind(steps, kind))
        if (s.value("topic", "") == "order-placed-topic") out.push_back(s);
    return out;
}

}  // namespace

TEST_CASE("batch ack mode: the offsets of a poll's records are committed after the last of them", "[batch]") {
    const auto steps = traced(three_in_a_batch("", ""), 1);
    const auto commits = order_placed(steps, "commit");
    const auto offsets = order_placed(steps, "offset-commit");
    REQUIRE(commits.size() == 3);
    REQUIRE(offsets.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(offsets[i]["offset"] == i);
        CHECK(offsets[i]["step"] > commits[2]["step"]);
    }
}

TEST_CASE("record ack mode: each record's offset is committed before the next record is delivered", "[batch]") {
    const auto steps = traced(three_in_a_batch(", ack-mode: record", ""), 1);
    const auto delivers = order_placed(steps, "deliver");
    const auto offsets = order_placed(steps, "offset-commit");
    REQUIRE(delivers.size() == 3);
    REQUIRE(offsets.size() == 3);
    CHECK(offsets[0]["step"] < delivers[1]["step"]);
    CHECK(offsets[1]["step"] < delivers[2]["step"]);
}

TEST_CASE("batch ack mode: a crash mid-batch redelivers the records the batch handled but had not committed", "[batch]") {
    // At 108 ms inventory has committed the first order's reservation and is handling the second.
    const std::string crash = "  - crash: {service: inventory, at: 108ms, restart-after: 1s}\n";
    RunResult batch_run, record_run;
    const auto batch = traced(three_in_a_batch("", crash), 1, &batch_run);
    const auto record = traced(three_in_a_batch(", ack-mode: record", crash), 1, &record_run);
    const auto first_deliveries = [](const std::vector<json>& steps) {
        size_t n = 0;
        for (const json& s : order_placed(steps, "deliver")) n += s["offset"] == 0 ? 1 : 0;
        return n;
    };
    CHECK(first_deliveries(batch) == 2);   // again after the restart: its offset was not committed
    CHECK(first_deliveries(record) == 1);  // committed before the crash
    // The processed-event row absorbs the redelivery: the second time is a duplicate.
    size_t duplicates = 0;
    for (const json& s : order_placed(batch, "decide")) duplicates += s.value("outcome", "") == "duplicate" ? 1 : 0;
    CHECK(duplicates == 1);
    CHECK(batch_run.final_status.at(OrderStatus::SHIPPED) == 3);
    CHECK(record_run.final_status.at(OrderStatus::SHIPPED) == 3);
}

TEST_CASE("batch ack mode: a failure commits what the batch acked before it, then backs off", "[batch]") {
    // The order service stalls from just after order 1's creation until 100 ms; then one poll
    // returns order 1's InventoryReservedEvent (offset 0) and an injected one for order 999, which
    // it never stored (offset 1).
    const auto steps = traced("name: t\ninventory: {SKU-1: 10}\n"
                              "kafka: {partitions: 1, latency: [1ms, 1ms], auto-create-topics: true}\n"
                              "orders:\n  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
                              "inject:\n"
                              "  - {at: 50ms, topic: inventory-reserved-topic, order-id: 999, sku: SKU-1, quantity: 1}\n"
                              "faults:\n  - pause: {service: order, from: 3900us, to: 100ms}\n",
                              1);
    std::vector<json> offset0, failed1, retries;
    for (const json& s : steps) {
        if (s.value("topic", "") != "inventory-reserved-topic") continue;
        const std::string kind = s["kind"];
        if (kind == "offset-commit" && s["offset"] == 0) offset0.push_back(s);
        if (kind == "rollback" && s["offset"] == 1) failed1.push_back(s);
        if (kind == "retry" && s["offset"] == 1) retries.push_back(s);
    }
    REQUIRE(offset0.size() == 1);
    REQUIRE(!failed1.empty());
    REQUIRE(!retries.empty());
    CHECK(offset0[0]["step"] > failed1[0]["step"]);
    CHECK(offset0[0]["t"] == failed1[0]["t"]);  // at the failure, not after the back-off
    CHECK(offset0[0]["step"] < retries[0]["step"]);
}
