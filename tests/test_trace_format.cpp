// The trace format of docs/trace-format.md, checked on the traces of every shipped scenario: the
// header's keys, each step's keys by kind (and no others), numbering, time, causes, lanes, fault
// identities, the links of acks and violations, and a footer whose digest is the run's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/loader.hpp"

using namespace sagasim;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> shipped_scenarios() {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(SAGASIM_SOURCE_DIR) / "scenarios"))
        if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

const std::set<std::string> kStepKinds{
    "initial-stock", "client-request", "restock", "direct-reserve", "inject",     "send",     "fault",         "lost",
    "append",        "ack",            "timeout",      "deliver",    "decide",   "commit",        "rollback",
    "offset-commit", "retry",          "dead-letter",  "skip",       "done",     "abandon",       "crash",
    "restart",       "window-begin",   "window-end",   "timer",      "violation",     "phase-end", "rebalance"};

const std::set<std::string> kCommonKeys{"step",    "t",     "kind",    "lane",   "service", "topic",  "partition",
                                        "offset",  "orderId", "event", "eventId", "attempt", "cause", "fault",
                                        "faultKind"};

// The keys a kind may have besides the common ones, and the keys it must have.
struct KindRule {
    std::set<std::string> own;
    std::set<std::string> required;
};
const std::map<std::string, KindRule>& kind_rules() {
    static const std::map<std::string, KindRule> rules{
        {"initial-stock", {{"writes"}, {"writes", "service"}}},
        {"client-request", {{"failure"}, {"service"}}},
        {"restock", {{"failure"}, {"service"}}},
        {"direct-reserve", {{"failure"}, {"service"}}},
        {"rebalance", {{"assigned", "why"}, {"service", "topic", "partition", "assigned", "why"}}},
        {"inject", {{}, {"topic", "orderId", "event", "eventId"}}},
        {"send", {{}, {"topic", "partition", "orderId", "event", "eventId"}}},
        {"fault", {{}, {"fault", "faultKind"}}},
        {"lost", {{"failure"}, {"topic", "partition", "event", "eventId"}}},
        {"append", {{"readers", "copy"}, {"topic", "partition", "offset", "event", "eventId", "readers"}}},
        {"ack", {{"append"}, {"service", "event", "eventId"}}},
        {"timeout", {{}, {"service", "event"}}},
        {"deliver", {{}, {"service", "topic", "partition", "offset", "event", "eventId", "attempt", "cause"}}},
        {"decide", {{"outcome", "note", "from", "to"}, {"service", "outcome", "cause"}}},
        {"commit", {{"writes", "outbox"}, {"service"}}},
        {"rollback", {{"failure"}, {"service", "failure"}}},
        {"offset-commit", {{"failure"}, {"service", "topic", "partition", "offset"}}},
        {"retry", {{}, {"service", "topic", "partition", "offset", "attempt"}}},
        {"dead-letter", {{}, {"service", "topic", "partition", "offset"}}},
        {"skip", {{}, {"service", "topic", "partition", "offset"}}},
        {"done", {{"failure"}, {"service"}}},
        {"abandon", {{}, {"service", "cause"}}},
        {"crash", {{}, {"service", "fault", "faultKind"}}},
        {"restart", {{}, {"service"}}},
        {"window-begin", {{}, {"service", "fault", "faultKind"}}},
        {"window-end", {{}, {"service", "fault", "faultKind"}}},
        {"timer", {{"timer"}, {"service", "orderId", "timer"}}},
        {"phase-end", {{"why"}, {"why"}}},
        {"violation",
         {{"invariant", "orderNumber", "subject", "expected", "actual", "history"},
          {"invariant", "expected", "actual", "history", "cause"}}},
    };
    return rules;
}

