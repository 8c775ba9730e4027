// Builds the scenario JSON Schema with nlohmann::json, in the section order of
// scenario-format.md. Every map is closed (additionalProperties: false).
#include "sim/scenario/schema.hpp"

#include <limits>
#include <map>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "services/common/status.hpp"
#include "services/common/topics.hpp"
#include "sim/check/catalog.hpp"
#include "sim/scenario/loader.hpp"

namespace sagasim {
namespace {

using Json = nlohmann::ordered_json;

Json ref(const char* name) { return Json{{"$ref", std::string("#/definitions/") + name}}; }

Json described(Json schema, const char* description) {
    schema["description"] = description;
    return schema;
}

Json integer(int64_t min, const char* description) {
    return Json{{"type", "integer"}, {"minimum", min}, {"description", description}};
}

Json integer(int64_t min, int64_t max, const char* description) {
    return Json{{"type", "integer"}, {"minimum", min}, {"maximum", max}, {"description", description}};
}

Json status_counts(std::span<const std::string_view> names, const char* description) {
    Json p = Json::object();
    for (std::string_view n : names) p[std::string(n)] = integer(0, "how many");
    return {{"type", "object"}, {"description", description}, {"additionalProperties", false}, {"properties", p}};
}

// A closed object with the given keys, in the loader's order, each from `props`.
Json object(std::span<const std::string_view> keys, const std::map<std::string_view, Json>& props,
            const char* description, Json required = Json::array()) {
    Json p = Json::object();
    for (std::string_view k : keys) {
        auto it = props.find(k);
        p[std::string(k)] = it != props.end() ? it->second : Json::object();
    }
    Json o{{"type", "object"}, {"description", description}, {"additionalProperties", false}, {"properties", p}};
    if (!required.empty()) o["required"] = required;
    return o;
}

// A regex alternation for the decimal integers from `from_one ? 1 : 0` to n, without leading zeros.
std::string decimal_at_most(uint64_t n, bool from_one = false) {
    const std::string digits = std::to_string(n);
    const size_t k = digits.size();
    const char first = from_one ? '1' : '0';
    if (k == 1) return fmt::format("[{}-{}]", first, digits[0]);
    // Fewer digits than n: one digit, then [1-9] and 1 to k-2 more digits.
    std::vector<std::string> alts{fmt::format("[{}-9]", first)};
    if (k > 2) alts.push_back(fmt::format("[1-9][0-9]{{1,{}}}", k - 2));
    // As many digits as n: n's first i digits, a smaller digit, then any k-1-i digits.
    for (size_t i = 0; i < k; ++i) {
        const char lo = i == 0 ? '1' : '0';
        const char hi = char(digits[i] - 1);
        if (hi < lo) continue;
        std::string a = digits.substr(0, i) + (lo == hi ? std::string(1, lo) : fmt::format("[{}-{}]", lo, hi));
        if (k - 1 - i > 0) a += fmt::format("[0-9]{{{}}}", k - 1 - i);
        alts.push_back(a);
    }
    alts.push_back(digits);
    std::string r;
    for (const auto& a : alts) r += (r.empty() ? "" : "|") + a;
    return r;
}

// "^0*(A)us$|..." for durations up to limits::kDurationMax in each unit: leading zeros are read.
std::string duration_pattern() {
    const std::pair<const char*, int64_t> units[] = {
        {"us", 1}, {"ms", 1000}, {"s", 1000000}, {"m", 60000000}, {"h", 3600000000LL}};
    std::string r;
    for (const auto& [unit, scale] : units)
        r += fmt::format("{}({}){}", r.empty() ? "" : "|", decimal_at_most(uint64_t(limits::kDurationMax.us / scale)), unit);
    return "^0*(" + r + ")$";
}

// Money from 0 to limits::kMoneyCentsMax: a string (leading zeros are read) or a number.
Json money(bool positive) {
    const int64_t whole_max = limits::kMoneyCentsMax / 100;
    Json number{{"type", "number"}, {"maximum", whole_max}, {"multipleOf", 0.01}};
    if (positive) number["exclusiveMinimum"] = 0;
    else number["minimum"] = 0;
    Json text{{"type", "string"},
              {"pattern", fmt::format("^0*(({})(\\.[0-9]{{1,2}})?|{}(\\.0{{1,2}})?)$", decimal_at_most(uint64_t(whole_max - 1)),
                                      whole_max)}};
    if (positive) text["not"] = {{"pattern", "^0*(\\.0{1,2})?$"}};
    return Json::array({text, number});
}

Json definitions() {
    Json d = Json::object();
    d["duration"] = {{"type", "string"},
                     {"pattern", duration_pattern()},
                     {"description",
                      "an integer and a unit: us, ms, s, m or h (250us, 20ms, 3s, 5m); at most 2400h (100 days)"}};
    d["positiveDuration"] = {{"allOf", Json::array({ref("duration"), {{"not", {{"pattern", "^0+(us|ms|s|m|h)$"}}}}})},
                             {"description", "a duration of more than 0"}};
    d["time"] = {{"$ref", "#/definitions/duration"},
                 {"description", "a virtual time, as a duration since the start of the run"}};
    d["durationRange"] = {
        {"description", "a duration, or [min, max] drawn uniformly from the run's seeded streams"},
        {"oneOf", Json::array({ref("duration"),
                               {{"type", "array"}, {"items", ref("duration")}, {"minItems", 2}, {"maxItems", 2}}})}};
    d["probability"] = {{"type", "number"},
                        {"minimum", 0},
                        {"maximum", 1},
                        {"multipleOf", 0.000001},
                        {"description", "a number from 0 to 1 with at most 6 decimals (held as parts per million)"}};
    d["money"] = {{"description", "a string or number with at most 2 decimals (held as integer cents); at most "
                                  "10000000.00"},
                  {"oneOf", money(false)}};
    d["price"] = {{"description", "a string or number with at most 2 decimals (held as integer cents); from 0.01 "
                                  "to 10000000.00"},
                  {"oneOf", money(true)}};
    // YAML 1.2 reads `sku: 100` and `sku: true` as a number and a boolean; the loader takes the text.
    d["sku"] = {{"type", Json::array({"string", "number", "boolean"})},
                {"minLength", 1},
                {"description", "a skuCode, as the seed's API takes it"}};
    Json topics = Json::array();
    for (int i = 0; i < kBusinessTopicCount; ++i) topics.push_back(std::string(topic_name(Topic(i))));
    d["topic"] = {{"type", "string"}, {"enum", topics}, {"description", "one of the seed's 11 topics"}};
    d["topicSelection"] = {
        {"description", "a topic, a list of topics, or \"*\" for every topic"},
        {"oneOf",
         Json::array({{{"const", "*"}}, ref("topic"), {{"type", "array"}, {"items", ref("topic")}, {"minItems", 1}}})}};
    Json services = Json::array();
    for (Service s : kAllServices) services.push_back(std::string(service_name(s)));
    d["service"] = {{"type", "string"}, {"enum", services}, {"description", "a service of the seed"}};
    Json invariants = Json::array();
    for (const auto& i : invariant_catalog()) invariants.push_back(std::string(i.name));
    d["invariant"] = {{"type", "string"}, {"enum", invariants}, {"description", "an invariant of invariants.md"}};
    d["invariantList"] = {{"type", "array"}, {"items", ref("invariant")}, {"uniqueItems", true}};
    d["orderStatusCounts"] = status_counts(status_names("order"), "orders per status; a status not listed must have none");
    d["id"] = {{"type", "string"},
               {"pattern", "^[A-Za-z0-9._-]{1,64}$"},
               {"description", "a name of 1 to 64 letters, digits, '.', '_' or '-', unique in its section"}};
    return d;
}

Json design() {
    const std::map<std::string_view, Json> props{
        {"base", described({{"enum", {"seed", "hardened"}}}, "the design the switches start from (default seed)")},
        {"publish", described({{"enum", {"before-commit", "after-commit", "outbox"}}},
                              "when events are published: before-commit (seed), after-commit or outbox")},
        {"event-ids",
         described({{"enum", {"per-publish", "stable"}}}, "per-publish (seed: a new UUID at every send) or stable")},
        {"early-events",
         described({{"enum", {"ignore", "retry"}}}, "ignore (seed: wrong-state events are dropped) or retry")},
        {"refund-on-shipment-failure",
         {{"type", "boolean"}, {"description", "refund the payment when the shipment fails"}}},
        {"finalize-reservations",
         {{"type", "boolean"}, {"description", "delete the reservation row once the order ships"}}},
        {"saga-timeout",
         {{"description", "none (seed) or a duration after which a stuck order is compensated"},
          {"oneOf", Json::array({{{"const", "none"}}, ref("positiveDuration")})}}},
        {"dead-letters",
         described({{"enum", {"spring-default", "declared"}}},
                   "where the order service dead-letters: spring-default (seed: <topic>-dlt) or declared (<topic>.DLT)")},
        {"compensations",
         described({{"enum", {"skip", "until-done"}}},
                   "a failing release or refund: skip (seed: skipped after 6 attempts) or until-done (retried with the "
                   "back-off until it is handled)")},
        {"timeouts",
         described({{"enum", {"compensate", "fenced"}}},
                   "what a saga timeout does (needs saga-timeout): compensate (fail the order, every step undone) or "
                   "fenced (the awaited step's service cancels it under a fence, or finds it done)")},
    };
    return {{"description", "how the saga is built: seed, hardened, or a map of switches"},
            {"oneOf", Json::array({{{"enum", {"seed", "hardened"}}},
                                   object(section_keys("design"), props, "design switches")})}};
}

Json faults() {
    const std::map<std::string_view, Json> params{
        {"topic", ref("topicSelection")},
        {"probability", ref("probability")},
        {"order", integer(1, 4294967295, "narrows to the records of the N-th order (1-based, by creation)")},
        {"nth", integer(1, 4294967295, "narrows to the K-th matching record")},
        {"from", described(ref("time"), "the fault is active from this virtual time")},
        {"to", described(ref("time"), "the fault is active until this virtual time")},
        {"service", ref("service")},
        {"replica", integer(1, kReplicasMax, "hits this replica of the service only (1-based); without it, every replica")},
        {"replicas", integer(1, kReplicasMax, "the service's replicas from 'at' on")},
        {"by", described(ref("durationRange"), "how long: a duration or [min, max]")},
        {"window", described(ref("positiveDuration"), "how far later records may overtake")},
        {"point",
         described({{"enum", {"before-publish", "after-publish", "after-commit"}}}, "where the crash happens")},
        {"at", described(ref("time"), "the virtual time of a crash or a scale step")},
        {"restart-after", described(ref("duration"), "how long the crashed service stays down")},
        {"kinds",
         {{"type", "array"},
          {"minItems", 1},
          {"items", {{"enum", {"crash", "db-outage", "disconnect", "slow-commit", "pause"}}}},
          {"description", "the process faults the nemesis draws from"}}},
        {"interval", described(ref("positiveDuration"), "mean time between two faults")},
        {"duration", described(ref("durationRange"), "how long each fault lasts")},
        {"id", described(ref("id"), "names the fault for traces and tapes; its draws are keyed by it")},
    };
    const std::map<std::string_view, Json> required{
        {"delay", {"topic", "by"}},
        {"duplicate", {"topic"}},
        {"republish", {"topic"}},
        {"drop", {"topic"}},
        {"reorder", {"topic", "window"}},
        {"crash", {"service"}},
        {"db-outage", {"service", "from", "to"}},
        {"disconnect", {"service", "from", "to"}},
        {"slow-commit", {"service"}},
        {"pause", {"service", "from", "to"}},
        {"nemesis", {"kinds", "interval", "duration"}},
        {"scale", {"service", "at", "replicas"}},
    };
    Json kinds = Json::array();
    for (const auto& k : fault_kinds()) {
        const std::string name(k.name);
        Json p = object(section_keys(k.name), params, "the fault's parameters", required.at(k.name));
        if (k.kind == FaultKind::Crash) p["oneOf"] = Json::array({{{"required", {"point"}}}, {{"required", {"at"}}}});
        // A drawn slow commit (`by`), or a window whose commits wait until it ends (no `by`, so
        // nothing drawn to narrow).
        if (k.kind == FaultKind::SlowCommit)
            p["anyOf"] = Json::array({{{"required", {"by"}}},
                                      {{"required", {"from", "to"}},
                                       {"not", {{"anyOf", Json::array({{{"required", {"probability"}}},
                                                                       {{"required", {"order"}}},
                                                                       {{"required", {"nth"}}}})}}}}});
        kinds.push_back(
            {{"type", "object"}, {"additionalProperties", false}, {"required", {name}}, {"properties", {{name, p}}}});
    }
    return {{"type", "array"},
            {"description", "what goes wrong: each entry is a one-key map, the fault kind and its parameters"},
            {"maxItems", limits::kFaultsMax},
            {"items", {{"oneOf", kinds}}}};
}

Json expect() {
    Json records = Json::object();
    for (int i = 0; i < kTopicIdCount; ++i)
        records[std::string(topic_id_name(TopicId(i)))] = integer(0, "records appended to the topic");
    const Json text = {{"type", Json::array({"string", "number", "boolean"})}};
    const std::map<std::string_view, Json> event_props{
        {"topic", ref("topic")},
        {"order-id", integer(1, INT64_MAX, "orderId of the event")},
        {"sku", described(ref("sku"), "skuCode (OrderPlaced, InventoryReserved/Failed, OrderFailed)")},
        {"quantity", integer(0, 2147483647, "quantity, reservedQuantity or requestedQuantity")},
        {"price", described(ref("money"), "unit price (OrderPlaced, OrderConfirmed)")},
        {"amount", described(ref("money"), "amount (PaymentSucceeded/Failed)")},
        {"reason", described(text, "reason text, exactly (InventoryFailed, OrderFailed, PaymentFailed, "
                                   "ShipmentFailed, OrderShipmentFailed)")},
    };
    const std::map<std::string_view, Json> at_props{
        {"time", described(ref("time"), "the virtual time (after every step at or before it)")},
        {"status", ref("orderStatusCounts")},
    };
    const std::map<std::string_view, Json> props{
        {"violations",
         {{"description", "none, exactly the invariants that are violated, or {allowed: [...]}: these may be "
                          "violated, no other"},
          {"oneOf", Json::array({{{"const", "none"}},
                                 ref("invariantList"),
                                 object(section_keys("expect.violations"), {{"allowed", ref("invariantList")}},
                                        "the invariants that may be violated", {"allowed"})})}}},
        {"final", described(ref("orderStatusCounts"), "orders per final status; a status not listed must have none")},
        {"stock",
         {{"type", "object"},
          {"description", "available stock at the end, for the SKUs named"},
          {"additionalProperties", {{"type", "integer"}}}}},
        {"payments", status_counts(status_names("payment"),
                                   "payment rows per status; complete")},
        {"shipments", status_counts(status_names("shipment"),
                                    "shipment rows per status; complete")},
        {"records",
         {{"type", "object"},
          {"description", "records appended per topic (dead-letter topics included)"},
          {"additionalProperties", false},
          {"properties", records}}},
        {"reservations", integer(0, "reservation rows left at the end")},
        {"events",
         {{"type", "array"},
          {"description", "each entry: some record the services published on the topic for the order has these "
                          "fields (injected records do not count)"},
          {"items", object(section_keys("expect.events[]"), event_props, "an expected event", {"topic", "order-id"})}}},
        {"at",
         {{"type", "array"},
          {"description", "orders per committed status at a virtual time (complete, like final)"},
          {"items", object(section_keys("expect.at[]"), at_props, "the statuses at a time", {"time", "status"})}}},
    };
    return object(section_keys("expect"), props, "what the run must end with");
}

Json top_level() {
    const Json text = {{"type", Json::array({"string", "number", "boolean"})}};
    const std::map<std::string_view, Json> order_props{
        {"at", ref("time")},
        {"sku", ref("sku")},
        {"quantity", integer(1, 2147483647, "how many")},
        {"price", described(ref("price"), "the unit price")},
        {"id", described(ref("id"), "names the order; its draws are keyed by it (default: its content)")},
    };
    const std::map<std::string_view, Json> restock_props{
        {"at", ref("time")}, {"sku", ref("sku")}, {"quantity", integer(0, 2147483647, "how many to add")}};
    const std::map<std::string_view, Json> reserve_props{
        {"at", ref("time")},
        {"sku", described(ref("sku"), "an SKU the inventory or a restock stocks")},
        {"quantity", integer(1, 2147483647, "how many to take")}};
    const std::map<std::string_view, Json> inject_props{
        {"at", ref("time")},
        {"topic", ref("topic")},
        {"order-id", integer(1, INT64_MAX, "orders.id of the event (an id that never exists is allowed)")},
        {"event-id", integer(1, 4294967295, "a label: entries with the same label share one eventId")},
        {"sku", described(ref("sku"), "skuCode (default: the order's own)")},
        {"quantity", integer(0, 2147483647, "quantity (default: the order's own)")},
        {"price", described(ref("money"), "unit price (default: the order's own)")},
        {"amount", described(ref("money"), "amount (default: price x quantity)")},
        {"reason", described(text, "reason text (default: the seed's own)")},
    };
    const Json quantity = {{"type", "integer"}, {"minimum", 1}, {"maximum", 2147483647}};
    const std::map<std::string_view, Json> load_props{
        {"count", integer(1, int64_t(limits::kLoadCountMax), "how many orders")},
        {"rate",
         {{"type", "string"},
          {"pattern", fmt::format("^0*({})/(ms|s|m)$", decimal_at_most(limits::kRateCountMax, true))},
          {"description", "Poisson arrivals: 200/s; at most 1000000 per unit"}}},
        {"start", ref("time")},
        {"skus", {{"type", "array"}, {"items", ref("sku")}, {"minItems", 1}, {"description", "chosen uniformly"}}},
        {"quantity",
         {{"description", "a quantity, or [min, max] drawn uniformly"},
          {"oneOf", Json::array({quantity,
                                 {{"type", "array"}, {"items", quantity}, {"minItems", 2}, {"maxItems", 2}}})}}},
        {"price",
         {{"description", "a unit price, or [min, max] drawn uniformly"},
          {"oneOf", Json::array({ref("price"),
                                 {{"type", "array"}, {"items", ref("price")}, {"minItems", 2}, {"maxItems", 2}}})}}},
    };
    const std::map<std::string_view, Json> rate_props{
        {"success-rate", described(ref("probability"), "drawn again on every attempt (default 1.0)")}};
    std::map<std::string_view, Json> replicas_props;
    for (std::string_view k : section_keys("replicas"))
        replicas_props[k] = integer(1, kReplicasMax, "instances of the service (default 1)");
    // Excluding every invariant checks nothing.
    const Json exclude = {
        {"allOf", Json::array({ref("invariantList"), {{"maxItems", invariant_catalog().size() - 1}}})}};
    const std::map<std::string_view, Json> props{
        {"name",
         {{"type", Json::array({"string", "integer", "boolean"})},
          {"pattern", "^[a-z0-9-]+$"},
          {"description", "the scenario's name: lowercase letters, digits and '-'"}}},
        {"description", described(text, "what the scenario shows")},
        {"seed",
         {{"type", "integer"},
          {"minimum", 0},
          {"maximum", std::numeric_limits<uint64_t>::max()},
          {"description", "the default seed; --seed overrides it"}}},
        {"run", object(section_keys("run"),
                       {{"until", described(ref("time"), "end of the fault phase")},
                        {"quiesce", described(ref("duration"), "how long the heal phase may last (default 60s)")},
                        {"max-steps", integer(1, int64_t(limits::kMaxStepsMax),
                                              "safety valve; hitting it is reported")}},
                       "the phases of a run")},
        {"design", design()},
        {"inventory",
         {{"type", "object"},
          {"description", "stock per SKU before the first order"},
          {"propertyNames", {{"minLength", 1}}},
          {"additionalProperties", integer(0, 2147483647, "initial stock")}}},
        {"orders",
         {{"type", "array"},
          {"description", "explicit client requests (POST /api/orders), in any order"},
          {"items", object(section_keys("orders[]"), order_props, "an order", {"at", "sku", "quantity", "price"})}}},
        {"load", object(section_keys("load"), load_props, "generated client requests, drawn from the seed",
                        {"count", "rate", "skus"})},
        {"restocks",
         {{"type", "array"},
          {"description", "POST /api/inventories during the run"},
          {"items", object(section_keys("restocks[]"), restock_props, "a restock", {"at", "sku", "quantity"})}}},
        {"reserve",
         {{"type", "array"},
          {"description", "POST /api/inventories/reservations: stock taken outside any saga, never given back"},
          {"items", object(section_keys("reserve[]"), reserve_props, "a direct reservation", {"at", "sku", "quantity"})}}},
        {"inject",
         {{"type", "array"},
          {"description", "records produced straight onto a topic, as the seed's integration tests do"},
          {"items", object(section_keys("inject[]"), inject_props, "a record", {"at", "topic", "order-id"})}}},
        {"payment", object(section_keys("payment"), rate_props, "the payment provider")},
        {"shipment", object(section_keys("shipment"), rate_props, "the shipment carrier")},
        {"kafka", object(section_keys("kafka"),
                         {{"partitions", integer(1, 1024, "partitions per topic (default 3)")},
                          {"latency", described(ref("durationRange"), "produce to visible (default [1ms, 5ms])")},
                          {"auto-create-topics",
                           {{"type", "boolean"},
                            {"description", "the broker creates a topic on first use (default false: the seed's compose broker)"}}},
                          {"auto-create-partitions", integer(1, 1024, "partitions of an auto-created topic (default 1)")},
                          {"ack-mode", described({{"enum", {"batch", "record"}}},
                                                 "when listeners commit offsets: batch (seed: after each poll's records) or record")},
                          {"max-poll-records", integer(1, 100000, "records a poll returns at most (default 500)")}},
                         "the broker")},
        {"replicas", object(section_keys("replicas"), replicas_props,
                            "instances per service at the start, each a member of the service's consumer groups")},
        {"timing", object(section_keys("timing"),
                          {{"handle", ref("duration")},
                           {"publish-ack", ref("duration")},
                           {"commit", ref("duration")},
                           {"offset-commit", ref("duration")},
                           {"retry-backoff", ref("duration")}},
                          "virtual time each step of a handler takes")},
        {"faults", faults()},
        {"invariants",
         {{"description", "all, a list of names, or {exclude: [names]}"},
          {"oneOf", Json::array({{{"const", "all"}},
                                 {{"allOf", Json::array({ref("invariantList"), {{"minItems", 1}}})}},
                                 object(section_keys("invariants"), {{"exclude", exclude}},
                                        "all implemented invariants but these", {"exclude"})})}}},
        {"expect", expect()},
    };
    return object(top_level_keys(), props, "a sagasim scenario (scenario-format.md)", {"name"});
}

}  // namespace

std::string scenario_json_schema() {
    Json s;
    s["$schema"] = "http://json-schema.org/draft-07/schema#";
    s["$id"] = "urn:sagasim:scenario-schema:1";
    s["title"] = "sagasim scenario";
    const Json top = top_level();
    for (const auto& [k, v] : top.items()) s[k] = v;
    s["definitions"] = definitions();
    return s.dump(2) + "\n";
}

}  // namespace sagasim
