// Loader errors about the sections of scenario-format.md: names, design, SKUs, topics, services,
// faults, invariants and expectations. Each test asserts the whole message, location included.
#include <catch2/catch.hpp>

#include <array>

#include "tests/loader_helpers.hpp"

#include <fmt/format.h>

#include "sim/check/catalog.hpp"
#include "sim/scenario/loader.hpp"

using namespace sagasim;

using namespace sagasim::testing;

TEST_CASE("error: bad name", "[loader][errors]") {
    CHECK(errors("name: My Scenario\n") == "t.yaml:1:7: error: a name uses only a-z, 0-9 and '-', got 'My Scenario'");
}

TEST_CASE("error: empty name", "[loader][errors]") {
    CHECK(errors("name: ''\n") == "t.yaml:1:7: error: a name uses only a-z, 0-9 and '-', got ''");
}

TEST_CASE("error: name is map", "[loader][errors]") {
    CHECK(errors("name: {a: 1}\n") == "t.yaml:1:7: error: expected a name like payment-declined, got a map");
}

TEST_CASE("error: description map", "[loader][errors]") {
    CHECK(errors("name: a\ndescription: [x]\n") == "t.yaml:2:14: error: expected a string, got a sequence");
}

TEST_CASE("error: unknown design", "[loader][errors]") {
    CHECK(errors("name: a\ndesign: hardend\n") ==
          "t.yaml:2:9: error: unknown design 'hardend'; did you mean 'hardened'?");
}

TEST_CASE("error: unknown design 2", "[loader][errors]") {
    CHECK(errors("name: a\ndesign: paranoid\n") ==
          "t.yaml:2:9: error: unknown design 'paranoid'; use seed or hardened");
}

TEST_CASE("error: design wrong type", "[loader][errors]") {
    CHECK(errors("name: a\ndesign: [seed]\n") ==
          "t.yaml:2:9: error: expected seed, hardened or a map of switches for 'design', got a sequence");
}

TEST_CASE("error: design unknown value", "[loader][errors]") {
    CHECK(errors("name: a\ndesign: {publish: outbx}\n") ==
          "t.yaml:2:19: error: unknown value 'outbx' for design.publish; did you mean 'outbox'?");
}

TEST_CASE("error: design unknown value nosugg", "[loader][errors]") {
    CHECK(errors("name: a\ndesign: {publish: later}\n") ==
          "t.yaml:2:19: error: unknown value 'later' for design.publish; use before-commit, after-commit or outbox");
}

TEST_CASE("error: saga-timeout zero", "[loader][errors]") {
    CHECK(errors("name: a\ndesign: {saga-timeout: 0s}\n") ==
          "t.yaml:2:24: error: saga-timeout must be more than 0, got 0s");
}

TEST_CASE("error: empty sku", "[loader][errors]") {
    CHECK(errors("name: a\norders: [{at: 0s, sku: '', quantity: 1, price: 1}]\n") ==
          "t.yaml:2:24: error: a SKU must not be empty");
}

TEST_CASE("error: empty sku key", "[loader][errors]") {
    CHECK(errors("name: a\ninventory: {'': 1}\n") == "t.yaml:2:13: error: a SKU must not be empty");
}

TEST_CASE("error: sku wrong type", "[loader][errors]") {
    CHECK(errors("name: a\nrestocks: [{at: 0s, sku: [S], quantity: 1}]\n") ==
          "t.yaml:2:26: error: expected a SKU like SKU-1, got a sequence");
}

TEST_CASE("error: load skus empty", "[loader][errors]") {
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: []}\n") ==
          "t.yaml:2:35: error: load.skus must not be empty");
}

TEST_CASE("error: load missing", "[loader][errors]") {
    CHECK(errors("name: a\nload: {start: 0s}\n") ==
          "t.yaml:2:7: error: missing required key 'count' in load"
          "\n"
          "t.yaml:2:7: error: missing required key 'rate' in load"
          "\n"
          "t.yaml:2:7: error: missing required key 'skus' in load");
}

