// Failure signatures and the hits of a failed run (failures.hpp).
#include "sim/explore/failures.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "services/common/handler_result.hpp"
#include "sim/faults/process_faults.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

constexpr size_t kShapeSteps = 4;

std::string shape_of(const Step& s) {
    std::string t(step_kind_name(s.kind));
    if (s.service != kNoService) t += fmt::format(" {}", service_name(Service(s.service)));
    if (s.event_type != kNoEventType) t += fmt::format(" {}", event_type_name(EventType(s.event_type)));
    if (s.kind == StepKind::Decide) {
        if (s.outcome == uint8_t(Outcome::Duplicate)) t += " duplicate";
        if (s.outcome == uint8_t(Outcome::Throw)) t += " throw";
        if (s.note != 0) t += fmt::format(" {}", note_name(Note(s.note)));
        if (s.status_from != kNoStatus && s.status_to != kNoStatus && s.status_from != s.status_to)
            t += fmt::format(" {}>{}", order_status_name(OrderStatus(s.status_from)),
                             order_status_name(OrderStatus(s.status_to)));
    } else if (s.kind == StepKind::Rollback || s.kind == StepKind::Retry || s.kind == StepKind::Done) {
        if (s.note != 0) t += fmt::format(" {}", failure_name(Failure(s.note)));
    }
    if (s.fault != 0) t += fmt::format(" {}", fault_kind_name(FaultKind(s.fault_kind)));
    if (s.copy != 0) t += " copy";
    return t;
}

// "expect.final: expected ..." -> "expect.final".
std::string expectation_kind(const std::string& text) { return text.substr(0, text.find(':')); }

// A message without what varies between runs of one bug: numbers, and so orderNumbers too.
std::string without_numbers(std::string text) {
    std::erase_if(text, [](char c) { return (c >= '0' && c <= '9'); });
    return text;
}

// Whether a step of a history says what the system decided or suffered, rather than how a record
// travelled (send, append, ack, deliver, offset commit) or what merely slowed it (a delay, a slow
// commit: its effect is in the order of the decisions that follow). A record's copy or its loss
// shows in the steps it leads to (a duplicate decision, a Lost step).
bool telling(const Step& s) {
    switch (s.kind) {
        case StepKind::Send:
        case StepKind::Append:
        case StepKind::Ack:
        case StepKind::Deliver:
        case StepKind::OffsetCommit:
        case StepKind::Fault:
        case StepKind::WindowBegin:
        case StepKind::WindowEnd:
        case StepKind::Timer:
        case StepKind::InitialStock: return false;
        default: return true;
    }
}

}  // namespace

std::vector<std::string> history_shape(const Violation& v) {
    std::vector<std::string> out;
    for (const Step& s : v.history) {
        if (!telling(s)) continue;
        std::string t = shape_of(s);
        // A step seen already (a retry loop's second round) adds nothing.
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
        // The steps nearest the violation tell it; those further back are how far the recorded
        // history happened to reach.
        if (out.size() == kShapeSteps) break;
    }
    return out;
}

uint64_t failure_signature(std::string_view invariant, std::string_view actual, const std::vector<std::string>& shape) {
    std::string all = std::string(invariant) + "\n" + without_numbers(std::string(actual));
    for (const std::string& t : shape) all += "\n" + t;
    return fnv1a64(all);
}

std::vector<FailureHit> failure_hits(const Scenario& sc, const RunResult& r, const Judged& j) {
    std::vector<FailureHit> out;
    if (j.verdict != Verdict::Fail) return out;
    const Expect& e = sc.expect;
    const std::set<std::string> pinned = e.violations ? std::set<std::string>(e.violations->begin(), e.violations->end())
                                                      : std::set<std::string>{};
    std::set<std::pair<std::string, uint64_t>> had;
    std::set<std::string> violated;
    for (size_t i = 0; i < r.violations.size(); ++i) {
        const Violation& v = r.violations[i];
        const std::string inv(v.invariant);
        violated.insert(inv);
        if (pinned.count(inv)) continue;
        // Only the first reports keep their history: a later one without it joins one that has.
        if (v.history.empty() && std::any_of(had.begin(), had.end(), [&](const auto& h) { return h.first == inv; }))
            continue;
        const uint64_t sig = failure_signature(inv, v.actual, history_shape(v));
        if (had.emplace(inv, sig).second) out.push_back(FailureHit{inv, sig, i, {}});
    }
    if (e.violations && !e.violations_allowed) {
        std::string missing;
        for (const std::string& p : pinned)
            if (!violated.count(p)) missing += (missing.empty() ? "" : ", ") + p;
        if (!missing.empty()) {
            const std::string text = "expected violations that did not happen: " + missing;
            out.push_back(FailureHit{"expect.violations", fnv1a64(text), SIZE_MAX, text});
        }
    }
    for (const std::string& f : j.expectation_failures) {
        const std::string kind = expectation_kind(f);
        if (kind == "expect.violations") continue;  // told above, violation by violation
        // The numbers in the message (how many orders, which stock) vary from run to run.
        const std::string shape = without_numbers(f);
        if (had.emplace(kind, fnv1a64(shape)).second) out.push_back(FailureHit{kind, fnv1a64(shape), SIZE_MAX, f});
    }
    if (out.empty()) out.push_back(FailureHit{"expect", 0, SIZE_MAX, "the run failed"});  // never, if judge() and this agree
    return out;
}

}  // namespace sagasim
