// Replicas and rebalances (seed-behaviour.md §8.6, sim/host/group_coordinator.hpp): each replica's
// listener containers are members of the service's groups; the range assignor shares a topic's
// partitions out; a crashed or disconnected member leaves after session.timeout.ms, a stalled one after
// max.poll.interval.ms while it keeps running (a zombie whose offset commit fails); a scale step
// adds or stops replicas; each rebalance makes the new owner resume from the committed offsets.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
using nlohmann::json;

namespace {

// The name of each step's lane ("inventory-2/order-placed-topic").
std::string lane_name(const Traced& t, const json& step) {
    return t.header["lanes"][step["lane"].get<size_t>()]["name"].get<std::string>();
}

// "lane: first+assigned why" for every rebalance step of `topic`, in order.
std::vector<std::string> rebalances(const Traced& t, const std::string& topic) {
    std::vector<std::string> out;
    for (const json& s : of_kind(t.steps, "rebalance"))
        if (s["topic"] == topic)
            out.push_back(lane_name(t, s) + ": " + std::to_string(s["partition"].get<int>()) + "+" +
                          std::to_string(s["assigned"].get<int>()) + " " + s["why"].get<std::string>() + " at " +
                          std::to_string(s["t"].get<int64_t>() / 1000) + "ms");
    return out;
}

// " VALUE" of a step's string field `key`, or "" if it has none.
std::string spaced(const json& step, const char* key) {
    if (!step.contains(key)) return "";
    std::string out(1, ' ');
    out += step[key].get<std::string>();
    return out;
}

// The lanes that delivered `event` records of `topic`, by time.
std::vector<std::string> deliveries(const Traced& t, const std::string& topic) {
    std::vector<std::string> out;
    for (const json& s : of_kind(t.steps, "deliver"))
        if (s["topic"] == topic) out.push_back(lane_name(t, s));
    return out;
}

// bench/generic-chaos-replicas.yaml at `seed`: where the sweep found the false alarms pinned below.
RunResult chaos_replicas(uint64_t seed) {
    const Scenario sc = load_scenario_file(std::string(SAGASIM_SOURCE_DIR) + "/bench/generic-chaos-replicas.yaml");
    RunOptions o;
    o.seed = seed;
    return run_scenario(sc, o);
}

// Whether inventory-2 handled an OrderPlacedEvent of partition 0 or 1 (inventory's before a
// rebalance) in [from_us, to_us).
bool taken_over(const Traced& t, int64_t from_us, int64_t to_us) {
    for (const json& s : of_kind(t.steps, "deliver"))
        if (s["topic"] == "order-placed-topic" && s["partition"] != 2 && lane_name(t, s) == "inventory-2/order-placed-topic" &&
            s["t"] >= from_us && s["t"] < to_us)
            return true;
    return false;
}

const std::string kTwentyOrders =
    "inventory: {SKU-1: 100}\n"
    "load: {count: 20, rate: 50/s, skus: [SKU-1], quantity: 1, price: \"5.00\"}\n";

}  // namespace

TEST_CASE("replicas: the range assignor gives two inventory replicas partitions 0-1 and 2", "[replicas]") {
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\n" + kTwentyOrders, 7);
    CHECK(rebalances(t, "order-placed-topic") ==
          std::vector<std::string>{"inventory/order-placed-topic: 0+2 join at 0ms",
                                   "inventory-2/order-placed-topic: 2+1 join at 0ms"});
    // Both replicas handle records; every order still ships.
    const std::vector<std::string> d = deliveries(t, "order-placed-topic");
    CHECK(std::count(d.begin(), d.end(), "inventory/order-placed-topic") > 0);
    CHECK(std::count(d.begin(), d.end(), "inventory-2/order-placed-topic") > 0);
    CHECK(d.size() == 20);
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 20);
}

