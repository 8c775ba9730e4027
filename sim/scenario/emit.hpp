// A Scenario written back out as a scenario file (../shared/docs/scenario-format.md): what
// `sagasim shrink` writes. Every value the loader holds is written in the form the loader reads
// back to the same value, so emit -> load -> emit is a fixed point (tests/test_emit.cpp). Values
// at their defaults are left out; the sections come in the order the loader reads them, so SKUs
// get the same ids again. Only the scenario folder knows the file's words.
#pragma once

#include <string>

#include "sim/scenario/scenario.hpp"

namespace sagasim {

// The scenario as YAML, after `header` (comment lines, each already starting with '#').
std::string emit_scenario(const Scenario& sc, const std::string& header = "");

}  // namespace sagasim
