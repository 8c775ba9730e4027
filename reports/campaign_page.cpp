// Fills the campaign page's template with the campaign's data (inert JSON).
#include "reports/campaign_page.hpp"

#include <nlohmann/json.hpp>

#include "reports/assets.hpp"
#include "reports/html_report.hpp"
#include "reports/report_data.hpp"

namespace sagasim::reports {

std::string render_campaign_page(std::string_view jsonl, const std::vector<std::string>& timelines,
                                 const std::vector<std::string>& tapes, const std::vector<std::string>& shrunk) {
    using nlohmann::ordered_json;
    ordered_json data{{"format", "sagasim-campaign-page"}, {"version", 1}};
    ordered_json failures = ordered_json::array();
    size_t pos = 0;
    while (pos < jsonl.size()) {
        const size_t nl = jsonl.find('\n', pos);
        const std::string_view line = jsonl.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? jsonl.size() : nl + 1;
        if (line.empty()) continue;
        ordered_json record = ordered_json::parse(line.begin(), line.end());
        if (record.value("record", "") == "summary") data["summary"] = std::move(record);
        else failures.push_back(std::move(record));
    }
    data["failures"] = std::move(failures);
    data["timelines"] = timelines;
    data["tapes"] = tapes;
    data["shrunk"] = shrunk;
    std::string text = data.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
    make_inert(text);
    return fill_page(assets::campaign_html, assets::timeline_css, text, assets::campaign_js);
}

}  // namespace sagasim::reports
