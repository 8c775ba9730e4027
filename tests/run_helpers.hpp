// Helpers for tests that run scenarios written inline as YAML: load (with faults and designs
// allowed), run at a seed, and collect the names of the violated invariants.
#pragma once

#include <set>
#include <string>

#include "sim/run/run.hpp"
#include "sim/scenario/loader.hpp"

namespace sagasim::testing {

inline RunResult run_yaml(const std::string& yaml, uint64_t seed, std::FILE* trace = nullptr) {
    LoadOptions opts;
    opts.allow_unimplemented = true;
    const Scenario sc = load_scenario_text(yaml, "inline.yaml", opts);
    return run_scenario(sc, RunOptions{seed, trace});
}

inline std::set<std::string> violated(const RunResult& r) {
    std::set<std::string> out;
    for (const Violation& v : r.violations) out.insert(v.invariant);
    return out;
}

inline int64_t stock_of(const RunResult& r, const std::string& sku) {
    for (const auto& [n, q] : r.stock)
        if (n == sku) return q;
    return -1;
}

}  // namespace sagasim::testing
