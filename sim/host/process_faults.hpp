// The process faults of a scenario (scenario-format.md, "Faults"): what the services and their
// databases do wrong, as windows in virtual time (db-outage, disconnect, pause), drawn crash
// points and slow commits, and crashes at fixed times. The nemesis adds windows and crashes of a
// random kind to a random service every `interval`, drawn from its own seeded stream. The host
// asks; this class only answers (and draws).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "services/common/topics.hpp"
#include "sim/host/fault_phase.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

struct FaultWindow {
    FaultKind kind;
    Service service;
    SimTime from;
    SimTime to;
    uint16_t fault;  // index in scenario.faults
};

struct CrashOrder {
    Service service;
    Duration restart_after;
    uint16_t fault;
};

class ProcessFaults {
public:
    ProcessFaults(const Scenario& scenario, uint64_t seed, const FaultPhase& phase);

    // The end of the window of `kind` for `service` that holds `now`, if any.
    std::optional<SimTime> window_end(FaultKind kind, Service service, SimTime now) const;
    bool db_down(Service s, SimTime now) const { return window_end(FaultKind::DbOutage, s, now).has_value(); }
    // Extra commit time drawn for a commit starting now (slow-commit), else zero.
    Duration slow_commit(Service s, OrderId order, SimTime now, uint16_t* fault);
    // Whether a handler of `s` crashes at `point` now (crash faults with a point).
    std::optional<CrashOrder> crash_at(Service s, CrashPoint point, OrderId order, SimTime now);
    // Crashes at fixed times: (time, order), in file order.
    const std::vector<std::pair<SimTime, CrashOrder>>& timed_crashes() const { return timed_; }

    // The nemesis: the time of its first move, if the scenario has one.
    std::optional<SimTime> nemesis_first() const;
    // Makes the nemesis's move at `now`: a new window or a crash, and the time of its next move.
    struct NemesisMove {
        std::optional<FaultWindow> window;
        std::optional<CrashOrder> crash;
        SimTime next;
    };
    NemesisMove nemesis_move(SimTime now);

private:
    struct Narrowed {
        const FaultSpec* spec;
        uint16_t index;
        uint64_t matched = 0;
        Rng rng;
    };
    bool narrowed_fires(Narrowed& n, OrderId order, SimTime now);

    const FaultPhase& phase_;
    std::vector<FaultWindow> windows_;
    std::vector<Narrowed> points_;       // crash faults with a point
    std::vector<Narrowed> slow_;         // slow-commit faults
    std::vector<std::pair<SimTime, CrashOrder>> timed_;
    const FaultSpec* nemesis_ = nullptr;
    uint16_t nemesis_index_ = 0;
    Rng nemesis_rng_;
};

std::string_view crash_point_name(CrashPoint p);
std::string_view fault_kind_name(FaultKind k);

}  // namespace sagasim
