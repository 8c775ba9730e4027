// The JSON Schema of scenario files: valid JSON with the draft-07 header, its property sets equal
// to the keys the loader accepts, top level, per section and per fault kind, and, value by value,
// refusing what the loader refuses (seeds, durations, probabilities, prices, rates, zero windows).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "services/common/topics.hpp"
#include "sim/check/catalog.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/schema_doc.hpp"

using namespace sagasim;
using nlohmann::json;

namespace {

std::set<std::string> property_names(const json& object_schema) {
    std::set<std::string> r;
    for (const auto& [k, v] : object_schema.at("properties").items()) r.insert(k);
    return r;
}

std::set<std::string> as_set(std::span<const std::string_view> keys) {
    return std::set<std::string>(keys.begin(), keys.end());
}

// The object alternative of a oneOf (design, invariants).
const json& object_branch(const json& schema) {
    for (const auto& s : schema.at("oneOf"))
        if (s.contains("properties")) return s;
    FAIL("no object branch");
    return schema;
}

// Every object schema in the tree, with its path.
void collect_objects(const json& s, const std::string& path, std::vector<std::pair<std::string, json>>& out) {
    if (s.is_object()) {
        if (s.contains("properties")) out.emplace_back(path, s);
        for (const auto& [k, v] : s.items()) collect_objects(v, path + "/" + k, out);
    } else if (s.is_array()) {
        for (size_t i = 0; i < s.size(); ++i) collect_objects(s[i], path + "/" + std::to_string(i), out);
    }
}

}  // namespace

TEST_CASE("the schema is pretty-printed draft-07 JSON", "[schema]") {
    const std::string text = scenario_json_schema();
    REQUIRE(!text.empty());
    CHECK(text.back() == '\n');
    CHECK(text.substr(0, 4) == "{\n  ");
    const json s = json::parse(text);
    CHECK(s.at("$schema") == "http://json-schema.org/draft-07/schema#");
    CHECK(s.at("$id").is_string());
    CHECK(s.at("title") == "sagasim scenario");
    CHECK(s.at("type") == "object");
    CHECK(s.at("required") == json::array({"name"}));
    CHECK(s.at("definitions").at("duration").at("pattern").get<std::string>().starts_with("^0*(([0-9]|"));
    CHECK(s.at("definitions").at("topic").at("enum").size() == 11);
    CHECK(s.at("definitions").at("service").at("enum") == json::array({"order", "inventory", "payment", "shipment"}));
    CHECK(s.at("definitions").at("invariant").at("enum").size() == invariant_catalog().size());
    CHECK(s.at("properties").at("expect").at("properties").at("records").at("properties").size() == size_t(kTopicIdCount));
    // The same schema every time: it is printed into scenarios/ and compared.
    CHECK(scenario_json_schema() == text);
}

TEST_CASE("the schema's top-level properties are the loader's top-level keys", "[schema]") {
    const json s = json::parse(scenario_json_schema());
    CHECK(property_names(s) == as_set(top_level_keys()));
}

TEST_CASE("the schema's sections have the loader's keys", "[schema]") {
    const json p = json::parse(scenario_json_schema()).at("properties");
    CHECK(property_names(p.at("run")) == as_set(section_keys("run")));
    CHECK(property_names(object_branch(p.at("design"))) == as_set(section_keys("design")));
    CHECK(property_names(p.at("orders").at("items")) == as_set(section_keys("orders[]")));
    CHECK(property_names(p.at("load")) == as_set(section_keys("load")));
    CHECK(property_names(p.at("restocks").at("items")) == as_set(section_keys("restocks[]")));
    CHECK(property_names(p.at("inject").at("items")) == as_set(section_keys("inject[]")));
    CHECK(property_names(p.at("payment")) == as_set(section_keys("payment")));
    CHECK(property_names(p.at("shipment")) == as_set(section_keys("shipment")));
    CHECK(property_names(p.at("kafka")) == as_set(section_keys("kafka")));
    CHECK(property_names(p.at("replicas")) == as_set(section_keys("replicas")));
    CHECK(property_names(p.at("timing")) == as_set(section_keys("timing")));
    CHECK(property_names(object_branch(p.at("invariants"))) == as_set(section_keys("invariants")));
    CHECK(property_names(p.at("expect")) == as_set(section_keys("expect")));
    const json& kinds = p.at("faults").at("items").at("oneOf");
    REQUIRE(kinds.size() == fault_kinds().size());
    for (size_t i = 0; i < kinds.size(); ++i) {
        const std::string name(fault_kinds()[i].name);
        CAPTURE(name);
        CHECK(property_names(kinds[i]) == std::set<std::string>{name});
        CHECK(property_names(kinds[i].at("properties").at(name)) == as_set(section_keys(name)));
    }
}