TEST_CASE("replicas: a crashed replica's partitions go to the other after session.timeout.ms", "[replicas]") {
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\n" + kTwentyOrders +
                                    "faults:\n  - crash: {service: inventory, replica: 1, at: 100ms, restart-after: 120s}\n",
                                7);
    CHECK(of_kind(t.steps, "crash").size() == 1);  // only replica 1
    CHECK(rebalances(t, "order-placed-topic") ==
          std::vector<std::string>{"inventory/order-placed-topic: 0+2 join at 0ms",
                                   "inventory-2/order-placed-topic: 2+1 join at 0ms",
                                   "inventory/order-placed-topic: 0+0 session-timeout at 45100ms",
                                   "inventory-2/order-placed-topic: 0+3 session-timeout at 45100ms",
                                   "inventory/order-placed-topic: 0+2 join at 120100ms",
                                   "inventory-2/order-placed-topic: 2+1 join at 120100ms"});
    // Between 45.1 s and the restart, replica 2 handles what was waiting on partitions 0 and 1.
    CHECK(taken_over(t, 45100000, 120100000));
    CHECK(t.result.violations.empty());
}

TEST_CASE("replicas: a replica back within the session timeout keeps its partitions", "[replicas]") {
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\n" + kTwentyOrders +
                                    "faults:\n  - crash: {service: inventory, replica: 1, at: 100ms, restart-after: 1s}\n",
                                7);
    CHECK(rebalances(t, "order-placed-topic").size() == 2);  // the joins at start-up only
}

TEST_CASE("replicas: a crash without replica: takes every replica down", "[replicas]") {
    const Traced t = run_traced("name: r\nreplicas: {inventory: 3}\n" + kTwentyOrders +
                                    "faults:\n  - crash: {service: inventory, at: 100ms, restart-after: 1s}\n",
                                7);
    std::vector<std::string> lanes;
    for (const json& s : of_kind(t.steps, "crash")) lanes.push_back(lane_name(t, s));
    CHECK(lanes == std::vector<std::string>{"inventory/process", "inventory-2/process", "inventory-3/process"});
    CHECK(of_kind(t.steps, "restart").size() == 3);
}

namespace {

// One order; payment's commit takes 300 ms, and replica 1 stalls from 100 ms (inside that commit)
// to `to`. At seed 1 the order's key puts its OrderConfirmedEvent on partition 0, replica 1's.
std::string stalled_payment(const std::string& to) {
    return "name: zombie\nrun: {until: 450s}\nreplicas: {payment: 2}\ninventory: {SKU-1: 10}\n"
           "orders:\n  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
           "faults:\n  - slow-commit: {service: payment, by: 300ms}\n"
           "  - pause: {service: payment, replica: 1, from: 100ms, to: " + to + "}\n";
}

}  // namespace

TEST_CASE("replicas: a pause past max.poll.interval.ms makes a zombie whose offset commit fails", "[replicas]") {
    const Traced t = run_traced(stalled_payment("400s"), 1);
    CHECK(rebalances(t, "order-confirmed-topic") ==
          std::vector<std::string>{"payment/order-confirmed-topic: 0+2 join at 0ms",
                                   "payment-2/order-confirmed-topic: 2+1 join at 0ms",
                                   "payment/order-confirmed-topic: 0+0 poll-timeout at 300012ms",
                                   "payment-2/order-confirmed-topic: 0+3 poll-timeout at 300012ms",
                                   "payment/order-confirmed-topic: 0+2 join at 401303ms",
                                   "payment-2/order-confirmed-topic: 2+1 join at 401303ms"});
    // The new owner handled the record again from the committed offset; the zombie, back at
    // 400 s, finished its transaction (which failed on the processed row's primary key: the new
    // owner committed first), retried, found the record processed, and could not commit its offset.
    CHECK(deliveries(t, "order-confirmed-topic") ==
          std::vector<std::string>{"payment/order-confirmed-topic", "payment-2/order-confirmed-topic"});
    std::vector<std::string> zombie;
    for (const json& s : t.steps)
        if (lane_name(t, s) == "payment/order-confirmed-topic" && s["t"] >= 400000000)
            zombie.push_back(s["kind"].get<std::string>() + spaced(s, "failure"));
    CHECK(zombie == std::vector<std::string>{"rollback DataIntegrityViolationException", "retry", "decide",
                                             "fault", "commit", "offset-commit CommitFailedException", "rebalance"});
}

