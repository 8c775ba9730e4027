// Plays the scenario's process faults on the services (scenario-format.md, "Faults"): crashes at
// a time, at a crash point of a handler, or drawn by the nemesis; restarts; and the begin and end
// of fault windows (db-outage, disconnect, pause, and the nemesis's slow-commit windows), whose
// effects the other parts read from ProcessFaults by time. A crash kills one replica (`replica:`)
// or every replica of the service, each a process of its own: its open transactions roll back,
// each of its threads in the middle of its work is abandoned (an Abandon step), its listeners go
// back to their committed offsets, the group coordinator starts their session timeouts, and the
// replica restarts later.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/host/world.hpp"

namespace sagasim {

class ProcessFaultActor {
public:
    explicit ProcessFaultActor(World& w) : w_(w) {}
    void reset() { open_.clear(); }
    // Queues the timed crashes, the declared windows' begin and end, and the nemesis's first move.
    void start();
    // Whether job `job` crashes its service at `point` now (then the crash has happened).
    bool crash_point(uint32_t job, CrashPoint point);
    void crash(const CrashOrder& order, uint64_t cause);
    // The crashed replicas in `replicas` (bit r) come back.
    void restart(Service s, uint16_t replicas);
    void nemesis();
    void window_begin(const FaultWindow& w);
    // The window of `kind` of fault `fault` on `replica` (kAllReplicas: every one) of `s` ends.
    void window_end(Service s, uint8_t replica, FaultKind kind, uint16_t fault);
    // The fault phase has ended: every open window ends now.
    void heal();
    // Whether a crashed service has not restarted yet.
    bool any_down() const;
    // A paused service (GC pause) does nothing until the pause ends: its job event `e` waits.
    bool stalled(uint32_t job, const QueuedEvent& e) { return w_.process_faults.has_windows() && stall(job, e); }

private:
    bool stall(uint32_t job, const QueuedEvent& e);
    // `others_up`: a replica of the service not hit by this crash is up.
    void crash_replica(const CrashOrder& c, uint8_t replica, uint64_t cause, bool others_up);
    void emit_window_end(Service s, FaultKind kind, uint16_t fault, uint8_t replica);
    World& w_;
    struct Open {
        Service service;
        FaultKind kind;
        uint16_t fault;
        uint8_t replica;
    };
    std::vector<Open> open_;  // windows begun and not yet ended, in the order they began
};

}  // namespace sagasim