TEST_CASE("every map in the schema is closed and every property has a schema", "[schema]") {
    const json s = json::parse(scenario_json_schema());
    std::vector<std::pair<std::string, json>> objects;
    collect_objects(s, "", objects);
    CHECK(objects.size() > 20);
    for (const auto& [path, o] : objects) {
        CAPTURE(path);
        if (path.find("/definitions") == 0 && !o.contains("type")) continue;
        CHECK(o.at("additionalProperties") == false);
        for (const auto& [k, v] : o.at("properties").items()) {
            CAPTURE(k);
            CHECK(!v.empty());
        }
    }
}

TEST_CASE("docs/scenario-keys.md is what `sagasim schema --markdown` prints", "[schema]") {
    // Regenerate it with `build/sagasim schema --markdown > docs/scenario-keys.md`.
    std::ifstream in(std::string(SAGASIM_SOURCE_DIR) + "/docs/scenario-keys.md", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str() == sagasim::scenario_keys_markdown());
}

TEST_CASE("the key reference has a row for every key path of the schema", "[schema]") {
    const std::string doc = sagasim::scenario_keys_markdown();
    // Spot checks of each kind of path: a section's key, a list entry's key, a branch's key, a
    // value type's heading and a link to it.
    for (const char* row : {"| `run.until` | [time](#time) |", "| `kafka.ack-mode` |", "| `faults[].duplicate.id` | [id](#id) |",
                            "| `orders[].id` |", "| `expect.violations.allowed` |", "### duration\n",
                            "](#duration)"}) {
        CAPTURE(row);
        CHECK(doc.find(row) != std::string::npos);
    }
}

TEST_CASE("scenarios/scenario.schema.json is what `sagasim schema` prints", "[schema]") {
    // Every shipped scenario points its editor at this file; regenerate it with
    // `build/sagasim schema > scenarios/scenario.schema.json` when the format changes.
    std::ifstream in(std::string(SAGASIM_SOURCE_DIR) + "/scenarios/scenario.schema.json", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str() == sagasim::scenario_json_schema());
}

