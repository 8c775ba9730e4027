// Loader round trips: a scenario using every section is read into the Scenario fields it means,
// a minimal one gets the seed's defaults, and the file's SHA-256 is the one of its bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/check/catalog.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/scenario/suggest.hpp"

using namespace sagasim;

namespace {

const std::string kData = std::string(SAGASIM_SOURCE_DIR) + "/tests/data/loader/";

std::string read_bytes(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The catalogue's invariants in order, but those `excluded`: what `invariants: all` and
// `{exclude: [...]}` select.
std::vector<std::string> supported_invariants(std::initializer_list<std::string_view> excluded = {}) {
    std::vector<std::string> r;
    for (const InvariantInfo& i : invariant_catalog()) {
        bool out = false;
        for (std::string_view e : excluded) out = out || e == i.name;
        if (!out) r.emplace_back(i.name);
    }
    return r;
}

}  // namespace

TEST_CASE("sha256 known answers (FIPS 180-4 examples)", "[loader][sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // One million 'a', fed in uneven pieces, crosses many block boundaries.
    Sha256 s;
    const std::string chunk(997, 'a');
    size_t left = 1000000;
    while (left > 0) {
        const size_t n = std::min(left, chunk.size());
        s.update(std::string_view(chunk).substr(0, n));
        left -= n;
    }
    const auto d = s.finish();
    CHECK(d[0] == 0xcd);
    CHECK(d[1] == 0xc7);
    CHECK(d[31] == 0xd0);
    CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("a scenario with every section loads into the fields it means", "[loader]") {
    const std::string path = kData + "full.yaml";
    const Scenario s = load_scenario_file(path);
    CHECK(s.path == path);
    CHECK(s.sha256 == sha256_hex(read_bytes(path)));
    CHECK(s.name == "every-section-1");
    CHECK(s.description == "Declined payments must give their stock back.");
    REQUIRE(s.seed);
    CHECK(*s.seed == 18446744073709551615ull);

    REQUIRE(s.run.until);
    CHECK(s.run.until->us == 30000000);
    CHECK(s.run.quiesce == Duration::seconds(120));
    CHECK(s.run.max_steps == 5000);

    // base: hardened, then three switches set one by one.
    CHECK(s.design.publish == PublishMode::AfterCommit);
    CHECK(s.design.event_ids == EventIdMode::Stable);
    CHECK(s.design.early_events == EarlyEvents::Retry);
    CHECK_FALSE(s.design.refund_on_shipment_failure);
    CHECK(s.design.finalize_reservations);
    REQUIRE(s.design.saga_timeout);
    CHECK(*s.design.saga_timeout == Duration::seconds(45));

    REQUIRE(s.inventory.size() == 3);
    CHECK(s.skus.name(s.inventory[0].first) == "SKU-1");
    CHECK(s.inventory[0].second == 100);
    CHECK(s.skus.name(s.inventory[1].first) == "SKU-2");
    CHECK(s.inventory[1].second == 3);
    CHECK(s.skus.name(s.inventory[2].first) == " SKU-3 ");
    CHECK(s.inventory[2].second == 0);

    // File order is kept; the run sorts.
    REQUIRE(s.orders.size() == 3);
    CHECK(s.orders[0].at.us == 500000);
    CHECK(s.skus.name(s.orders[0].sku) == "SKU-2");
    CHECK(s.orders[0].quantity == 5);
    CHECK(s.orders[0].price.cents == 1000);
    CHECK(s.orders[1].at.us == 0);
    CHECK(s.orders[1].price.cents == 4999);
    CHECK(s.orders[2].at.us == 3600000000LL);
    CHECK(s.skus.name(s.orders[2].sku) == "SKU-404");  // unknown to inventory: allowed
    CHECK(s.orders[2].price.cents == 1000);

    REQUIRE(s.load);
    CHECK(s.load->count == 1000);
    CHECK(s.load->rate_count == 200);
    CHECK(s.load->rate_unit == Duration::millis(1));
    CHECK(s.load->start.us == 250);
    REQUIRE(s.load->skus.size() == 3);
    CHECK(s.skus.name(s.load->skus[2]) == "SKU-9");
    CHECK(s.load->quantity.min == 1);
    CHECK(s.load->quantity.max == 3);
    CHECK(s.load->price.min.cents == 100);
    CHECK(s.load->price.max.cents == 200000);

    REQUIRE(s.restocks.size() == 2);
    CHECK(s.restocks[0].at.us == 2000000);
    CHECK(s.skus.name(s.restocks[0].sku) == "SKU-2");
    CHECK(s.restocks[0].quantity == 5);
    CHECK(s.restocks[1].quantity == 0);

    REQUIRE(s.direct_reserves.size() == 1);
    CHECK(s.direct_reserves[0].at.us == 4000000);
    CHECK(s.skus.name(s.direct_reserves[0].sku) == " SKU-2 ");  // trimmed by the service, as the seed does
    CHECK(s.direct_reserves[0].quantity == 2);

    REQUIRE(s.injections.size() == 3);
    const Injection& a = s.injections[0];
    CHECK(a.at.us == 10000);
    CHECK(a.topic == Topic::PaymentSucceeded);
    CHECK(a.order_id == 1);
    CHECK(a.event_label == 7u);
    CHECK(s.skus.name(a.sku) == "SKU-1");
    CHECK(a.quantity == 2);
    CHECK(a.price == Money{2999});
    CHECK(a.amount == Money{5998});
    CHECK(a.reason == "Simulated payment failure");
    CHECK(a.loc.line == 46);
    CHECK(a.loc.column == 5);
    const Injection& b = s.injections[1];
    CHECK(b.event_label == 7u);
    CHECK(b.sku == kNoSku);
    CHECK_FALSE(b.quantity);
    CHECK_FALSE(b.price);
    CHECK_FALSE(b.amount);
    CHECK_FALSE(b.reason);
    CHECK(s.injections[2].topic == Topic::OrderPaid);
    CHECK(s.injections[2].order_id == 9223372036854775807LL);
    CHECK_FALSE(s.injections[2].event_label);
    CHECK(s.texts.empty());

    CHECK(s.payment_success == 50000);
    CHECK(s.shipment_success == kPpmOne);
    CHECK(s.kafka.partitions == 1024);
    CHECK(s.kafka.latency.min == Duration::millis(3));
    CHECK(s.kafka.latency.max == Duration::millis(3));
    CHECK(s.timing.handle == Duration::micros(0));
    CHECK(s.timing.publish_ack == Duration::millis(2));
    CHECK(s.timing.commit == Duration::millis(1));
    CHECK(s.timing.offset_commit == Duration::micros(7));
    CHECK(s.timing.retry_backoff == Duration::seconds(1));

    REQUIRE(s.faults.size() == 12);
    const FaultSpec& delay = s.faults[0];
    CHECK(delay.kind == FaultKind::Delay);
    CHECK(delay.loc.line == 66);
    CHECK(delay.loc.column == 5);
    CHECK(delay.all_topics);
    CHECK(delay.probability == 200000u);
    REQUIRE(delay.by);
    CHECK(delay.by->min == Duration::millis(10));
    CHECK(delay.by->max == Duration::millis(500));
    CHECK(s.faults[1].kind == FaultKind::Duplicate);
    CHECK(s.faults[1].service == Service::Inventory);
    CHECK(s.faults[1].topics == std::vector<Topic>{Topic::OrderPlaced});
    CHECK(s.faults[2].topics == std::vector<Topic>{Topic::OrderConfirmed, Topic::PaymentFailed});
    CHECK(s.faults[2].probability == 1u);
    const FaultSpec& drop = s.faults[3];
    CHECK(drop.kind == FaultKind::Drop);
    CHECK(drop.order == 3u);
    CHECK(drop.nth == 2u);
    CHECK(drop.from == SimTime{1000000});
    CHECK(drop.to == SimTime{2000000});
    CHECK(s.faults[4].window == Duration::millis(50));
    const FaultSpec& crash = s.faults[5];
    CHECK(crash.kind == FaultKind::Crash);
    CHECK(crash.service == Service::Payment);
    CHECK(crash.point == CrashPoint::AfterPublish);
    CHECK(crash.restart_after == Duration::seconds(2));
    CHECK(s.faults[6].at == SimTime{1500000});
    CHECK_FALSE(s.faults[6].point);
    CHECK(s.faults[7].kind == FaultKind::DbOutage);
    CHECK(s.faults[7].to == SimTime{10000000});
    CHECK(s.faults[8].kind == FaultKind::Disconnect);
    CHECK(s.faults[9].kind == FaultKind::SlowCommit);
    CHECK(s.faults[9].by->min == Duration::millis(200));
    CHECK(s.faults[10].kind == FaultKind::Pause);
    const FaultSpec& nemesis = s.faults[11];
    CHECK(nemesis.kinds == std::vector<FaultKind>{FaultKind::Crash, FaultKind::Disconnect, FaultKind::DbOutage});
    CHECK(nemesis.interval == Duration::seconds(5));
    CHECK(nemesis.duration->min == Duration::millis(100));
    CHECK(nemesis.duration->max == Duration::seconds(2));

    // All implemented invariants but stock-conserved and no-oversell, in catalogue order.
    CHECK(s.invariants == supported_invariants({"stock-conserved", "no-oversell"}));
    CHECK(s.invariants.front() == "legal-transition");

    REQUIRE(s.expect.violations);
    CHECK(*s.expect.violations == std::vector<std::string>{"legal-transition", "saga-terminates"});
    REQUIRE(s.expect.final_status);
    CHECK(*s.expect.final_status ==
          std::map<OrderStatus, uint64_t>{{OrderStatus::SHIPPED, 2}, {OrderStatus::FAILED, 1}});
    CHECK(s.expect.stock == std::map<SkuId, int64_t>{{s.skus.find("SKU-1"), 96}, {s.skus.find("SKU-9"), -2}});
    CHECK(*s.expect.payments ==
          std::map<PaymentStatus, uint64_t>{{PaymentStatus::SUCCEEDED, 2}, {PaymentStatus::FAILED, 0}});
    CHECK(*s.expect.shipments == std::map<ShipmentStatus, uint64_t>{{ShipmentStatus::SHIPPED, 2}});
    CHECK(s.expect.records == std::map<TopicId, uint64_t>{{topic_id(Topic::OrderPlaced), 3}, {TopicId(15), 1}});
}

TEST_CASE("a minimal scenario gets the seed's defaults", "[loader]") {
    const Scenario s = load_scenario_text("name: r1\n", "min.yaml");
    CHECK(s.path == "min.yaml");
    CHECK(s.sha256 == sha256_hex("name: r1\n"));
    CHECK(s.name == "r1");
    CHECK(s.description.empty());
    CHECK_FALSE(s.seed);
    CHECK_FALSE(s.run.until);
    CHECK(s.run.quiesce == Duration::seconds(60));
    CHECK(s.run.max_steps == 10000000);
    CHECK(s.design.is_seed());
    CHECK(s.skus.size() == 0);
    CHECK(s.orders.empty());
    CHECK_FALSE(s.load);
    CHECK(s.payment_success == kPpmOne);
    CHECK(s.shipment_success == kPpmOne);
    CHECK(s.kafka.partitions == 3);
    CHECK(s.kafka.latency.min == Duration::millis(1));
    CHECK(s.kafka.latency.max == Duration::millis(5));
    CHECK(s.timing.retry_backoff == Duration::seconds(1));
    CHECK(s.faults.empty());
    CHECK(s.invariants == supported_invariants());
    for (std::string_view name : {"legal-transition", "stock-never-negative", "stock-conserved", "single-reservation",
                                  "single-charge", "amount-matches", "saga-terminates"}) {
        CAPTURE(name);
        CHECK(std::find(s.invariants.begin(), s.invariants.end(), name) != s.invariants.end());
    }
    CHECK(s.expect.empty());
}

TEST_CASE("the seed design, empty optional lists and explicit invariants load without options", "[loader]") {
    const Scenario s = load_scenario_text(R"(---
name: r4-payment-declined
design: seed
inventory: {SKU-1: 12}
orders: []
restocks: []
inject: []
faults: []
payment: {success-rate: 0.0}
invariants: [saga-terminates, legal-transition]
expect:
  violations: none
  final: {}
  stock: {SKU-1: 12}
...
)",
                                          "r4.yaml");
    CHECK(s.design.is_seed());
    CHECK(s.payment_success == 0);
    CHECK(s.invariants == std::vector<std::string>{"legal-transition", "saga-terminates"});
    REQUIRE(s.expect.violations);
    CHECK(s.expect.violations->empty());
    REQUIRE(s.expect.final_status);
    CHECK(s.expect.final_status->empty());
    CHECK(s.expect.stock.size() == 1);
}

TEST_CASE("design: hardened is the documented set of switches", "[loader]") {
    const Scenario s = load_scenario_text("name: h\ndesign: hardened\n", "h.yaml");
    CHECK(s.design.publish == PublishMode::Outbox);
    CHECK(s.design.event_ids == EventIdMode::Stable);
    CHECK(s.design.early_events == EarlyEvents::Retry);
    CHECK(s.design.refund_on_shipment_failure);
    CHECK(s.design.finalize_reservations);
    CHECK(s.design.saga_timeout == Duration::seconds(30));
    CHECK(s.design.dead_letters == DeadLetters::Declared);
    CHECK(s.design.compensations == Compensations::UntilDone);
    CHECK(s.design.timeouts == Timeouts::Fenced);
    // Switches back to the seed's values give the seed design, which needs no option.
    const Scenario t = load_scenario_text(R"(name: h
design:
  base: hardened
  publish: before-commit
  event-ids: per-publish
  early-events: ignore
  refund-on-shipment-failure: false
  finalize-reservations: false
  saga-timeout: none
  dead-letters: spring-default
  compensations: skip
)",
                                          "h.yaml");
    CHECK(t.design.is_seed());
}