TEST_CASE("replicas: a replica cut off from the brokers past session.timeout.ms loses its partitions", "[replicas]") {
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\n" + kTwentyOrders +
                                    "faults:\n  - disconnect: {service: inventory, replica: 1, from: 100ms, to: 120s}\n",
                                7);
    // No heartbeat reaches the coordinator: 45 s after the cut began, the member is removed and
    // the other replica takes all three partitions.
    CHECK(rebalances(t, "order-placed-topic") ==
          std::vector<std::string>{"inventory/order-placed-topic: 0+2 join at 0ms",
                                   "inventory-2/order-placed-topic: 2+1 join at 0ms",
                                   "inventory/order-placed-topic: 0+0 session-timeout at 45100ms",
                                   "inventory-2/order-placed-topic: 0+3 session-timeout at 45100ms"});
    CHECK(taken_over(t, 45100000, INT64_MAX));
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 20);
    CHECK(t.result.violations.empty());
}

TEST_CASE("replicas: a replica that restarts while cut off from the brokers still loses its session", "[replicas]") {
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\n" + kTwentyOrders +
                                    "faults:\n  - disconnect: {service: inventory, replica: 1, from: 50ms, to: 120s}\n"
                                    "  - crash: {service: inventory, replica: 1, at: 100ms, restart-after: 1s}\n",
                                7);
    // The restart at 1.1 s cannot reach the coordinator either: 45 s after the cut began the
    // member is removed, and the other replica takes its partitions.
    CHECK(rebalances(t, "order-placed-topic") ==
          std::vector<std::string>{"inventory/order-placed-topic: 0+2 join at 0ms",
                                   "inventory-2/order-placed-topic: 2+1 join at 0ms",
                                   "inventory/order-placed-topic: 0+0 session-timeout at 45050ms",
                                   "inventory-2/order-placed-topic: 0+3 session-timeout at 45050ms"});
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 20);
}

namespace {

// The payment service, alone in its group, cut off from the brokers in `faults`.
Traced payment_cut_off(const std::string& faults) {
    return run_traced("name: r\n" + kTwentyOrders + "faults:\n" + faults, 7);
}

}  // namespace

TEST_CASE("replicas: a consumer back after its session expired fails its offset commit and rejoins", "[replicas]") {
    const Traced t = payment_cut_off("  - disconnect: {service: payment, from: 150ms, to: 60s}\n");
    CHECK(rebalances(t, "order-confirmed-topic") ==
          std::vector<std::string>{"payment/order-confirmed-topic: 0+0 session-timeout at 45150ms",
                                   "payment/order-confirmed-topic: 0+3 join at 60001ms"});
    // Its batch's offsets wait for the network; when it is back they are rejected (the
    // generation is over), the member rejoins, and the uncommitted record comes again, which
    // the processed-event check turns away.
    std::vector<std::string> back;
    for (const json& s : t.steps)
        if (lane_name(t, s) == "payment/order-confirmed-topic" && s["t"] >= 60000000 && back.size() < 4)
            back.push_back(s["kind"].get<std::string>() + spaced(s, "failure") + spaced(s, "outcome"));
    CHECK(back == std::vector<std::string>{"offset-commit CommitFailedException", "rebalance", "deliver", "decide duplicate"});
    CHECK(t.result.counters.deliveries == 121);
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 20);
    CHECK(t.result.violations.empty());
}

TEST_CASE("replicas: disconnects that abut are one cut, and with a gap between them the session lives", "[replicas]") {
    const Traced abut = payment_cut_off("  - disconnect: {service: payment, from: 150ms, to: 30s}\n"
                                        "  - disconnect: {service: payment, from: 30s, to: 60s}\n");
    CHECK(rebalances(abut, "order-confirmed-topic") ==
          std::vector<std::string>{"payment/order-confirmed-topic: 0+0 session-timeout at 45150ms",
                                   "payment/order-confirmed-topic: 0+3 join at 60001ms"});
    const Traced gap = payment_cut_off("  - disconnect: {service: payment, from: 150ms, to: 30s}\n"
                                       "  - disconnect: {service: payment, from: 31s, to: 60s}\n");
    CHECK(rebalances(gap, "order-confirmed-topic").empty());
    CHECK(gap.result.counters.deliveries == 120);
}

TEST_CASE("replicas: REST requests spread over the replicas up, so a paused one holds some of them", "[replicas]") {
    // Replica 2 of the order service is paused for the first 5 s: the createOrder requests the
    // k8s Service sends it wait until then; those sent to replica 1 go on.
    const Traced t = run_traced("name: r\nreplicas: {order: 2}\n" + kTwentyOrders +
                                    "faults:\n  - pause: {service: order, replica: 2, from: 0s, to: 5s}\n",
                                7);
    int before = 0, after = 0;
    for (const json& s : of_kind(t.steps, "decide"))
        if (lane_name(t, s) == "order/http") (s["t"] < 5000000 ? before : after) += 1;
    CHECK(before > 0);
    CHECK(after > 0);
    CHECK(before + after == 20);
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 20);
}