namespace {

// A small JSON Schema (draft-07) validator for the keywords the scenario schema uses, so that a
// test can ask what an editor would flag. multipleOf is decimal, as the YAML language server
// (vscode-json-languageservice) computes it, not a floating-point division.
class MiniValidator {
public:
    explicit MiniValidator(json root) : root_(std::move(root)) {}
    bool valid(const json& v) const { return check(root_, v); }

private:
    static long double number(const json& v) {
        if (v.is_number_unsigned()) return static_cast<long double>(v.get<uint64_t>());
        if (v.is_number_integer()) return static_cast<long double>(v.get<int64_t>());
        return static_cast<long double>(v.get<double>());
    }
    // Decimal places of a number as its shortest round-trip text has them ("1e-06": 6).
    static int decimals(const json& v) {
        if (!v.is_number_float()) return 0;
        const std::string t = fmt::format("{}", v.get<double>());
        const size_t e = t.find('e');
        const std::string mantissa = t.substr(0, e);
        const size_t dot = mantissa.find('.');
        int d = dot == std::string::npos ? 0 : int(mantissa.size() - dot - 1);
        if (e != std::string::npos) d -= std::stoi(t.substr(e + 1));
        return std::max(d, 0);
    }
    static bool has_type(const json& v, const std::string& t) {
        if (t == "string") return v.is_string();
        if (t == "boolean") return v.is_boolean();
        if (t == "object") return v.is_object();
        if (t == "array") return v.is_array();
        if (t == "number") return v.is_number();
        if (t == "integer")
            return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
        return t == "null" && v.is_null();
    }
    bool check(const json& s, const json& v) const {
        if (s.contains("$ref")) {
            const std::string r = s.at("$ref");
            return check(root_.at("definitions").at(r.substr(std::string("#/definitions/").size())), v);
        }
        if (s.contains("type")) {
            bool any = false;
            if (s.at("type").is_array()) {
                for (const auto& t : s.at("type")) any = any || has_type(v, t);
            } else {
                any = has_type(v, s.at("type"));
            }
            if (!any) return false;
        }
        if (s.contains("const") && v != s.at("const")) return false;
        if (s.contains("enum") && std::find(s.at("enum").begin(), s.at("enum").end(), v) == s.at("enum").end())
            return false;
        if (v.is_string()) {
            const std::string& t = v.get_ref<const std::string&>();
            if (s.contains("pattern") && !std::regex_search(t, std::regex(s.at("pattern").get<std::string>())))
                return false;
            if (s.contains("minLength") && t.size() < s.at("minLength").get<size_t>()) return false;
        }
        if (v.is_number()) {
            const long double x = number(v);
            if (s.contains("minimum") && x < number(s.at("minimum"))) return false;
            if (s.contains("maximum") && x > number(s.at("maximum"))) return false;
            if (s.contains("exclusiveMinimum") && x <= number(s.at("exclusiveMinimum"))) return false;
            // Only powers of ten are used: at most that many decimals.
            if (s.contains("multipleOf") && decimals(v) > decimals(s.at("multipleOf"))) return false;
        }
        if (v.is_array()) {
            if (s.contains("minItems") && v.size() < s.at("minItems").get<size_t>()) return false;
            if (s.contains("maxItems") && v.size() > s.at("maxItems").get<size_t>()) return false;
            if (s.contains("uniqueItems") && std::set<json>(v.begin(), v.end()).size() != v.size()) return false;
            if (s.contains("items"))
                for (const auto& item : v)
                    if (!check(s.at("items"), item)) return false;
        }
        if (v.is_object()) {
            if (s.contains("required"))
                for (const auto& k : s.at("required"))
                    if (!v.contains(k.get<std::string>())) return false;
            for (const auto& [k, item] : v.items()) {
                if (s.contains("propertyNames") && !check(s.at("propertyNames"), json(k))) return false;
                if (s.contains("properties") && s.at("properties").contains(k)) {
                    if (!check(s.at("properties").at(k), item)) return false;
                } else if (s.contains("additionalProperties")) {
                    const json& a = s.at("additionalProperties");
                    if (a.is_boolean() ? !a.get<bool>() : !check(a, item)) return false;
                }
            }
        }
        if (s.contains("allOf"))
            for (const auto& sub : s.at("allOf"))
                if (!check(sub, v)) return false;
        if (s.contains("oneOf")) {
            int n = 0;
            for (const auto& sub : s.at("oneOf")) n += check(sub, v) ? 1 : 0;
            if (n != 1) return false;
        }
        if (s.contains("anyOf")) {
            bool any = false;
            for (const auto& sub : s.at("anyOf")) any = any || check(sub, v);
            if (!any) return false;
        }
        if (s.contains("not") && check(s.at("not"), v)) return false;
        return true;
    }
    json root_;
};

// Whether the loader takes `text` (JSON is YAML flow), and whether the schema does.
struct Verdicts {
    bool loader;
    bool schema;
};

Verdicts verdicts(const std::string& text) {
    static const MiniValidator v(json::parse(scenario_json_schema()));
    bool loads = true;
    try {
        load_scenario_text(text, "t.yaml");
    } catch (const ScenarioError&) {
        loads = false;
    }
    return {loads, v.valid(json::parse(text))};
}

// The scenario {"name": "a", <member>}.
std::string with(const std::string& member) { return "{\"name\": \"a\", " + member + "}"; }
std::string until(const std::string& d) { return with("\"run\": {\"until\": \"" + d + "\"}"); }
std::string rate(const std::string& p) { return with("\"payment\": {\"success-rate\": " + p + "}"); }
std::string price(const std::string& p) {
    return with("\"orders\": [{\"at\": \"0s\", \"sku\": \"A\", \"quantity\": 1, \"price\": " + p + "}]");
}
std::string load(const std::string& fields) {
    return with("\"load\": {\"count\": 1, \"skus\": [\"A\"], " + fields + "}");
}

// The schema refuses `text` and so does the loader.
void both_refuse(const std::string& text) {
    CAPTURE(text);
    const Verdicts v = verdicts(text);
    CHECK(!v.loader);
    CHECK(!v.schema);
}

void both_accept(const std::string& text) {
    CAPTURE(text);
    const Verdicts v = verdicts(text);
    CHECK(v.loader);
    CHECK(v.schema);
}

}  // namespace

TEST_CASE("the schema refuses a seed above 2^64-1, as the loader does", "[schema]") {
    both_accept(with("\"seed\": 18446744073709551615"));
    both_refuse(with("\"seed\": 18446744073709551616"));
    both_refuse(with("\"seed\": -1"));
}