TEST_CASE("invariants: all and exclude select implemented names in catalogue order", "[loader]") {
    const auto names = [](const char* text) { return load_scenario_text(text, "i.yaml").invariants; };
    const auto all = names("name: a\ninvariants: all\n");
    CHECK(all == supported_invariants());
    CHECK(all.size() >= 7);
    CHECK(all.front() == "legal-transition");
    CHECK(all.back() == "saga-terminates");
    CHECK(names("name: a\ninvariants: {exclude: []}\n") == all);
    CHECK(names("name: a\ninvariants: {exclude: [saga-terminates, no-oversell]}\n") ==
          supported_invariants({"saga-terminates", "no-oversell"}));
    // With allow_unimplemented, a listed unimplemented invariant is selected.
    CHECK(names("name: a\ninvariants: [no-oversell, legal-transition]\n") ==
          std::vector<std::string>{"legal-transition", "no-oversell"});
}

TEST_CASE("a JSON document is a scenario too", "[loader]") {
    const Scenario s = load_scenario_text(
        R"({"name": "json-1", "seed": 5, "orders": [{"at": "1ms", "sku": "SKU-1", "quantity": 1, "price": 9.5}]})",
        "j.json");
    CHECK(s.seed == 5u);
    REQUIRE(s.orders.size() == 1);
    CHECK(s.orders[0].price.cents == 950);
}

