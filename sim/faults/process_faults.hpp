// The process faults of a scenario (scenario-format.md, "Faults"): what the services and their
// databases do wrong, as windows in virtual time (db-outage, disconnect, pause), crash points and
// slow commits narrowed like message faults, and crashes at fixed times. The nemesis adds a window
// or a crash of a drawn kind to a drawn service once in every `interval`, at a drawn time within
// it; of a service that starts with several replicas, it hits a drawn one. Whether a crash point or a slow commit acts, the extra commit time, and each nemesis move
// (its time, kind, service and length) are decisions keyed by the fault's
// identity (and the order concerned, or the move's number), never by the fault's position. The
// host asks and applies; this class only answers (and draws).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "services/common/topics.hpp"
#include "sim/faults/fault_ledger.hpp"
#include "sim/faults/fault_phase.hpp"
#include "sim/faults/fault_table.hpp"
#include "sim/faults/message_faults.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/draw_counters.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// The replica a process fault hits (`replica: N`, 0-based here), or every replica of the service.
inline constexpr uint8_t kAllReplicas = 0xff;
inline bool hits_replica(uint8_t fault_replica, uint8_t replica) {
    return fault_replica == kAllReplicas || fault_replica == replica;
}

struct FaultWindow {
    FaultKind kind;
    Service service;
    SimTime from;
    SimTime to;
    uint16_t fault;  // index in scenario.faults
    uint8_t replica = kAllReplicas;
};

struct CrashOrder {
    Service service;
    Duration restart_after;
    uint16_t fault;
    uint8_t replica = kAllReplicas;
};

// A scale fault: from `at` on, the service runs `replicas` instances.
struct ScaleOrder {
    Service service;
    uint8_t replicas;
    uint16_t fault;
};

// session.timeout.ms, a Kafka clients' default the seed keeps (seed-behaviour.md §8.6): a group
// member whose heartbeats stop that long is removed (sim/host/group_coordinator.cpp), so the
// disconnect windows are remembered that long after they end (window_span looks back that far).
inline constexpr Duration kSessionTimeout = Duration::seconds(45);

class ProcessFaults {
public:
    ProcessFaults(const Scenario& scenario, const std::vector<FaultIdentity>& ids, const FaultPhase& phase,
                  FaultLedger& ledger);
    void reset();

    // The end of the window of `kind` for `replica` of `service` that holds `now`, if any (a window
    // ends at the latest when the fault phase does).
    std::optional<SimTime> window_end(FaultKind kind, Service service, uint8_t replica, SimTime now) const {
        if (windows_.empty()) return std::nullopt;
        return window_end_slow(kind, service, replica, now);
    }
    // The stretch of windows of `kind` for `replica` of `service` that overlap or abut one another
    // around `now`, from the earliest start to the latest end (as the windows known now make it),
    // if a window holds `now`.
    struct Span {
        SimTime from, to;
    };
    std::optional<Span> window_span(FaultKind kind, Service service, uint8_t replica, SimTime now) const;
    bool db_down(Service s, uint8_t replica, SimTime now) const {
        return window_end(FaultKind::DbOutage, s, replica, now).has_value();
    }
    // The db-outage window of `s` open now that lasts longest (nullptr: the database is up), with
    // its end as the heal phase leaves it.
    struct Outage {
        SimTime end;
        uint16_t fault = 0;  // index in scenario.faults
    };
    std::optional<Outage> db_outage(Service s, uint8_t replica, SimTime now) const;
    // Extra commit time for a commit starting now (slow-commit windows and drawn slow commits),
    // else zero; *fault names the fault that set it.
    Duration slow_commit(Service s, uint8_t replica, OrderId order, const DrawSubject& who, SimTime now, Decisions& d,
                         uint16_t* fault);
    // Whether any crash fault has a point at which a handler of `s` may crash (a cheap test before
    // crash_at, which every handler asks at each of its points).
    bool may_crash(Service s, CrashPoint point) const {
        return (point_mask_ >> (size_t(s) * 4 + size_t(point)) & 1) != 0;
    }
    bool has_windows() const { return !windows_.empty(); }
    // Whether a handler of `s` crashes at `point` now (crash faults with a point).
    std::optional<CrashOrder> crash_at(Service s, uint8_t replica, CrashPoint point, OrderId order,
                                       const DrawSubject& who, SimTime now, Decisions& d);
    // Crashes at fixed times: (time, order), in file order.
    const std::vector<std::pair<SimTime, CrashOrder>>& timed_crashes() const { return timed_; }
    // Scale steps: (time, order), in file order.
    const std::vector<std::pair<SimTime, ScaleOrder>>& scale_steps() const { return scales_; }
    // The end of a window as the heal phase has it: `to`, or run.until if that comes first.
    SimTime end_of(const FaultWindow& w) const { return healed_end(w); }
    // The windows the scenario declares (db-outage, disconnect, pause), in file order.
    const std::vector<FaultWindow>& declared_windows() const { return declared_; }

    // The nemesis: the time of its first move, if the scenario has one. Its k-th move (k = 1, 2,
    // ...) comes at a drawn time in [from + k * interval, from + (k + 1) * interval).
    std::optional<SimTime> nemesis_first(Decisions& d);
    // Makes the nemesis's move at `now`: a new window or a crash, and the time of its next move.
    // `running`: each service's replicas now (a scale step changes them).
    struct NemesisMove {
        std::optional<FaultWindow> window;
        std::optional<CrashOrder> crash;
        SimTime next;
    };
    NemesisMove nemesis_move(SimTime now, Decisions& d, const std::array<uint8_t, kServiceCount>& running);

private:
    struct Narrowed {
        const FaultSpec* spec;
        uint64_t key;
        uint16_t index;
        uint64_t matched = 0;
    };
    // Whether a narrowed fault acts now for this order; *k receives the draw index.
    std::optional<SimTime> window_end_slow(FaultKind kind, Service service, uint8_t replica, SimTime now) const;
    // The window's end, or run.until's if that comes first.
    SimTime healed_end(const FaultWindow& w) const;
    bool narrowed_fires(Narrowed& n, OrderId order, const DrawSubject& who, SimTime now, Decisions& d, uint32_t* k);
    // The time of the nemesis's move in its `slot`-th interval (the slot is the draw's subject).
    SimTime nemesis_time(uint32_t slot, Decisions& d) const;

    const FaultPhase& phase_;
    FaultLedger& ledger_;
    std::vector<FaultWindow> declared_;
    std::vector<FaultWindow> windows_;   // declared ones and the nemesis's
    std::vector<Narrowed> points_;       // crash faults with a point
    uint32_t point_mask_ = 0;            // bit 4 * service + point: some entry of points_ has it
    std::vector<Narrowed> slow_;         // slow-commit faults
    std::vector<std::pair<SimTime, CrashOrder>> timed_;
    std::vector<std::pair<SimTime, ScaleOrder>> scales_;
    const FaultSpec* nemesis_ = nullptr;
    uint64_t nemesis_key_ = 0;
    uint16_t nemesis_index_ = 0;
    uint32_t nemesis_moves_ = 0;
    uint32_t nemesis_slot_ = 0;
    DrawCounters counters_;
};

std::string_view crash_point_name(CrashPoint p);
std::string_view fault_kind_name(FaultKind k);

}  // namespace sagasim
