// Helpers for tests that run scenarios written inline as YAML: load, run at a seed, and collect
// the names of the violated invariants.
#pragma once

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/run/run.hpp"
#include "sim/scenario/loader.hpp"

namespace sagasim::testing {

inline RunResult run_yaml(const std::string& yaml, uint64_t seed, std::FILE* trace = nullptr) {
    const Scenario sc = load_scenario_text(yaml, "inline.yaml");
    RunOptions o;
    o.seed = seed;
    o.trace = trace;
    return run_scenario(sc, o);
}

// A run with a trace, read back: its header, its steps and its footer (docs/trace-format.md).
struct Traced {
    RunResult result;
    nlohmann::json header;
    std::vector<nlohmann::json> steps;
    nlohmann::json footer;
};

inline Traced run_traced(const std::string& yaml, uint64_t seed) {
    Traced t;
    std::FILE* f = std::tmpfile();
    t.result = run_yaml(yaml, seed, f);
    std::rewind(f);
    std::string line;
    for (int c; (c = std::fgetc(f)) != EOF;) {
        if (c != '\n') {
            line += char(c);
            continue;
        }
        nlohmann::json j = nlohmann::json::parse(line);
        line.clear();
        if (!j.contains("record")) t.steps.push_back(std::move(j));
        else if (j["record"] == "header") t.header = std::move(j);
        else t.footer = std::move(j);
    }
    std::fclose(f);
    return t;
}

// The steps of a traced run.
inline std::vector<nlohmann::json> traced(const std::string& yaml, uint64_t seed, RunResult* out = nullptr) {
    Traced t = run_traced(yaml, seed);
    if (out) *out = t.result;
    return std::move(t.steps);
}

inline std::vector<nlohmann::json> of_kind(const std::vector<nlohmann::json>& steps, const std::string& kind) {
    std::vector<nlohmann::json> out;
    for (const nlohmann::json& s : steps)
        if (s["kind"] == kind) out.push_back(s);
    return out;
}

inline std::set<std::string> violated(const RunResult& r) {
    std::set<std::string> out;
    for (const Violation& v : r.violations) out.insert(std::string(v.invariant));
    return out;
}

inline int64_t stock_of(const RunResult& r, const std::string& sku) {
    for (const auto& [n, q] : r.stock)
        if (n == sku) return q;
    return -1;
}

}  // namespace sagasim::testing
