// One violated invariant, as a run reports it: what, when, for which order, expected and actual.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/common/ids.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

struct Violation {
    std::string invariant;
    SimTime time;
    uint64_t step = 0;         // the step at which it was first seen
    OrderId order = 0;         // 0 when it concerns no single order (a SKU)
    std::string order_number;  // empty when unknown
    std::string subject;       // e.g. "SKU-1" for a per-SKU invariant
    std::string expected;
    std::string actual;
    uint64_t cause = 0;        // the step whose write revealed it
    // Its causal history: the step that revealed it, the step that caused that one, and so on
    // back (JSON lines of the trace, most recent first).
    std::vector<std::string> history;
};

}  // namespace sagasim