TEST_CASE("error: unknown topic", "[loader][errors]") {
    CHECK(errors("name: a\ninject: [{at: 0s, topic: payment-succeded-topic, order-id: 1}]\n") ==
          "t.yaml:2:26: error: unknown topic 'payment-succeded-topic'; did you mean 'payment-succeeded-topic'?");
}

TEST_CASE("error: unknown topic prefix", "[loader][errors]") {
    CHECK(errors("name: a\ninject: [{at: 0s, topic: order-placed, order-id: 1}]\n") ==
          "t.yaml:2:26: error: unknown topic 'order-placed'; did you mean 'order-placed-topic'?");
}

TEST_CASE("error: unknown topic far", "[loader][errors]") {
    CHECK(errors("name: a\ninject: [{at: 0s, topic: widgets, order-id: 1}]\n") ==
          "t.yaml:2:26: error: unknown topic 'widgets'");
}

TEST_CASE("error: inject star", "[loader][errors]") {
    CHECK(errors("name: a\ninject: [{at: 0s, topic: '*', order-id: 1}]\n") == "t.yaml:2:26: error: unknown topic '*'");
}

TEST_CASE("error: unknown service", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{pause: {service: paymnet, from: 1s, to: 2s}}]\n") ==
          "t.yaml:2:28: error: unknown service 'paymnet'; did you mean 'payment'?");
}

TEST_CASE("error: unknown service far", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{pause: {service: billing, from: 1s, to: 2s}}]\n") ==
          "t.yaml:2:28: error: unknown service 'billing'; use order, inventory, payment or shipment");
}

TEST_CASE("error: fault not map", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [delay]\n") ==
          "t.yaml:2:10: error: expected a one-key map like {delay: {...}} for 'faults[0]', got 'delay'");
}

TEST_CASE("error: fault empty map", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{}]\n") ==
          "t.yaml:2:10: error: faults[0] is empty; name one fault kind, like {delay: {...}}");
}

TEST_CASE("error: fault two keys", "[loader][errors]") {
    CHECK(errors("name: a\nfaults:\n  - delay:\n    topic: '*'\n") ==
          "t.yaml:3:5: error: faults[0] must have one key, the fault kind, got 2 ('delay', 'topic'); indent the "
          "parameters under 'delay'");
}

TEST_CASE("error: fault params null", "[loader][errors]") {
    CHECK(errors("name: a\nfaults:\n  - drop:\n") ==
          "t.yaml:3:5: error: expected a map for 'faults[0].drop', got an empty value");
}

TEST_CASE("error: topic selection wrong", "[loader][errors]") {
    CHECK(
        errors("name: a\nfaults: [{drop: {topic: {a: 1}}}]\n") ==
        "t.yaml:2:25: error: expected a topic name, a sequence of them or \"*\" for 'faults[0].drop.topic', got a map");
}

TEST_CASE("error: topic list empty", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{drop: {topic: []}}]\n") ==
          "t.yaml:2:25: error: faults[0].drop.topic must not be empty");
}

TEST_CASE("error: star in list", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{drop: {topic: ['*', order-paid-topic]}}]\n") ==
          "t.yaml:2:26: error: \"*\" stands for every topic; write it alone, not in a sequence");
}

TEST_CASE("error: from after to", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{db-outage: {service: order, from: 3s, to: 1s}}]\n") ==
          "t.yaml:2:45: error: 'from' (3s) must be before 'to' (1s) in faults[0].db-outage");
}

TEST_CASE("error: from equal to", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{drop: {topic: '*', from: 1s, to: 1s}}]\n") ==
          "t.yaml:2:36: error: 'from' (1s) must be before 'to' (1s) in faults[0].drop");
}

