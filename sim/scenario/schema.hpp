// The JSON Schema (draft-07) of scenario files, printed by `sagasim schema` for editors. It is
// built from the loader's own key tables and the seed's name tables, so that it cannot drift
// from what the loader accepts; the loader stays the stricter judge of values.
#pragma once

#include <string>

namespace sagasim {

// The schema as pretty-printed JSON (2-space indent), ending in a newline.
std::string scenario_json_schema();

}  // namespace sagasim
