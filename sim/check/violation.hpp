// One violated invariant, as a run reports it: what, when, at which step, for which order,
// expected and actual, and the causal history behind it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/ids.hpp"
#include "sim/check/catalog.hpp"
#include "sim/kernel/time.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

struct Violation {
    Inv inv = Inv::LegalTransition;
    std::string_view invariant;  // its name (the catalogue's)
    SimTime time;
    uint64_t step = 0;         // the step that revealed it
    uint64_t about_step = 0;   // the step of the fact it is about, where its history starts (0: `step`)
    OrderId order = 0;         // 0 when it concerns no single order (a SKU)
    std::string order_number;  // empty when unknown
    std::string subject;       // e.g. "SKU-1" for a per-SKU invariant
    std::string expected;
    std::string actual;
    // Its causal history: the revealing step, the step that caused that one, and so on back (most
    // recent first): their numbers, and the steps themselves (without their pointers), which
    // sim/trace renders as the trace's JSON lines when a summary shows them. Kept for the first
    // reports only (the run's memory stays flat however many there are).
    std::vector<uint64_t> history_steps;
    std::vector<Step> history;
};

// A run's reports, in the order they were made. A deque, so that they grow without ever being
// held twice (a vector's doubling), and move from the checkers to the RunResult whole.
using Violations = std::deque<Violation>;

}  // namespace sagasim