// Checks one trace; returns the footer.
json check_trace(const std::string& text, const RunResult& r) {
    std::vector<json> lines;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t nl = text.find('\n', pos);
        REQUIRE(nl != std::string::npos);  // every line ends with \n
        lines.push_back(json::parse(text.substr(pos, nl - pos)));
        pos = nl + 1;
    }
    REQUIRE(lines.size() >= 2);
    const json& h = lines.front();
    CHECK(h["record"] == "header");
    CHECK(h["format"] == "sagasim-trace");
    CHECK(h["version"] == 1);
    for (const char* k : {"tool", "scenario", "name", "sha256", "seed", "design", "topics", "lanes", "faults",
                          "invariants"})
        CHECK(h.contains(k));
    CHECK(std::regex_match(h["sha256"].get<std::string>(), std::regex("[0-9a-f]{64}")));
    CHECK(h["topics"].size() == 31);
    for (const json& t : h["topics"]) {
        const std::string name = t["name"].get<std::string>();
        const bool dash = name.size() > 4 && name.compare(name.size() - 4, 4, "-dlt") == 0;
        CHECK(t["created"] == (dash ? (t["partitions"] == 0 ? "never" : "on-first-use") : "declared"));
    }
    const json& lanes = h["lanes"];
    std::set<std::string> fault_ids;
    for (const json& f : h["faults"]) {
        CHECK(fault_ids.insert(f["id"].get<std::string>()).second);  // identities are unique
        CHECK(f["line"].get<int>() >= 1);
    }
    const std::set<std::string> lane_kinds{"listener", "http",      "relay",  "saga-timeout", "producer",
                                           "process",  "partition", "client", "checker"};
    for (const json& l : lanes) CHECK(lane_kinds.count(l["kind"].get<std::string>()) == 1);

    std::map<uint64_t, std::string> kind_of;
    int64_t last_t = 0;
    uint64_t n = 0;
    for (size_t i = 1; i + 1 < lines.size(); ++i) {
        const json& s = lines[i];
        CAPTURE(s.dump());
        REQUIRE_FALSE(s.contains("record"));
        ++n;
        REQUIRE(s["step"] == n);
        const std::string kind = s["kind"];
        REQUIRE(kStepKinds.count(kind) == 1);
        kind_of[n] = kind;
        const int64_t t = s["t"];
        CHECK(t >= last_t);
        last_t = t;
        const uint64_t lane = s["lane"];
        REQUIRE(lane < lanes.size());
        const KindRule& rule = kind_rules().at(kind);
        for (const auto& [key, value] : s.items()) CHECK((kCommonKeys.count(key) || rule.own.count(key)));
        for (const std::string& key : rule.required) CHECK(s.contains(key));
        if (s.contains("cause")) CHECK(s["cause"].get<uint64_t>() < n);
        if (s.contains("fault")) CHECK(fault_ids.count(s["fault"].get<std::string>()) == 1);
        if (s.contains("eventId"))
            CHECK(std::regex_match(s["eventId"].get<std::string>(),
                                   std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
        const json& ln = lanes[lane];
        if (kind == "append") {
            // On its partition's lane.
            CHECK(ln["kind"] == "partition");
            CHECK(ln["topic"] == s["topic"]);
            CHECK(ln["partition"] == s["partition"]);
        }
        if (kind == "deliver") {
            CHECK(ln["kind"] == "listener");
            CHECK(ln["topic"] == s["topic"]);
            CHECK(kind_of.at(s["cause"]) == "append");
        }
        if (kind == "ack" && s.contains("append")) CHECK(kind_of.at(s["append"]) == "append");
        if (kind == "violation") {
            CHECK(ln["kind"] == "checker");
            for (const json& hs : s["history"]) CHECK(hs.get<uint64_t>() < n);
        }
        if (kind == "crash" || kind == "restart" || kind == "window-begin" || kind == "window-end")
            CHECK(ln["kind"] == "process");
        if (s.contains("writes"))
            for (const json& w : s["writes"])
                CHECK(std::set<std::string>{"order-created", "order-status", "stock", "payment", "refund",
                                            "shipment"}
                          .count(w["write"].get<std::string>()) == 1);
    }
    const json& f = lines.back();
    CHECK(f["record"] == "footer");
    CHECK(f["steps"] == n);
    CHECK(f["steps"] == r.steps);
    CHECK(f["digest"] == r.digest);
    CHECK(f["decisions"] == r.decisions);
    CHECK(f["fault_acted"].size() == h["faults"].size());
    CHECK(std::set<std::string>{"PASS", "FAIL", "INCONCLUSIVE"}.count(f["verdict"].get<std::string>()) == 1);
    CHECK(std::set<std::string>{"drained", "quiesce-limit", "max-steps"}.count(f["end"].get<std::string>()) == 1);
    return f;
}

std::string trace_of(const Scenario& sc, uint64_t seed, RunResult* r) {
    std::FILE* f = std::tmpfile();
    *r = run_scenario(sc, seeded(seed, f));
    std::rewind(f);
    std::string text;
    for (int c; (c = std::fgetc(f)) != EOF;) text += char(c);
    std::fclose(f);
    return text;
}

}  // namespace

TEST_CASE("the traces of all shipped scenarios follow docs/trace-format.md", "[trace]") {
    const auto files = shipped_scenarios();
    REQUIRE(files.size() >= 30);
    std::set<std::string> kinds_seen;
    for (const std::string& path : files) {
        CAPTURE(path);
        const Scenario sc = load_scenario_file(path);
        RunResult r;
        const std::string text = trace_of(sc, sc.seed.value_or(0), &r);
        const json footer = check_trace(text, r);
        CHECK(footer["verdict"] == "PASS");  // every shipped scenario passes (tests/test_golden.cpp)
        for (const char* k : {"\"kind\":\"", "\"write\":\""}) {
            for (size_t p = text.find(k); p != std::string::npos; p = text.find(k, p + 1)) {
                const size_t a = p + std::string(k).size();
                kinds_seen.insert(text.substr(a, text.find('"', a) - a));
            }
        }
    }
    // The shipped scenarios exercise every step kind but a few; the format test must not pass for
    // want of examples.
    for (const char* k : {"initial-stock", "client-request", "inject", "send", "fault", "lost", "append", "ack",
                          "timeout", "deliver", "decide", "commit", "rollback", "offset-commit", "retry",
                          "dead-letter", "skip", "done", "crash", "restart", "window-begin", "window-end", "timer", "phase-end",
                          "violation", "order-created", "order-status", "stock", "payment", "shipment"}) {
        CAPTURE(k);
        CHECK(kinds_seen.count(k) == 1);
    }
}
