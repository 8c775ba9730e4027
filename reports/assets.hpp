// The report page's template, JavaScript and CSS: the files reports/template.html,
// reports/timeline.js and reports/timeline.css, embedded at build time by
// reports/embed_assets.cmake (the definitions are generated).
#pragma once

#include <string_view>

namespace sagasim::reports::assets {

extern const std::string_view template_html;
extern const std::string_view timeline_js;
extern const std::string_view timeline_css;

}  // namespace sagasim::reports::assets