TEST_CASE("error: window missing", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{disconnect: {service: order}}]\n") ==
          "t.yaml:2:23: error: missing required key 'from' in faults[0].disconnect"
          "\n"
          "t.yaml:2:23: error: missing required key 'to' in faults[0].disconnect");
}

TEST_CASE("error: fault probability", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{drop: {topic: '*', probability: 1.5}}]\n") ==
          "t.yaml:2:43: error: probability must be between 0 and 1, got 1.5");
}

TEST_CASE("error: fault order zero", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{drop: {topic: '*', order: 0}}]\n") ==
          "t.yaml:2:37: error: order must be at least 1, got 0");
}

TEST_CASE("error: service no consume", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{delay: {topic: order-paid-topic, by: 1ms, service: order}}]\n") ==
          "t.yaml:2:62: error: service 'order' consumes none of the topics of faults[0].delay");
}

TEST_CASE("error: crash neither", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{crash: {service: order}}]\n") ==
          "t.yaml:2:18: error: a crash needs 'point' or 'at' in faults[0].crash");
}

TEST_CASE("error: crash both", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{crash: {service: order, at: 1s, point: after-commit}}]\n") ==
          "t.yaml:2:39: error: a crash takes 'point' or 'at', not both, in faults[0].crash");
}

TEST_CASE("error: crash at with probability", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{crash: {service: order, at: 1s, probability: 0.5}}]\n") ==
          "t.yaml:2:43: error: 'probability' has no meaning for a crash at a fixed time ('at') in faults[0].crash");
}

TEST_CASE("error: crash bad point", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{crash: {service: order, point: after-pubish}}]\n") ==
          "t.yaml:2:42: error: unknown value 'after-pubish' for faults[0].crash.point; did you mean 'after-publish'?");
}

TEST_CASE("error: reorder window zero", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{reorder: {topic: '*', window: 0ms}}]\n") ==
          "t.yaml:2:41: error: window must be more than 0, got 0ms");
}

TEST_CASE("error: nemesis message kind", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{nemesis: {kinds: [crash, delay], interval: 1s, duration: 1s}}]\n") ==
          "t.yaml:2:36: error: a nemesis draws process faults (crash, db-outage, disconnect, slow-commit or pause), "
          "got 'delay'");
}

TEST_CASE("error: nemesis unknown kind", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{nemesis: {kinds: [crsh], interval: 1s, duration: 1s}}]\n") ==
          "t.yaml:2:29: error: unknown fault kind 'crsh'; did you mean 'crash'?");
}

TEST_CASE("error: nemesis kinds empty", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{nemesis: {kinds: [], interval: 1s, duration: 1s}}]\n") ==
          "t.yaml:2:28: error: faults[0].nemesis.kinds must not be empty");
}

TEST_CASE("error: nemesis interval zero", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{nemesis: {kinds: [pause], interval: 0s, duration: 1s}}]\n") ==
          "t.yaml:2:47: error: interval must be more than 0, got 0s");
}