TEST_CASE("replicas: a pause within max.poll.interval.ms removes nobody", "[replicas]") {
    const Traced t = run_traced(stalled_payment("200s"), 1);
    CHECK(rebalances(t, "order-confirmed-topic").size() == 2);
    CHECK(deliveries(t, "order-confirmed-topic") == std::vector<std::string>{"payment/order-confirmed-topic"});
}

TEST_CASE("replicas: the rebalance race re-rolls a payment (the seed's fresh-eventId copy)", "[replicas]") {
    // Both members decided OrderConfirmedEvent and both published: the zombie before its stall,
    // the new owner after the rebalance, each with its own draw and a fresh eventId.
    const RunResult r = run_yaml(stalled_payment("400s") + "payment: {success-rate: 0.5}\n", 1);
    CHECK(violated(r).count("single-payment-outcome") == 1);
}

TEST_CASE("replicas: a scale step adds members, and scaling down lets the stopped ones finish and leave", "[replicas]") {
    const Traced t = run_traced("name: r\n" + kTwentyOrders +
                                    "faults:\n  - scale: {service: inventory, at: 100ms, replicas: 3}\n"
                                    "  - scale: {service: inventory, at: 300ms, replicas: 1}\n",
                                7);
    CHECK(rebalances(t, "order-placed-topic") ==
          std::vector<std::string>{"inventory/order-placed-topic: 0+1 join at 100ms",
                                   "inventory-2/order-placed-topic: 1+1 join at 100ms",
                                   "inventory-3/order-placed-topic: 2+1 join at 100ms",
                                   // The rebalance waits for every member to finish what it has in hand: here
                                   // a reservation that lost the @Version race to another replica's and
                                   // waits out its 1 s back-off.
                                   "inventory/order-placed-topic: 0+3 leave at 1161ms"});
    const std::vector<std::string> d = deliveries(t, "order-placed-topic");
    CHECK(std::count(d.begin(), d.end(), "inventory-3/order-placed-topic") > 0);
    CHECK(d.size() == 20);
    CHECK(t.result.violations.empty());
    CHECK(t.footer["fault_acted"] == json::array({1, 1}));
}

TEST_CASE("replicas: the nemesis crashes one replica of a service that runs several", "[replicas]") {
    const Traced t = run_traced("name: r\nrun: {until: 20s}\nreplicas: {order: 2, inventory: 2, payment: 2, shipment: 2}\n" +
                                    kTwentyOrders +
                                    "faults:\n  - nemesis: {kinds: [crash], interval: 2s, duration: [100ms, 100ms]}\n",
                                7);
    std::set<int64_t> times;
    std::set<std::string> lanes;
    const std::vector<json> crashes = of_kind(t.steps, "crash");
    for (const json& s : crashes) {
        times.insert(s["t"].get<int64_t>());
        lanes.insert(lane_name(t, s));
    }
    CHECK(crashes.size() >= 5);
    CHECK(times.size() == crashes.size());  // one replica per move
    CHECK(lanes.size() > 4);                // both replicas of some service were hit, at different moves
}

TEST_CASE("replicas: the nemesis crashes the replicas running now, after scale steps too", "[replicas]") {
    const auto crashed_lanes = [](const std::string& replicas, const std::string& scale) {
        const Traced t = run_traced("name: r\nrun: {until: 20s}\n" + replicas + kTwentyOrders + "faults:\n  - " + scale +
                                        "\n  - nemesis: {kinds: [crash], interval: 500ms, duration: [100ms, 200ms]}\n",
                                    3);
        std::set<std::string> lanes;
        for (const json& s : of_kind(t.steps, "crash")) lanes.insert(lane_name(t, s));
        return lanes;
    };
    // Scaled up from one replica: the two it started are crashed as well as the first.
    const std::set<std::string> up = crashed_lanes("", "scale: {service: inventory, at: 1ms, replicas: 3}");
    CHECK(up.count("inventory/process") == 1);
    CHECK(up.count("inventory-2/process") == 1);
    CHECK(up.count("inventory-3/process") == 1);
    // Scaled down to one: a crash is of the service (its one replica), never of a stopped one.
    const std::set<std::string> down =
        crashed_lanes("replicas: {inventory: 3}\n", "scale: {service: inventory, at: 1ms, replicas: 1}");
    CHECK(down.count("inventory/process") == 1);
    CHECK(down.count("inventory-2/process") == 0);
    CHECK(down.count("inventory-3/process") == 0);
}

