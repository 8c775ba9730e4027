// Every key a scenario file may hold, as a Markdown reference (docs/scenario-keys.md), rendered
// from the JSON Schema (schema.hpp) and so from the loader's own key tables: a key the loader
// takes cannot be missing from it. `sagasim schema --markdown` prints it.
#pragma once

#include <string>

namespace sagasim {

// The reference: per top-level section a table of its keys (path, values, meaning), then the
// value types the tables link to. Ends in a newline.
std::string scenario_keys_markdown();

}  // namespace sagasim
