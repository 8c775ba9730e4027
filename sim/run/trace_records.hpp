// The first and last lines of a trace (docs/trace-format.md): the header (tool version, scenario
// path and sha256, seed or tape, design, topics with their partitions, lanes, faults, invariants)
// and the footer (steps, digest, verdict, counters, end reason).
#pragma once

#include <string>
#include <vector>

#include "sim/faults/fault_table.hpp"
#include "sim/run/run.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/step/lanes.hpp"

namespace sagasim {

inline constexpr int kTraceFormatVersion = 1;

std::string trace_header(const Scenario& sc, const Lanes& lanes, const std::vector<FaultIdentity>& faults,
                         const RunOptions& options);
std::string trace_footer(const RunResult& r, std::string_view verdict);

}  // namespace sagasim