TEST_CASE("replicas: a zombie's failed offset commit does not settle its order", "[replicas]") {
    // Seed 100: inventory's replica 1 wakes from a pause as a zombie and fails to commit the offset
    // of order 20's OrderPlacedEvent, which replica 2 then handles and commits. Counting the failed
    // commit as the record's end settled order 20 while its OrderPaidEvent still waited for both
    // shipment replicas to restart: a false saga-terminates.
    const RunResult r = chaos_replicas(100);
    CHECK(violated(r).count("saga-terminates") == 0);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) > 0);
}

TEST_CASE("replicas: a crash while a dead letter's send is blocked does not leave its order running", "[replicas]") {
    // Seed 226: order-2 dies at 376.7 s while its recoverer's send of order 20's
    // PaymentSucceededEvent waits (since 349.3 s, up to 60 s) for payment-succeeded-topic-dlt; the
    // send died with the thread, so it is no work left for order 20, whose record comes again in
    // the heal phase: it ships.
    const RunResult r = chaos_replicas(226);
    CHECK(violated(r).count("saga-terminates") == 0);
}

TEST_CASE("replicas: a rebalance that waits on a paused member completes when the pause ends", "[replicas]") {
    // Seed 284: both shipment replicas were removed after crashes and rejoin while one of them is
    // paused and idle. Nothing else would wake it, so the rebalance wakes it at the pause's end;
    // before, the group stayed without members and order 19 stayed PAID.
    const RunResult r = chaos_replicas(284);
    CHECK(violated(r).count("saga-terminates") == 0);
}

TEST_CASE("replicas: each replica's pause begins and ends on its own process lane", "[replicas]") {
    // Pauses of two replicas of a service, ending at different times: each window-end is on the
    // lane of the replica whose window ended.
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\n" + kTwentyOrders +
                                    "faults:\n  - pause: {service: inventory, replica: 2, from: 10ms, to: 50ms}\n"
                                    "  - pause: {service: inventory, replica: 1, from: 20ms, to: 90ms}\n",
                                7);
    std::vector<std::string> ends;
    for (const json& s : of_kind(t.steps, "window-end"))
        ends.push_back(lane_name(t, s) + " at " + std::to_string(s["t"].get<int64_t>() / 1000) + "ms");
    CHECK(ends == std::vector<std::string>{"inventory-2/process at 50ms", "inventory/process at 90ms"});
}

// Every replica runs the service's outbox relay and saga-timeout scheduler; the first to get to a
// row or a deadline claims it in the shared database (relay.hpp, World::worker_replica), so a
// replica that is down or stalled leaves the work to the others.
namespace {

const std::string kOneOrder =
    "inventory: {SKU-1: 10}\n"
    "orders:\n  - {at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n";

// The times (ms) of the appends of `topic`, and their eventIds.
std::vector<std::pair<int64_t, std::string>> appends(const Traced& t, const std::string& topic) {
    std::vector<std::pair<int64_t, std::string>> out;
    for (const json& s : of_kind(t.steps, "append"))
        if (s["topic"] == topic) out.emplace_back(s["t"].get<int64_t>() / 1000, s["eventId"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("replicas: the relay of a replica up sends again the row a crashed replica's relay held", "[replicas][design]") {
    // Inventory's relay sent InventoryReservedEvent at 8.9 ms and had not marked the row sent when
    // replica 1 died at 10 ms: the row's lock went with its connection, and replica 2's relay sends
    // it again at once, not after replica 1's restart 5 s later.
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\ndesign: {publish: outbox}\n" + kOneOrder +
                                    "faults:\n  - crash: {service: inventory, replica: 1, at: 10ms, restart-after: 5s}\n",
                                1);
    const auto sent = appends(t, "inventory-reserved-topic");
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].first < 10);
    CHECK(sent[1].first < 100);
    CHECK(sent[1].second == sent[0].second);  // the same row, the same eventId: consumers drop the copy
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(violated(t.result).empty());
}

TEST_CASE("replicas: a stalled replica leaves its outbox rows to another replica's relay", "[replicas][design]") {
    // Replica 1 of inventory is paused from 100 ms to 60 s (within max.poll.interval.ms: it keeps
    // its partitions), its relay in the middle of a row. The orders on replica 2's partition are
    // reserved there, and replica 2's relay publishes their InventoryReservedEvents (the rows
    // replica 1's relay does not hold), not held until the pause ends.
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\ndesign: {publish: outbox}\n" + kTwentyOrders +
                                    "faults:\n  - pause: {service: inventory, replica: 1, from: 100ms, to: 60s}\n",
                                7);
    const auto sent = appends(t, "inventory-reserved-topic");
    // (The append at 101 ms is of the row replica 1's relay sent at 99 ms.)
    const auto in_pause = std::count_if(sent.begin(), sent.end(),
                                        [](const auto& a) { return a.first > 101 && a.first < 60000; });
    CHECK(in_pause > 0);
    CHECK(in_pause < 20);  // the orders on replica 1's partitions wait for it
    CHECK(sent.size() == 20);
    std::set<std::string> relays;
    for (const json& s : of_kind(t.steps, "send"))
        if (s["event"] == "InventoryReservedEvent") relays.insert(lane_name(t, s));
    CHECK(relays == std::set<std::string>{"inventory/relay", "inventory-2/relay"});
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 20);
}