TEST_CASE("every fault kind, design and invariant loads", "[loader]") {
    // A valid entry of every kind.
    const std::pair<FaultKind, const char*> kEntries[] = {
        {FaultKind::Delay, "delay: {topic: order-paid-topic, by: 1ms}"},
        {FaultKind::Duplicate, "duplicate: {topic: order-paid-topic}"},
        {FaultKind::Republish, "republish: {topic: order-paid-topic}"},
        {FaultKind::Drop, "drop: {topic: order-paid-topic}"},
        {FaultKind::Reorder, "reorder: {topic: order-paid-topic, window: 1ms}"},
        {FaultKind::Crash, "crash: {service: payment, at: 1s}"},
        {FaultKind::DbOutage, "db-outage: {service: payment, from: 1s, to: 2s}"},
        {FaultKind::Disconnect, "disconnect: {service: payment, from: 1s, to: 2s}"},
        {FaultKind::SlowCommit, "slow-commit: {service: payment, by: 1ms}"},
        {FaultKind::Pause, "pause: {service: payment, from: 1s, to: 2s}"},
        {FaultKind::Nemesis, "nemesis: {kinds: [crash], interval: 1s, duration: 1s}"},
        {FaultKind::Scale, "scale: {service: payment, at: 1s, replicas: 2}"},
    };
    REQUIRE(std::size(kEntries) == fault_kinds().size());
    for (const auto& [kind, entry] : kEntries) {
        CAPTURE(entry);
        const Scenario sc = load(fmt::format("name: a\nfaults:\n  - {}\n", entry));
        REQUIRE(sc.faults.size() == 1);
        CHECK(sc.faults[0].kind == kind);
    }
    for (const char* d : {"design: hardened", "design: {base: hardened, publish: after-commit}",
                          "design: {publish: outbox, saga-timeout: 5s}"})
        CHECK(errors(fmt::format("name: a\n{}\n", d)).empty());
    for (const InvariantInfo& i : invariant_catalog()) {
        CAPTURE(i.name);
        CHECK(load(fmt::format("name: a\ninvariants: [{}]\n", i.name)).invariants ==
              std::vector<std::string>{std::string(i.name)});
        CHECK(errors(fmt::format("name: a\nexpect: {{violations: [{}]}}\n", i.name)).empty());
    }
}

TEST_CASE("error: fault id given twice", "[loader][errors]") {
    CHECK(errors("name: a\nfaults:\n  - drop: {topic: order-paid-topic, id: lost}\n"
                 "  - delay: {topic: '*', by: 1ms, id: lost}\n") ==
          "t.yaml:4:38: error: fault id 'lost' is given twice (first at line 3)");
}

TEST_CASE("error: fault id bad", "[loader][errors]") {
    CHECK(errors("name: a\nfaults:\n  - drop: {topic: order-paid-topic, id: 'a b'}\n") ==
          "t.yaml:3:41: error: faults[0].drop.id must be 1 to 64 letters, digits, '.', '_' or '-', got 'a b'");
    CHECK(errors("name: a\nfaults:\n  - drop: {topic: order-paid-topic, id: ''}\n") ==
          "t.yaml:3:41: error: faults[0].drop.id must be 1 to 64 letters, digits, '.', '_' or '-', got ''");
}

TEST_CASE("error: order id given twice", "[loader][errors]") {
    CHECK(errors("name: a\norders:\n  - {at: 0s, sku: A, quantity: 1, price: 1, id: first}\n"
                 "  - {at: 1s, sku: A, quantity: 1, price: 1, id: first}\n") ==
          "t.yaml:4:49: error: order id 'first' is given twice (first at line 3)");
}

TEST_CASE("error: too many faults", "[loader][errors]") {
    std::string text = "name: a\nfaults:\n";
    for (size_t i = 0; i <= limits::kFaultsMax; ++i) text += "  - drop: {topic: order-paid-topic}\n";
    CHECK(errors(text) == fmt::format("t.yaml:{}:5: error: more than 1000 faults; a scenario may have at most 1000",
                                      3 + limits::kFaultsMax));
}

TEST_CASE("error: invariants unknown", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: [stock-conserve]\n") ==
          "t.yaml:2:14: error: unknown invariant 'stock-conserve'; did you mean 'stock-conserved'?");
}

TEST_CASE("error: invariants unknown far", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: [fairness]\n") ==
          "t.yaml:2:14: error: unknown invariant 'fairness'; 'sagasim list invariants' names them all");
}

TEST_CASE("error: invariants twice", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: [saga-terminates, saga-terminates]\n") ==
          "t.yaml:2:31: error: invariant 'saga-terminates' is listed twice in invariants");
}

TEST_CASE("error: invariants scalar", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: some\n") ==
          "t.yaml:2:13: error: expected all, a sequence of invariant names or {exclude: [...]} for 'invariants', got "
          "'some'");
}

