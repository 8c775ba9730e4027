// Fills the page's template: the CSS, the JavaScript and the data, each at its marker. Nothing
// from the trace is put into the markup; the page sets every text with textContent.
#include "reports/html_report.hpp"

#include <stdexcept>

#include "reports/assets.hpp"
#include "reports/report_data.hpp"

namespace sagasim::reports {
namespace {

// The template's text up to `marker` (which it must hold, after `from`), and where the rest begins.
std::string_view up_to(std::string_view page, size_t& from, std::string_view marker) {
    const size_t at = page.find(marker, from);
    if (at == std::string_view::npos) throw std::logic_error("the report template has no " + std::string(marker));
    const std::string_view part = page.substr(from, at - from);
    from = at + marker.size();
    return part;
}

}  // namespace

std::string fill_page(std::string_view page, std::string_view css, std::string_view data, std::string_view js) {
    // The markers are found in the template alone, in their order, so nothing inserted is searched.
    size_t from = 0;
    std::string out;
    const std::string_view head = assets::head_html;
    size_t head_from = 0;
    out += up_to(head, head_from, "/*@CSS@*/");
    out += css;
    out += head.substr(head_from);
    out += up_to(page, from, "@DATA@");
    out += data;
    out += up_to(page, from, "/*@JS@*/");
    out += assets::page_js;
    out += js;
    out += page.substr(from);
    return out;
}

std::string render_html_report(const Trace& trace) {
    return fill_page(assets::template_html, assets::timeline_css, report_data_json(trace), assets::timeline_js);
}

}  // namespace sagasim::reports