TEST_CASE("replicas: a saga-timeout task that dies with its replica runs again on another at the next scan", "[replicas][design]") {
    // The order's PaymentFailedEvent is lost, so its 5 s timeout fires (at 5.005 s) and its task
    // runs on order replica 1, which dies at 5.006 s, before the task commits. The deadline is in
    // the database: replica 2's scheduler finds it at its next scan, 1 s later. Alone, the order
    // service would run it again only after replica 1's restart, 60 s later.
    const std::string world = "name: r\ndesign: {saga-timeout: 5s}\npayment: {success-rate: 0.0}\n" + kOneOrder +
                              "faults:\n  - drop: {topic: payment-failed-topic}\n"
                              "  - crash: {service: order, replica: 1, at: 5006ms, restart-after: 60s}\n";
    auto fired = [](const Traced& t) {
        std::vector<int64_t> ms;
        for (const json& s : of_kind(t.steps, "timer"))
            if (s["timer"] == "fired") ms.push_back(s["t"].get<int64_t>() / 1000);
        return ms;
    };
    const Traced two = run_traced("replicas: {order: 2}\n" + world, 1);
    CHECK(fired(two) == std::vector<int64_t>{5005, 6006});
    CHECK(two.result.final_status.at(OrderStatus::TIMED_OUT) == 1);
    const Traced one = run_traced(world, 1);
    REQUIRE(fired(one).size() == 2);
    CHECK(fired(one)[1] >= 65006);
    CHECK(one.result.final_status.at(OrderStatus::TIMED_OUT) == 1);
}

TEST_CASE("replicas: a row whose send timed out goes to another replica's relay during the back-off", "[replicas][design]") {
    // Inventory's replica 1 is cut off from the brokers at 7 ms; its relay's send of
    // InventoryReservedEvent (7.011 ms) times out 10 s later, its transaction rolls back and it
    // sleeps out the back-off, and replica 2's relay claims the row and sends it at once. The
    // producer of replica 1 still delivers its copy when the network is back (30 s): the same
    // eventId, which the order service drops.
    const Traced t = run_traced("name: r\nreplicas: {inventory: 2}\ndesign: {publish: outbox}\n" + kOneOrder +
                                    "faults:\n  - disconnect: {service: inventory, replica: 1, from: 7ms, to: 30s}\n",
                                1);
    std::vector<std::string> sends;
    for (const json& s : of_kind(t.steps, "send"))
        if (s["event"] == "InventoryReservedEvent")
            sends.push_back(lane_name(t, s) + " at " + std::to_string(s["t"].get<int64_t>() / 1000) + "ms");
    CHECK(sends == std::vector<std::string>{"inventory/relay at 7ms", "inventory-2/relay at 10007ms"});
    const auto sent = appends(t, "inventory-reserved-topic");
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].first == 10008);
    CHECK(sent[1].first == 30002);
    CHECK(sent[1].second == sent[0].second);
    CHECK(t.result.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(violated(t.result).empty());
}
