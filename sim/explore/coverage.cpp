// Coverage codes, the probe of one run, and the campaign's sum with its universe (coverage.hpp).
#include "sim/explore/coverage.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "services/common/handler_result.hpp"
#include "sim/faults/process_faults.hpp"

namespace sagasim {
namespace {

constexpr uint32_t kNone4 = 15;  // no status, no event
constexpr uint32_t kNoServiceCode = 7;
constexpr uint32_t kProceed = 29, kDuplicate = 30, kThrow = 31;

uint32_t tuple_of(uint32_t service, uint32_t status, uint32_t event, uint32_t outcome) {
    return service << 13 | status << 9 | event << 5 | outcome;
}

std::string outcome_word(uint32_t o) {
    if (o == kProceed) return "proceed";
    if (o == kDuplicate) return "duplicate";
    if (o == kThrow) return "throw";
    return std::string(note_name(Note(o)));
}

// What the handlers of a service other than order do when they proceed with an event.
std::vector<Note> proceed_notes(Service s, EventType e) {
    switch (s) {
        case Service::Inventory:
            if (e == EventType::OrderPlacedEvent) return {Note::Reserved, Note::InsufficientStock, Note::SkuNotFound};
            return {Note::Released, Note::NoReservation};
        case Service::Payment: return {Note::PaymentSucceeded, Note::PaymentFailed};
        case Service::Shipment: return {Note::Shipped, Note::ShipmentFailed};
        case Service::Order: break;
    }
    return {};
}

// The step kinds a fault of this kind raises or directly causes.
std::vector<StepKind> fault_step_kinds(FaultKind k) {
    switch (k) {
        case FaultKind::Drop: return {StepKind::Fault, StepKind::Lost};
        case FaultKind::SlowCommit: return {StepKind::Fault, StepKind::Commit};
        case FaultKind::Crash: return {StepKind::Crash, StepKind::Abandon};
        case FaultKind::DbOutage:
        case FaultKind::Disconnect:
        case FaultKind::Pause: return {StepKind::WindowBegin, StepKind::WindowEnd};
        case FaultKind::Nemesis: return {};
        case FaultKind::Scale: return {StepKind::Rebalance};
        default: return {StepKind::Fault, StepKind::Append};  // delay, duplicate, republish, reorder
    }
}

}  // namespace

uint32_t tuple_code(const Step& s) {
    const uint32_t service = s.service == kNoService ? kNoServiceCode : s.service;
    const uint32_t status = s.status_from == kNoStatus ? kNone4 : s.status_from;
    const uint32_t event = s.event_type == kNoEventType ? kNone4 : s.event_type;
    uint32_t outcome = s.outcome == uint8_t(Outcome::Duplicate) ? kDuplicate
                       : s.outcome == uint8_t(Outcome::Throw)   ? kThrow
                                                                : kProceed;
    // An order listener's status and event fix what proceeding does; elsewhere the note tells it.
    if (outcome == kProceed && s.service != uint8_t(Service::Order) && s.note != 0) outcome = s.note;
    return tuple_of(service, status, event, outcome);
}

uint32_t pair_code(uint32_t fault_index, uint8_t fault_kind, StepKind kind) {
    return kTupleCodes + (fault_index * 16 + fault_kind) * 32 + uint32_t(kind);
}

std::string code_words(uint32_t code, const std::vector<FaultIdentity>& faults) {
    if (is_tuple(code)) {
        const uint32_t service = code >> 13, status = code >> 9 & 15, event = code >> 5 & 15, outcome = code & 31;
        return fmt::format("{} {} {} {}", service == kNoServiceCode ? "-" : service_name(Service(service)),
                           status == kNone4 ? "-" : order_status_name(OrderStatus(status)),
                           event == kNone4 ? "(request)" : event_type_name(EventType(event)), outcome_word(outcome));
    }
    const uint32_t rest = code - kTupleCodes;
    const uint32_t fault = rest / 512, kind = rest % 512 / 32, step = rest % 32;
    return fmt::format("#{} {} {} {}", fault + 1, fault < faults.size() ? faults[fault].id : "?",
                       fault_kind_name(FaultKind(kind)), step_kind_name(StepKind(step)));
}

CoverageProbe::CoverageProbe() : mark_(kCoverageCodes, 0) {}

void CoverageProbe::on_step(uint64_t id, const Step& s) {
    if (s.kind == StepKind::Decide) add(tuple_code(s));
    if (s.fault != 0) {
        const uint32_t base = pair_code(uint32_t(s.fault - 1), s.fault_kind, StepKind(0));
        add(base + uint32_t(s.kind));
        fault_steps_.emplace(id, base);
    } else if (s.cause != 0 && !fault_steps_.empty()) {
        auto it = fault_steps_.find(s.cause);
        if (it != fault_steps_.end()) add(it->second + uint32_t(s.kind));
    }
}

std::vector<uint32_t> CoverageProbe::take() {
    for (uint32_t c : codes_) mark_[c] = 0;
    fault_steps_.clear();
    std::vector<uint32_t> out = std::move(codes_);
    codes_.clear();
    std::sort(out.begin(), out.end());
    return out;
}

Coverage::Coverage(const Scenario& sc) : faults_(fault_identities(sc.faults)), seen_(kCoverageCodes, 0) {
    const uint32_t order = uint32_t(Service::Order);
    universe_.push_back(tuple_of(order, kNone4, kNone4, kProceed));  // a client request
    for (int t = 0; t < kBusinessTopicCount; ++t) {
        const EventType e = event_type_of(Topic(t));
        const Consumers c = consumers_of(Topic(t));
        for (uint8_t i = 0; i < c.count; ++i) {
            const uint32_t svc = uint32_t(c.list[i]);
            if (c.list[i] == Service::Order) {
                for (uint32_t st = 0; st <= uint32_t(OrderStatus::TIMED_OUT); ++st)
                    universe_.push_back(tuple_of(svc, st, uint32_t(e), kProceed));
            } else {
                for (Note n : proceed_notes(c.list[i], e)) universe_.push_back(tuple_of(svc, kNone4, uint32_t(e), uint32_t(n)));
            }
            universe_.push_back(tuple_of(svc, kNone4, uint32_t(e), kDuplicate));
            universe_.push_back(tuple_of(svc, kNone4, uint32_t(e), kThrow));
        }
    }
    std::sort(universe_.begin(), universe_.end());
    universe_.erase(std::unique(universe_.begin(), universe_.end()), universe_.end());
    tuples_ = universe_.size();
    for (size_t i = 0; i < sc.faults.size(); ++i) {
        const FaultSpec& f = sc.faults[i];
        const uint32_t fi = uint32_t(i);
        for (StepKind k : fault_step_kinds(f.kind)) universe_.push_back(pair_code(fi, uint8_t(f.kind), k));
        if (f.kind != FaultKind::Nemesis) continue;
        for (FaultKind k : f.kinds) {
            if (k == FaultKind::Crash) {
                universe_.push_back(pair_code(fi, uint8_t(FaultKind::Nemesis), StepKind::Crash));
                universe_.push_back(pair_code(fi, uint8_t(FaultKind::Nemesis), StepKind::Abandon));
            } else {
                universe_.push_back(pair_code(fi, uint8_t(k), StepKind::WindowBegin));
                universe_.push_back(pair_code(fi, uint8_t(k), StepKind::WindowEnd));
            }
        }
    }
    std::sort(universe_.begin() + std::ptrdiff_t(tuples_), universe_.end());
    universe_.erase(std::unique(universe_.begin() + std::ptrdiff_t(tuples_), universe_.end()), universe_.end());
}

size_t Coverage::add(const std::vector<uint32_t>& codes) {
    size_t fresh = 0;
    for (uint32_t c : codes) {
        if (seen_[c]) continue;
        seen_[c] = 1;
        seen_codes_.insert(std::upper_bound(seen_codes_.begin(), seen_codes_.end(), c), c);
        ++fresh;
    }
    return fresh;
}

size_t Coverage::counted(bool tuples) const {
    size_t n = 0;
    for (uint32_t c : universe_)
        if (is_tuple(c) == tuples && seen_[c]) ++n;
    return n;
}

std::vector<std::string> Coverage::seen_words(bool tuples) const {
    std::vector<std::string> out;
    for (uint32_t c : seen_codes_)
        if (is_tuple(c) == tuples) out.push_back(code_words(c, faults_));
    return out;
}

std::vector<std::string> Coverage::never_words(bool tuples) const {
    std::vector<std::string> out;
    for (uint32_t c : universe_)
        if (is_tuple(c) == tuples && !seen_[c]) out.push_back(code_words(c, faults_));
    return out;
}

}  // namespace sagasim
