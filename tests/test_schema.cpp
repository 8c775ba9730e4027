// The JSON Schema of scenario files: valid JSON with the draft-07 header, and its property sets
// equal to the keys the loader accepts, top level, per section and per fault kind.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <set>

#include <nlohmann/json.hpp>

#include "sim/check/catalog.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/schema.hpp"

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
    CHECK(s.at("definitions").at("duration").at("pattern") == "^[0-9]+(us|ms|s|m|h)$");
    CHECK(s.at("definitions").at("topic").at("enum").size() == 11);
    CHECK(s.at("definitions").at("service").at("enum") == json::array({"order", "inventory", "payment", "shipment"}));
    CHECK(s.at("definitions").at("invariant").at("enum").size() == invariant_catalog().size());
    CHECK(s.at("properties").at("expect").at("properties").at("records").at("properties").size() == 20);
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

TEST_CASE("scenarios/scenario.schema.json is what `sagasim schema` prints", "[schema]") {
    // Every shipped scenario points its editor at this file; regenerate it with
    // `build/sagasim schema > scenarios/scenario.schema.json` when the format changes.
    std::ifstream in(std::string(SAGASIM_SOURCE_DIR) + "/scenarios/scenario.schema.json", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str() == sagasim::scenario_json_schema());
}
