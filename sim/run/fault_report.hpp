// What each fault of a run did (scenario-format.md, "Phases"): how often it acted, how often it
// met what it narrows to, and, for a fault that never acted, why, where the run knows it ("no
// record of payment-failed-topic for order 1 was sent before the fault phase ended ..."). Built
// after the run from the step stream's acted counts and the faults' ledger.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/run/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

struct FaultReport {
    std::string id;     // its identity (`id:` or "<kind>-<8 hex>")
    std::string brief;  // "drop payment-failed-topic order=1"
    uint64_t acted = 0;
    uint64_t matched = 0;
    std::string never_acted;  // why it never acted; empty if it acted
};

std::vector<FaultReport> fault_reports(const Scenario& scenario, const RunResult& result);

// The fault as one short line: its kind and what narrows it.
std::string fault_brief(const FaultSpec& f);

// A time or a duration as people read it: "0s", "850us", "14.472ms", "1.204s", "600s".
std::string short_time(int64_t us);

}  // namespace sagasim
