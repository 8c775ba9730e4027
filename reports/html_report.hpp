// The HTML timeline of a run: one self-contained page (template, CSS, JavaScript and the run's data
// inline; no network, no file fetches; it works from file://), drawn by reports/timeline.js.
#pragma once

#include <string>
#include <string_view>

#include "reports/trace_reader.hpp"

namespace sagasim::reports {

std::string render_html_report(const Trace& trace);

// A page: reports/head.html with the CSS at its `/*@CSS@*/`, then the body `page` with the data
// (inert JSON) at `@DATA@` and, at `/*@JS@*/`, reports/page.js then the page's JavaScript.
std::string fill_page(std::string_view page, std::string_view css, std::string_view data, std::string_view js);

}  // namespace sagasim::reports
