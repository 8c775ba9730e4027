// A step told in words, for people: the lines of a causal history under `--verbose`
// ("t=10.235ms payment sent PaymentFailedEvent for order 1 to payment-failed-topic (attempt 1)").
// The JSON line (Tracer::render_json) is the machine's form of the same step.
#pragma once

#include <string>
#include <vector>

#include "sim/faults/fault_table.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

// `faults` names the faults steps refer to (1-based in Step::fault).
std::string step_words(const Step& s, const std::vector<FaultIdentity>& faults);

}  // namespace sagasim