TEST_CASE("error: invariants exclude unknown", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: {exclude: [nope-nope]}\n") ==
          "t.yaml:2:24: error: unknown invariant 'nope-nope'; 'sagasim list invariants' names them all");
}

TEST_CASE("error: invariants exclude missing", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: {}\n") == "t.yaml:2:13: error: missing required key 'exclude' in invariants");
}

TEST_CASE("error: violations not selected", "[loader][errors]") {
    CHECK(errors("name: a\ninvariants: {exclude: [saga-terminates]}\nexpect: {violations: [saga-terminates]}\n") ==
          "t.yaml:3:23: error: expect.violations names 'saga-terminates', which 'invariants' does not select");
}

TEST_CASE("error: violations wrong", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {violations: nothing}\n") ==
          "t.yaml:2:22: error: expected none, a sequence of invariant names or {allowed: [...]} for "
          "'expect.violations', got 'nothing'");
}

TEST_CASE("error: final unknown status", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {final: {SHIPED: 1}}\n") ==
          "t.yaml:2:18: error: unknown order status 'SHIPED'; did you mean 'SHIPPED'?");
}

TEST_CASE("error: final unknown status far", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {final: {DONE: 1}}\n") ==
          "t.yaml:2:18: error: unknown order status 'DONE'; use PENDING, CONFIRMED, FAILED, PAID, PAYMENT_FAILED, "
          "SHIPPED, SHIPMENT_FAILED or TIMED_OUT");
}

TEST_CASE("error: final negative", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {final: {SHIPPED: -1}}\n") ==
          "t.yaml:2:27: error: expect.final.SHIPPED must be at least 0, got -1");
}

TEST_CASE("error: payments unknown", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {payments: {SUCCESS: 1}}\n") ==
          "t.yaml:2:21: error: unknown payment status 'SUCCESS'; use SUCCEEDED, FAILED or REFUNDED");
}

TEST_CASE("error: shipments unknown", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {shipments: {DELIVERED: 1}}\n") ==
          "t.yaml:2:22: error: unknown shipment status 'DELIVERED'; use SHIPPED or FAILED");
}

TEST_CASE("error: stock unknown sku suggestion", "[loader][errors]") {
    CHECK(errors("name: a\ninventory: {SKU-1: 5}\nexpect: {stock: {SKU-l: 5}}\n") ==
          "t.yaml:3:18: error: unknown SKU 'SKU-l' in expect.stock; did you mean 'SKU-1'?");
}

TEST_CASE("error: stock unknown sku", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {stock: {SKU-1: 5}}\n") ==
          "t.yaml:2:18: error: unknown SKU 'SKU-1' in expect.stock (no inventory, order, load, restock or inject names "
          "it)");
}

TEST_CASE("error: records unknown", "[loader][errors]") {
    CHECK(errors("name: a\nexpect: {records: {payment-failed-topic.dlt: 1}}\n") ==
          "t.yaml:2:20: error: unknown topic 'payment-failed-topic.dlt'; did you mean 'payment-failed-topic.DLT'?");
}

TEST_CASE("error: many errors sorted", "[loader][errors]") {
    CHECK(errors("kafka: {partitions: 0}\nname: A\nseed: x\n") ==
          "t.yaml:1:21: error: partitions must be between 1 and 1024, got 0"
          "\n"
          "t.yaml:2:7: error: a name uses only a-z, 0-9 and '-', got 'A'"
          "\n"
          "t.yaml:3:7: error: expected a decimal integer, got 'x'");
}

TEST_CASE("error: orders item not map", "[loader][errors]") {
    CHECK(errors("name: a\norders: [5]\n") == "t.yaml:2:10: error: expected a map for 'orders[0]', got '5'");
}

