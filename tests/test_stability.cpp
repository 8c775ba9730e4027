// Stable site keys: a choice keeps its value whatever else the scenario holds. Adding a fault that
// never acts leaves the run and its digest as they were; removing an order that never meets the
// others leaves their steps, times included, as they were; an order's `id:` keeps its draws when
// its content changes; moving a fault in the list moves none of its draws.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "sim/faults/fault_table.hpp"
#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
using nlohmann::json;

namespace {

constexpr const char* kLoad =
    "name: t\n"
    "seed: 3\n"
    "inventory: {SKU-1: 100000}\n"
    "load: {count: 60, rate: 20/s, skus: [SKU-1], quantity: [1, 2], price: [\"1.00\", \"9.00\"]}\n"
    "run: {until: 60s}\n";

std::vector<int64_t> orders_hit(const std::vector<json>& steps, const std::string& kind) {
    std::vector<int64_t> out;
    for (const json& s : steps)
        if (s["kind"] == "fault" && s["faultKind"] == kind) out.push_back(s["orderId"]);
    return out;
}

// Each order's steps without what IDENTITY ids and log offsets number by position (the order's
// id, the record's offset, step numbers and causes), keyed by the eventId of its OrderPlacedEvent.
using Projection = std::vector<std::tuple<int64_t, std::string, std::string, std::string, int64_t, std::string>>;
std::map<std::string, Projection> per_order(const std::vector<json>& steps) {
    std::map<int64_t, Projection> by_id;
    std::map<int64_t, std::string> placed;
    for (const json& s : steps) {
        if (!s.contains("orderId")) continue;
        const int64_t id = s["orderId"];
        if (s["kind"] == "send" && s.value("event", "") == "OrderPlacedEvent") placed[id] = s["eventId"];
        by_id[id].emplace_back(s["t"], s["kind"], s.value("lane", 0) ? std::to_string(int(s["lane"])) : "",
                               s.value("eventId", ""), s.value("partition", -1), s.value("event", ""));
    }
    std::map<std::string, Projection> out;
    for (auto& [id, p] : by_id) out[placed[id]] = std::move(p);
    return out;
}

std::string ten_orders(bool skip_third) {
    std::string y = "name: t\nseed: 5\ninventory: {SKU-1: 100}\nrun: {until: 30s}\norders:\n";
    for (int i = 0; i < 10; ++i)
        if (!(skip_third && i == 2)) y += fmt::format("  - {{at: {}s, sku: SKU-1, quantity: 1, price: \"2.00\"}}\n", i);
    return y;
}

}  // namespace

TEST_CASE("a fault that never acts, added in front, changes nothing", "[stability]") {
    RunResult a, b;
    const auto plain = traced(std::string(kLoad) + "faults:\n  - duplicate: {topic: order-placed-topic, probability: 0.5}\n",
                              3, &a);
    // Shipments always succeed, so nothing is ever sent on shipment-failed-topic: the drop never acts.
    const auto inert = traced(std::string(kLoad) +
                                  "faults:\n  - drop: {topic: shipment-failed-topic, probability: 0.5}\n"
                                  "  - duplicate: {topic: order-placed-topic, probability: 0.5}\n",
                              3, &b);
    const auto hits = orders_hit(plain, "duplicate");
    CHECK(hits.size() > 10);
    CHECK(hits.size() < 50);
    CHECK(orders_hit(inert, "duplicate") == hits);
    CHECK(b.fault_acted == std::vector<uint64_t>{0, hits.size()});
    CHECK(a.digest == b.digest);
}

TEST_CASE("removing an order that never meets the others leaves their steps as they were", "[stability]") {
    const auto ten = per_order(traced(ten_orders(false), 5));
    const auto nine = per_order(traced(ten_orders(true), 5));
    REQUIRE(ten.size() == 10);
    REQUIRE(nine.size() == 9);
    for (const auto& [key, steps] : nine) {
        CAPTURE(key);
        REQUIRE(ten.count(key) == 1);
        CHECK(ten.at(key) == steps);
    }
}

TEST_CASE("an order's id keeps its draws when its content changes, without one, its content is its identity",
          "[stability]") {
    const auto one = [](const std::string& order) {
        return per_order(traced("name: t\nseed: 5\ninventory: {SKU-1: 100}\nrun: {until: 30s}\norders:\n  - " + order +
                                    "\n",
                                5));
    };
    const auto a = one("{at: 0s, sku: SKU-1, quantity: 1, price: \"2.00\", id: first}");
    const auto b = one("{at: 0s, sku: SKU-1, quantity: 2, price: \"3.00\", id: first}");
    const auto c = one("{at: 0s, sku: SKU-1, quantity: 2, price: \"3.00\"}");
    REQUIRE(a.size() == 1);
    // Same id: the same orderNumber (so the same partitions), eventIds and latencies.
    CHECK(a.begin()->first == b.begin()->first);
    CHECK(a.begin()->second == b.begin()->second);
    // No id: another identity, other draws.
    CHECK(c.begin()->first != b.begin()->first);
}

TEST_CASE("moving a fault in the list moves none of its draws", "[stability]") {
    const std::string dup = "  - duplicate: {topic: order-placed-topic, probability: 0.5}\n";
    const std::string delay = "  - delay: {topic: payment-succeeded-topic, probability: 0.3, by: [1ms, 9ms]}\n";
    RunResult a, b;
    const auto first = traced(std::string(kLoad) + "faults:\n" + dup + delay, 3, &a);
    const auto second = traced(std::string(kLoad) + "faults:\n" + delay + dup, 3, &b);
    CHECK(orders_hit(first, "duplicate") == orders_hit(second, "duplicate"));
    CHECK(orders_hit(first, "delay") == orders_hit(second, "delay"));
    // The two never act on the same record, so the steps, and the digest, are the same.
    CHECK(a.digest == b.digest);
}

TEST_CASE("a fault's content identity takes replica and the scale target, and is as before without them",
          "[stability]") {
    const Scenario sc = load_scenario_text("name: t\nfaults:\n"
                                           "  - crash: {service: payment, at: 1s}\n"
                                           "  - crash: {service: payment, replica: 2, at: 1s}\n"
                                           "  - scale: {service: payment, at: 1s, replicas: 2}\n"
                                           "  - scale: {service: payment, at: 1s, replicas: 3}\n",
                                           "t.yaml");
    REQUIRE(sc.faults.size() == 4);
    // Without replica or scale_to the content is what it was before they existed.
    CHECK(fault_content(sc.faults[0]) == "crash|service=payment|at=1000000");
    CHECK(fault_content(sc.faults[1]) == "crash|service=payment|replica=2|at=1000000");
    CHECK(fault_content(sc.faults[2]) == "scale|service=payment|at=1000000|replicas=2");
    CHECK(fault_content(sc.faults[3]) == "scale|service=payment|at=1000000|replicas=3");
    const std::vector<FaultIdentity> ids = fault_identities(sc.faults);
    CHECK(ids[0].key != ids[1].key);
    CHECK(ids[2].key != ids[3].key);
    CHECK(ids[2].id.rfind("scale-", 0) == 0);
}
