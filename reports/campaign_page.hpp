// The campaign page of `sagasim fuzz --out DIR` (DIR/index.html): the distinct failures with how
// many runs hit each, their first seeds, strategies and repro lines, links to each failure's
// timeline, tape and shrunk scenario, and the coverage reached. One self-contained file, drawn by
// reports/campaign.js from the campaign's JSON Lines (sim/explore/report.hpp's campaign_jsonl);
// the same campaign gives the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sagasim::reports {

// `jsonl`: the failure objects, then the summary object. `timelines`, `tapes` and `shrunk`: per
// failure, the path of its timeline, of its tape and of its shrunk scenario relative to DIR (""
// when none was written).
std::string render_campaign_page(std::string_view jsonl, const std::vector<std::string>& timelines,
                                 const std::vector<std::string>& tapes, const std::vector<std::string>& shrunk);

}  // namespace sagasim::reports