TEST_CASE("the schema refuses a duration above 2400h in every unit, as the loader does", "[schema]") {
    for (const char* d : {"2400h", "144000m", "8640000s", "8640000000ms", "8640000000000us", "0s", "0100ms", "999us"})
        both_accept(until(d));
    for (const char* d : {"2401h", "144001m", "8640001s", "8640000001ms", "8640000000001us", "9999h", "10000h",
                          "1.5s", "-1s", "5sec", "5MS"})
        both_refuse(until(d));
}

TEST_CASE("the schema refuses a probability with 7 decimals, as the loader does", "[schema]") {
    for (const char* p : {"0.123456", "0.9", "0.05", "1", "0", "0.000001"}) both_accept(rate(p));
    for (const char* p : {"0.1234567", "0.0000001", "1.5", "-0.1", "\"0.5\""}) both_refuse(rate(p));
}

TEST_CASE("the schema refuses a price of 0.00 or with a third decimal, as the loader does", "[schema]") {
    for (const char* p : {"\"0.01\"", "\"9.99\"", "\"9.9\"", "\"10000000.00\"", "\"0009.99\"", "9.99", "10", "0.01",
                          "10000000"})
        both_accept(price(p));
    for (const char* p : {"\"0.00\"", "\"0\"", "\"00.0\"", "0", "\"9.999\"", "9.999", "\"10000000.01\"",
                          "10000000.01", "\"-1.00\"", "-1"})
        both_refuse(price(p));
    // An injected amount may be 0.
    both_accept(with("\"inject\": [{\"at\": \"0s\", \"topic\": \"payment-failed-topic\", \"order-id\": 1, "
                     "\"amount\": \"0.00\"}]"));
    both_refuse(with("\"inject\": [{\"at\": \"0s\", \"topic\": \"payment-failed-topic\", \"order-id\": 1, "
                     "\"amount\": \"0.001\"}]"));
}

TEST_CASE("the schema refuses rate 0/s and a zero window, interval or saga-timeout, as the loader does", "[schema]") {
    for (const char* r : {"1/s", "1000000/m", "200/ms", "01/s"}) both_accept(load("\"rate\": \"" + std::string(r) + "\""));
    for (const char* r : {"0/s", "00/s", "1000001/s", "1/h", "1.5/s"})
        both_refuse(load("\"rate\": \"" + std::string(r) + "\""));
    const auto reorder = [](const char* w) {
        return with(std::string("\"faults\": [{\"reorder\": {\"topic\": \"*\", \"window\": \"") + w + "\"}}]");
    };
    const auto nemesis = [](const char* i) {
        return with(std::string("\"faults\": [{\"nemesis\": {\"kinds\": [\"crash\"], \"interval\": \"") + i +
                    "\", \"duration\": \"1s\"}}]");
    };
    const auto timeout = [](const char* t) {
        return with(std::string("\"design\": {\"saga-timeout\": \"") + t + "\"}");
    };
    both_accept(reorder("1us"));
    both_accept(nemesis("5s"));
    both_accept(timeout("30s"));
    for (const char* z : {"0ms", "0s", "000us", "0h"}) {
        both_refuse(reorder(z));
        both_refuse(nemesis(z));
        both_refuse(timeout(z));
    }
}

TEST_CASE("the schema takes a single load quantity and price, and refuses invariants that check nothing", "[schema]") {
    both_accept(load("\"rate\": \"1/s\", \"quantity\": 1, \"price\": \"9.99\""));
    both_accept(load("\"rate\": \"1/s\", \"quantity\": [1, 3], \"price\": [\"1.00\", \"9.99\"]"));
    both_refuse(load("\"rate\": \"1/s\", \"quantity\": 0"));
    both_refuse(load("\"rate\": \"1/s\", \"price\": \"0.00\""));
    both_accept(with("\"invariants\": [\"saga-terminates\"]"));
    both_refuse(with("\"invariants\": []"));
    json all = json::array();
    for (const auto& i : invariant_catalog()) all.push_back(std::string(i.name));
    both_refuse(with("\"invariants\": {\"exclude\": " + all.dump() + "}"));
    all.erase(all.begin());
    both_accept(with("\"invariants\": {\"exclude\": " + all.dump() + "}"));
}