TEST_CASE("error: reserve of an SKU nothing stocks", "[loader][errors]") {
    CHECK(errors("name: a\ninventory: {SKU-1: 3}\nreserve: [{at: 0s, sku: WIDGET, quantity: 1}]\n") ==
          "t.yaml:3:25: error: unknown SKU 'WIDGET' in reserve (no inventory or restock stocks it, so the request "
          "could only get a 404)");
    // An order naming the SKU does not stock it; a restock at any time does.
    CHECK(errors("name: a\norders: [{at: 0s, sku: B, quantity: 1, price: 1}]\nreserve: [{at: 0s, sku: B, quantity: 1}]\n") ==
          "t.yaml:3:25: error: unknown SKU 'B' in reserve (no inventory or restock stocks it, so the request could "
          "only get a 404)");
    CHECK(errors("name: a\nrestocks: [{at: 9s, sku: B, quantity: 1}]\nreserve: [{at: 0s, sku: ' B', quantity: 1}]\n")
              .empty());
}

TEST_CASE("error: reserve of a misspelt SKU suggests the stocked one", "[loader][errors]") {
    CHECK(errors("name: a\ninventory: {SKU-1: 3}\nreserve: [{at: 0s, sku: SKU-l, quantity: 1}]\n") ==
          "t.yaml:3:25: error: unknown SKU 'SKU-l' in reserve (no inventory or restock stocks it, so the request "
          "could only get a 404); did you mean 'SKU-1'?");
}

TEST_CASE("error: reserve quantity below 1", "[loader][errors]") {
    CHECK(errors("name: a\ninventory: {S: 3}\nreserve: [{at: 0s, sku: S, quantity: 0}]\n") ==
          "t.yaml:3:38: error: quantity must be at least 1, got 0");
    CHECK(errors("name: a\ninventory: {S: 3}\nreserve: [{at: 0s, sku: S, qty: 1}]\n") ==
          "t.yaml:3:11: error: missing required key 'quantity' in reserve[0]\n"
          "t.yaml:3:28: error: unknown key 'qty' in reserve[0]; use at, sku or quantity");
}

TEST_CASE("error: restock quantity negative", "[loader][errors]") {
    CHECK(errors("name: a\nrestocks: [{at: 0s, sku: S, quantity: -1}]\n") ==
          "t.yaml:2:39: error: quantity must be at least 0, got -1");
}

// ---- replicas: and the replica: and scale faults

TEST_CASE("replicas are read per service, the others stay 1", "[loader]") {
    const Scenario sc = load("name: a\nreplicas: {inventory: 3, payment: 16}\n");
    CHECK(sc.replicas == std::array<uint8_t, kServiceCount>{1, 3, 16, 1});
    CHECK(load("name: a\n").replicas == std::array<uint8_t, kServiceCount>{1, 1, 1, 1});
}

TEST_CASE("error: replicas below 1 or above 16", "[loader][errors]") {
    CHECK(errors("name: a\nreplicas: {order: 0}\n") ==
          "t.yaml:2:19: error: replicas of order must be between 1 and 16, got 0");
    CHECK(errors("name: a\nreplicas: {shipment: 17}\n") ==
          "t.yaml:2:22: error: replicas of shipment must be between 1 and 16, got 17");
}

TEST_CASE("error: replicas unknown service", "[loader][errors]") {
    CHECK(errors("name: a\nreplicas: {inventroy: 2}\n") ==
          "t.yaml:2:12: error: unknown key 'inventroy' in replicas; did you mean 'inventory'?");
}

TEST_CASE("error: replica 0", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{crash: {service: order, replica: 0, at: 1s}}]\n") ==
          "t.yaml:2:44: error: replica must be between 1 and 16, got 0");
}

