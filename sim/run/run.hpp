// One seeded run of a scenario: wires the clock, the broker, the host with the four services and
// the checkers, makes the client requests at their times, and runs until no work is left (or
// the run's time or step limit). The Scenario is only read; everything the run changes lives
// here, so many runs can share one parsed scenario.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "sim/check/violation.hpp"
#include "sim/host/host.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

struct RunOptions {
    uint64_t seed = 0;
    std::FILE* trace = nullptr;  // JSON Lines of every step, if set
};

enum class RunEnd : uint8_t {
    Quiesced,   // no work was left
    TimeLimit,  // `run.until` + `run.quiesce` passed with work still pending
    StepLimit,  // `run.max-steps` reached: inconclusive
};
std::string_view run_end_name(RunEnd e);

struct RunResult {
    uint64_t seed = 0;
    std::string digest;
    uint64_t steps = 0;
    uint64_t events = 0;         // kernel events dispatched
    SimTime end_time;
    RunEnd end = RunEnd::Quiesced;
    HostCounters counters;
    uint64_t orders_created = 0;  // committed order rows
    std::map<OrderStatus, uint64_t> final_status;
    std::vector<std::pair<std::string, int64_t>> stock;  // per SKU the inventory knows, by name
    std::map<PaymentStatus, uint64_t> payments;
    std::map<ShipmentStatus, uint64_t> shipments;
    uint64_t reservations_left = 0;
    std::array<uint64_t, kTopicIdCount> records{};  // appended per topic id
    uint64_t records_total = 0;
    std::vector<Violation> violations;  // first report of each (invariant, order)
    uint64_t violation_count = 0;       // every violation, reported or not
};

RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace sagasim
