// Reads a scenario file (../shared/docs/scenario-format.md) into a validated, immutable Scenario,
// or throws a ScenarioError listing every problem as `FILE:LINE:COL: error: message`. This is
// the only code that includes yaml-cpp; nothing outside sim/scenario sees YAML.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "sim/scenario/errors.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// The largest scenario file read, in bytes (16 MiB): a larger one is an error at 1:1 naming both
// sizes, found before it is read into memory.
inline constexpr size_t kScenarioBytesMax = size_t(16) << 20;

// Reads the file at `path`; Scenario::path is `path` as given.
Scenario load_scenario_file(const std::string& path);
// Reads `text`; messages name `path_for_messages`, which is also Scenario::path.
Scenario load_scenario_text(std::string_view text, const std::string& path_for_messages);

// The keys a scenario may have at the top level, in the order of scenario-format.md.
std::span<const std::string_view> top_level_keys();
// The keys of a section's map: "run", "design", "orders[]", "load", "restocks[]", "inject[]",
// "payment", "shipment", "kafka", "replicas", "timing", "invariants" (the {exclude} form), "expect",
// "expect.violations" (the {allowed} form), "expect.events[]", "expect.at[]", or a fault kind such
// as "delay". Empty for any other name.
std::span<const std::string_view> section_keys(std::string_view section);
// The fault kinds, in the order of scenario-format.md, and whether each is a process fault.
struct FaultKindInfo {
    FaultKind kind;
    std::string_view name;
    bool process;
};
std::span<const FaultKindInfo> fault_kinds();
// The switches of `design: hardened` (scenario-format.md, "Design switches").
Design hardened_design();
// The names of the "order", "payment" or "shipment" statuses, in their order (empty for another).
std::span<const std::string_view> status_names(std::string_view kind);

}  // namespace sagasim
