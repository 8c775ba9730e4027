// The pages' templates, JavaScript and CSS: the files reports/template.html, reports/timeline.js,
// reports/timeline.css, reports/campaign.html, reports/campaign.js, reports/page.js and
// reports/head.html, embedded at build time by
// reports/embed_assets.cmake (the definitions are generated).
#pragma once

#include <string_view>

namespace sagasim::reports::assets {

extern const std::string_view template_html;
extern const std::string_view timeline_js;
extern const std::string_view timeline_css;
extern const std::string_view campaign_html;
extern const std::string_view campaign_js;
extern const std::string_view page_js;
extern const std::string_view head_html;

}  // namespace sagasim::reports::assets
