// What failed in one run, in the terms a campaign groups by: the invariant (or the expectation)
// and a signature of the violation's causal history that leaves out what differs between two
// runs of the same bug: order ids, orderNumbers, event ids, times, partitions, offsets, step
// numbers, how many times a step repeats (three retries or four) and how records travelled.
// Explore code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"

namespace sagasim {

struct FailureHit {
    std::string invariant;         // an invariant's name, or "expect.final", "expect.stock", ...
    uint64_t signature = 0;
    size_t violation = SIZE_MAX;   // its report in RunResult::violations, if it is a violation
    std::string text;              // an expectation's message, if it is one
};

// The telling steps of a causal history (what the services decided and what they suffered: a
// decision, a commit or rollback, a retry, a dead letter, a timeout, a lost record, a crash; not
// how records travelled, nor the delays on the way) as words without identities, newest first,
// each once (a retry loop is one round), the four nearest the violation:
// "decide payment OrderConfirmedEvent payment-failed", "rollback inventory ...".
std::vector<std::string> history_shape(const Violation& v);
// FNV-1a of the invariant, the report's `actual` without its numbers ("holds 2 (FAILED)" and
// "holds 1 (FAILED)" are one state) and the history's shape.
uint64_t failure_signature(std::string_view invariant, std::string_view actual, const std::vector<std::string>& shape);
// What made a failed run fail, one hit per (invariant, signature): each violation that the
// scenario's `expect` does not pin or allow, each expected violation missing, each other
// expectation that did not hold. Empty for a run that did not fail.
std::vector<FailureHit> failure_hits(const Scenario& sc, const RunResult& r, const Judged& j);

}  // namespace sagasim
