// Judges a run's `expect` block (scenario-format.md, "Expectations"). Without `expect`, a run
// passes when no invariant is violated. With it, every expectation must hold; when the block
// does not mention `violations`, `violations: none` is implied, so pinning the final states
// never hides a violated invariant.
#pragma once

#include <string>
#include <vector>

#include "sim/run/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// One line per expectation that did not hold ("expect.final: expected ..., got ..."); empty
// when the run passes.
std::vector<std::string> judge_expectations(const Scenario& scenario, const RunResult& result);

}  // namespace sagasim