TEST_CASE("loader key tables", "[loader]") {
    const auto top = top_level_keys();
    CHECK(top.size() == 19);
    CHECK(top.front() == "name");
    CHECK(top.back() == "expect");
    CHECK(section_keys("inject[]").size() == 9);
    CHECK(section_keys("reserve[]").size() == 3);
    CHECK(section_keys("replicas").size() == 4);
    CHECK(section_keys("delay").size() == 9);
    CHECK(section_keys("crash").size() == 11);
    CHECK(section_keys("scale").size() == 4);
    CHECK(section_keys("no-such-section").empty());
    CHECK(fault_kinds().size() == 12);
    CHECK(fault_kinds().back().name == "scale");
    CHECK(fault_kinds().back().process);
}

TEST_CASE("a design, an invariant list and a fault are read into the Scenario", "[loader]") {
    const Scenario s = load_scenario_text(R"(name: later
design: {publish: outbox}
invariants: [no-oversell]
orders: [{at: 0s, sku: A, quantity: 1, price: 1, id: first-order}]
faults:
  - drop: {topic: payment-failed-topic, order: 3, id: lost-pf}
  - drop: {topic: payment-failed-topic, order: 4}
)",
                                          "l.yaml");
    CHECK(s.design.publish == PublishMode::Outbox);
    CHECK(s.invariants == std::vector<std::string>{"no-oversell"});
    REQUIRE(s.faults.size() == 2);
    CHECK(s.faults[0].kind == FaultKind::Drop);
    CHECK(s.faults[0].topics == std::vector<Topic>{Topic::PaymentFailed});
    CHECK(s.faults[0].order == 3u);
    CHECK(s.faults[0].id == "lost-pf");
    CHECK(s.faults[1].id.empty());
    CHECK_FALSE(s.faults[0].probability);
    CHECK(s.orders[0].id == "first-order");
}

TEST_CASE("suggestions: edit distance with transpositions", "[loader][suggest]") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("delay", "delay") == 0);
    CHECK(edit_distance("delya", "delay") == 1);  // one swap
    CHECK(edit_distance("dely", "delay") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    const std::array<std::string_view, 3> keys{"until", "quiesce", "max-steps"};
    CHECK(closest_match("untill", keys) == "until");
    CHECK(closest_match("UNTIL", keys) == "until");
    CHECK(closest_match("max", keys) == std::nullopt);      // a prefix, but less than half
    CHECK(closest_match("max-st", keys) == "max-steps");    // a prefix of at least half
    CHECK(closest_match("foo", keys) == std::nullopt);
    CHECK(suggestion_suffix("foo", keys) == "; use until, quiesce or max-steps");
    CHECK(suggestion_suffix("foo", keys, {}, 2).empty());
    CHECK(suggestion_suffix("quiese", keys) == "; did you mean 'quiesce'?");
    const std::array<SuggestAlias, 1> aliases{{{"delay", "by"}}};
    const std::array<std::string_view, 2> params{"topic", "by"};
    CHECK(closest_match("dely", params, aliases) == "by");
}
