// The data of the HTML report, as the JSON the page reads: the trace's header and footer, the
// steps (a window of at most kReportStepsMax of them around the first violation, saying what it
// left out), the orders with their statuses over time, the violations, the fault windows, and the
// `Reproduce with:` line. A pure function of the trace: same trace, same bytes.
#pragma once

#include <cstddef>
#include <string>

#include "reports/trace_reader.hpp"

namespace sagasim::reports {

// The report's ceiling (docs in reports/README.md): past it, the page shows this many steps around
// the first violation (or from the start, without one).
inline constexpr size_t kReportStepsMax = 200000;

// The data as JSON, made inert for a <script> element: '<', '>', '&', U+2028 and U+2029 are
// written as \u escapes, so no string of a scenario can end the element or run anything.
std::string report_data_json(const Trace& trace, size_t steps_max = kReportStepsMax);

// Replaces '<', '>', '&', U+2028 and U+2029 in JSON text by their \u escapes (they can only stand
// inside strings there, where the escape means the same character).
void make_inert(std::string& json);

// The command that repeats the run: `sagasim run SCENARIO --seed N` (or `--replay-decisions TAPE`).
std::string reproduce_line(const Trace& trace);

}  // namespace sagasim::reports
