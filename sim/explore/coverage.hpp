// What a campaign has reached (sagasim fuzz's coverage): the (service, order status, incoming
// event, outcome) tuples of the handlers' decisions, and the (fault, step kind) pairs of what the
// faults did (their own steps, and the steps those directly caused). A CoverageProbe watches one
// run's steps; a Coverage adds runs up and tells what was never seen, against the universe the
// scenario's topology and faults make possible. The outcome of an order listener is proceed,
// duplicate or throw (its status and the event fix what proceeding does); of the other services,
// what the handler did (reserved, insufficient-stock, payment-failed, ...). Explore code.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/faults/fault_table.hpp"
#include "sim/run/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// A tuple's code is below kTupleCodes; a pair's is kTupleCodes + (fault * 16 + fault kind) * 32
// + step kind.
inline constexpr uint32_t kTupleCodes = 1u << 16;
inline constexpr uint32_t kCoverageCodes = kTupleCodes + uint32_t(limits::kFaultsMax) * 512;
inline bool is_tuple(uint32_t code) { return code < kTupleCodes; }

uint32_t tuple_code(const Step& decide);
uint32_t pair_code(uint32_t fault_index, uint8_t fault_kind, StepKind kind);
// "order PAID ShipmentShippedEvent proceed", "inventory - OrderPlacedEvent reserved",
// "#5 nemesis-8bacf711 db-outage window-begin".
std::string code_words(uint32_t code, const std::vector<FaultIdentity>& faults);

class CoverageProbe final : public StepObserver {
public:
    CoverageProbe();
    void on_step(uint64_t id, const Step& s) override;
    // The codes the run reached, sorted, and a fresh start for the next run.
    std::vector<uint32_t> take();

private:
    void add(uint32_t code) {
        if (mark_[code]) return;
        mark_[code] = 1;
        codes_.push_back(code);
    }
    std::vector<uint8_t> mark_;
    std::vector<uint32_t> codes_;
    std::unordered_map<uint64_t, uint32_t> fault_steps_;  // step id -> pair code base (lookup only)
};

class Coverage {
public:
    explicit Coverage(const Scenario& sc);
    // Adds a run's codes; returns how many were new.
    size_t add(const std::vector<uint32_t>& codes);
    bool seen(uint32_t code) const { return seen_[code] != 0; }
    // Of the universe's tuples (pairs): how many were seen, and how many there are.
    size_t tuples_seen() const { return counted(true); }
    size_t pairs_seen() const { return counted(false); }
    size_t tuples_total() const { return tuples_; }
    size_t pairs_total() const { return universe_.size() - tuples_; }
    // In words, in code order: what was seen (the universe's and any other), what never was.
    std::vector<std::string> seen_words(bool tuples) const;
    std::vector<std::string> never_words(bool tuples) const;

private:
    size_t counted(bool tuples) const;
    std::vector<FaultIdentity> faults_;
    std::vector<uint32_t> universe_;  // sorted; tuples first
    size_t tuples_ = 0;
    std::vector<uint8_t> seen_;
    std::vector<uint32_t> seen_codes_;
};

}  // namespace sagasim