TEST_CASE("error: replica beyond the service's replicas", "[loader][errors]") {
    CHECK(errors("name: a\nreplicas: {inventory: 2}\nfaults:\n"
                 "  - pause: {service: inventory, replica: 3, from: 1s, to: 2s}\n") ==
          "t.yaml:4:42: error: replica 3 is beyond inventory's replicas (2, and no scale step brings more)");
    // A scale step of another service brings none to this one.
    CHECK(errors("name: a\nfaults:\n  - scale: {service: payment, at: 1s, replicas: 3}\n"
                 "  - crash: {service: inventory, replica: 2, point: after-commit}\n") ==
          "t.yaml:4:42: error: replica 2 is beyond inventory's replicas (1, and no scale step brings more)");
    CHECK(errors("name: a\nfaults:\n  - scale: {service: order, at: 1s, replicas: 2}\n"
                 "  - db-outage: {service: order, replica: 3, from: 1s, to: 2s}\n") ==
          "t.yaml:4:42: error: replica 3 is beyond order's replicas (1, and its scale steps bring at most 2)");
}

TEST_CASE("a replica that a scale step brings, later in the file, is allowed", "[loader]") {
    const Scenario sc = load(
        "name: a\nreplicas: {inventory: 2}\nfaults:\n"
        "  - crash: {service: inventory, replica: 4, at: 6s}\n"
        "  - slow-commit: {service: inventory, replica: 2, by: 1ms}\n"
        "  - disconnect: {service: payment, from: 1s, to: 2s}\n"
        "  - scale: {service: inventory, at: 5s, replicas: 4}\n");
    REQUIRE(sc.faults.size() == 4);
    CHECK(sc.faults[0].replica == uint8_t(3));  // held 0-based
    CHECK(sc.faults[1].replica == uint8_t(1));
    CHECK_FALSE(sc.faults[2].replica);
    CHECK_FALSE(sc.faults[3].replica);
}

TEST_CASE("a scale step is read into service, at and scale_to", "[loader]") {
    const Scenario sc = load("name: a\nfaults:\n  - scale: {service: inventory, at: 5s, replicas: 3, id: up}\n");
    REQUIRE(sc.faults.size() == 1);
    const FaultSpec& f = sc.faults[0];
    CHECK(f.kind == FaultKind::Scale);
    CHECK(f.service == Service::Inventory);
    CHECK(f.at == SimTime{5000000});
    CHECK(f.scale_to == uint8_t(3));
    CHECK(f.id == "up");
    CHECK_FALSE(f.replica);
}

TEST_CASE("error: scale to 0 replicas", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{scale: {service: inventory, at: 5s, replicas: 0}}]\n") ==
          "t.yaml:2:57: error: scale to 0 replicas would stop the service for good; a scale step keeps at least 1 "
          "(for an outage use crash with restart-after, or pause)");
    CHECK(errors("name: a\nfaults: [{scale: {service: inventory, at: 5s, replicas: 17}}]\n") ==
          "t.yaml:2:57: error: replicas must be between 1 and 16, got 17");
}

TEST_CASE("error: scale missing replicas or at", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{scale: {service: inventory, at: 5s}}]\n") ==
          "t.yaml:2:18: error: missing required key 'replicas' in faults[0].scale");
    CHECK(errors("name: a\nfaults: [{scale: {service: inventory, replicas: 2}}]\n") ==
          "t.yaml:2:18: error: missing required key 'at' in faults[0].scale");
}

TEST_CASE("error: scale takes no replica", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{scale: {service: inventory, at: 5s, replicas: 2, replica: 1}}]\n") ==
          "t.yaml:2:60: error: unknown key 'replica' in faults[0].scale; did you mean 'replicas'?");
}

TEST_CASE("error: nemesis scale kind", "[loader][errors]") {
    CHECK(errors("name: a\nfaults: [{nemesis: {kinds: [crash, scale], interval: 1s, duration: 1s}}]\n") ==
          "t.yaml:2:36: error: a nemesis draws crash, db-outage, disconnect, slow-commit or pause, not scale; an "
          "autoscaler step is a scale fault of its own, at a fixed time");
}
