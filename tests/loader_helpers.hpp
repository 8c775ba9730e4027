// Helpers shared by the loader tests: the diagnostics of loading a text or a file, and loading
// a text that must be valid. Messages name the text "t.yaml".
#pragma once

#include <string>
#include <string_view>

#include "sim/scenario/loader.hpp"

namespace sagasim::testing {

// The diagnostics of loading `text` as t.yaml, or "" if it loads.
inline std::string errors(std::string_view text) {
    try {
        load_scenario_text(text, "t.yaml");
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "";
}

// The diagnostics of loading the file at `path`, or "" if it loads.
inline std::string file_errors(const std::string& path) {
    try {
        load_scenario_file(path);
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "";
}

inline Scenario load(std::string_view text) { return load_scenario_text(text, "t.yaml"); }

}  // namespace sagasim::testing
