// A trace in Chrome Trace Event format (the JSON object form, {"traceEvents": [...]}), which
// ui.perfetto.dev and chrome://tracing open: a process per service (and one for the broker, the
// client, the checker and the orders), a thread per lane named by metadata events, complete
// slices for the handlers' executions and for every other step, a flow from each record's send
// to each of its deliveries, an async track per order, and instant events for faults and
// violations. Timestamps are the run's virtual microseconds. Same trace, same bytes.
#pragma once

#include <string>

#include "reports/trace_reader.hpp"

namespace sagasim::reports {

std::string render_perfetto(const Trace& trace);

}  // namespace sagasim::reports
