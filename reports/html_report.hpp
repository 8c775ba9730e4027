// The HTML timeline of a run: one self-contained page (template, CSS, JavaScript and the run's data
// inline; no network, no file fetches; it works from file://), drawn by reports/timeline.js.
#pragma once

#include <string>

#include "reports/trace_reader.hpp"

namespace sagasim::reports {

std::string render_html_report(const Trace& trace);

}  // namespace sagasim::reports