TEST_CASE("the schema covers expect's violations allowed, reservations, events and at", "[schema]") {
    both_accept(with("\"expect\": {\"violations\": {\"allowed\": [\"saga-terminates\"]}, \"reservations\": 0}"));
    both_accept(with("\"inventory\": {\"SKU-1\": 1}, \"expect\": {\"events\": [{\"topic\": \"order-failed-topic\", "
                     "\"order-id\": 1, \"sku\": \"SKU-1\", \"quantity\": 5, \"reason\": \"x\"}], "
                     "\"at\": [{\"time\": \"60ms\", \"status\": {\"PAID\": 1}}]}"));
    both_refuse(with("\"expect\": {\"violations\": {\"allow\": [\"saga-terminates\"]}}"));
    both_refuse(with("\"expect\": {\"reservations\": -1}"));
    both_refuse(with("\"expect\": {\"events\": [{\"topic\": \"order-paid-topic\"}]}"));
    both_refuse(with("\"expect\": {\"events\": [{\"topic\": \"order-paid-topic\", \"order-id\": 0}]}"));
    both_refuse(with("\"expect\": {\"at\": [{\"time\": \"60ms\", \"status\": {\"PAYED\": 1}}]}"));
    both_refuse(with("\"expect\": {\"at\": [{\"time\": \"2401h\", \"status\": {}}]}"));
    const json p = json::parse(scenario_json_schema()).at("properties").at("expect").at("properties");
    CHECK(property_names(object_branch(p.at("violations"))) == as_set(section_keys("expect.violations")));
    CHECK(property_names(p.at("events").at("items")) == as_set(section_keys("expect.events[]")));
    CHECK(property_names(p.at("at").at("items")) == as_set(section_keys("expect.at[]")));
}

TEST_CASE("the schema covers replicas, replica and scale, as the loader does", "[schema]") {
    const auto fault = [](const std::string& f) { return with("\"faults\": [" + f + "]"); };
    both_accept(with("\"replicas\": {\"order\": 1, \"inventory\": 16}"));
    both_refuse(with("\"replicas\": {\"order\": 0}"));
    both_refuse(with("\"replicas\": {\"payment\": 17}"));
    both_refuse(with("\"replicas\": {\"db\": 2}"));
    both_accept(with("\"replicas\": {\"inventory\": 2}, \"faults\": [{\"crash\": {\"service\": \"inventory\", "
                     "\"replica\": 2, \"at\": \"1s\"}}]"));
    both_refuse(fault("{\"crash\": {\"service\": \"inventory\", \"replica\": 0, \"at\": \"1s\"}}"));
    both_refuse(fault("{\"drop\": {\"topic\": \"*\", \"replica\": 1}}"));
    for (const char* k : {"db-outage", "disconnect", "pause"})
        both_accept(fault(fmt::format("{{\"{}\": {{\"service\": \"order\", \"replica\": 1, \"from\": \"1s\", "
                                      "\"to\": \"2s\"}}}}",
                                      k)));
    both_accept(fault("{\"slow-commit\": {\"service\": \"order\", \"replica\": 1, \"by\": \"1ms\"}}"));
    // A slow-commit window: from and to without by, and then nothing that narrows a draw.
    both_accept(fault("{\"slow-commit\": {\"service\": \"order\", \"from\": \"1s\", \"to\": \"2s\"}}"));
    both_accept(fault("{\"slow-commit\": {\"service\": \"order\", \"from\": \"1s\", \"to\": \"2s\", \"by\": \"1ms\", "
                      "\"probability\": 0.5}}"));
    both_refuse(fault("{\"slow-commit\": {\"service\": \"order\", \"from\": \"1s\"}}"));
    for (const char* k : {"probability\": 0.5", "order\": 1", "nth\": 2"})
        both_refuse(fault(fmt::format("{{\"slow-commit\": {{\"service\": \"order\", \"from\": \"1s\", \"to\": \"2s\", \"{}}}}}", k)));
    both_accept(fault("{\"scale\": {\"service\": \"inventory\", \"at\": \"5s\", \"replicas\": 3}}"));
    both_refuse(fault("{\"scale\": {\"service\": \"inventory\", \"at\": \"5s\", \"replicas\": 0}}"));
    both_refuse(fault("{\"scale\": {\"service\": \"inventory\", \"at\": \"5s\"}}"));
    both_refuse(fault("{\"scale\": {\"service\": \"inventory\", \"replicas\": 2}}"));
    both_refuse(fault("{\"nemesis\": {\"kinds\": [\"scale\"], \"interval\": \"1s\", \"duration\": \"1s\"}}"));
}
