// Crashes, restarts, windows and the nemesis, applied to the host's services and jobs.
#include "sim/host/process_fault_actor.hpp"

#include <bit>

#include "sim/host/group_coordinator.hpp"
#include "sim/host/listener_loop.hpp"
#include "sim/host/producer.hpp"
#include "sim/host/relay.hpp"
#include "sim/host/timers.hpp"

namespace sagasim {

void ProcessFaultActor::start() {
    const auto& timed = w_.process_faults.timed_crashes();
    for (size_t i = 0; i < timed.size(); ++i)
        w_.queue.push(timed[i].first, kEvCrash, 0, i, kLaneProcessBase + uint32_t(timed[i].second.service));
    const auto& windows = w_.process_faults.declared_windows();
    for (size_t i = 0; i < windows.size(); ++i) w_.queue.push(windows[i].from, kEvWindowBegin, 0, i, kLaneFirst);
    if (auto first = w_.process_faults.nemesis_first(w_.decisions)) w_.queue.push(*first, kEvNemesis, 0, 0, kLaneNemesis);
}

bool ProcessFaultActor::crash_point(uint32_t job, CrashPoint point) {
    const Job& j = w_.jobs[job];
    if (!w_.process_faults.may_crash(j.service, point)) return false;
    const std::optional<CrashOrder> c = w_.process_faults.crash_at(j.service, j.replica, point, j.order,
                                                                   w_.subjects.subject(j.order), w_.now(), w_.decisions);
    if (!c) return false;
    crash(*c, j.last_step);
    return true;
}

void ProcessFaultActor::crash(const CrashOrder& c, uint64_t cause) {
    const Service svc = c.service;
    if (!w_.phase.active(w_.now())) {
        w_.fault_ledger.late(c.fault, w_.now());
        return;
    }
    // The replicas it kills: the one named, or every one up.
    uint16_t hit = 0;
    for (uint8_t r = 0; r < kReplicasMax; ++r)
        if (hits_replica(c.replica, r) && w_.up(svc, r)) hit = uint16_t(hit | 1u << r);
    if (hit == 0) {
        w_.fault_ledger.already_down(c.fault);
        return;
    }
    const bool others_up = (w_.up_replicas(svc) & ~hit) != 0;
    for (uint8_t r = 0; r < kReplicasMax; ++r)
        if (hit >> r & 1) crash_replica(c, r, cause, others_up);
    // A relay that died with its replica held its outbox row in a transaction that died too: a
    // relay of a replica still up claims the row and sends it again.
    if (others_up) w_.relay->wake(svc);
    w_.queue.push(w_.now() + c.restart_after, kEvRestart, uint32_t(svc), hit, kLaneProcessBase + uint32_t(svc));
}

void ProcessFaultActor::crash_replica(const CrashOrder& c, uint8_t replica, uint64_t cause, bool others_up) {
    const Service svc = c.service;
    Step s;
    s.kind = StepKind::Crash;
    s.lane = w_.lanes.process(svc, replica);
    s.service = uint8_t(svc);
    s.fault = uint16_t(c.fault + 1);
    s.fault_kind = uint8_t(w_.sc.faults[c.fault].kind);
    s.cause = cause;
    const uint64_t step = w_.emit(s);
    w_.crashed[size_t(svc)] = uint16_t(w_.crashed[size_t(svc)] | 1u << replica);
    // Every thread of the process is gone: open transactions roll back, listeners will read again
    // from their committed offsets, client requests get a broken connection.
    for (uint32_t id = 0; id < w_.jobs.size(); ++id) {
        Job& j = w_.jobs[id];
        if (!j.busy || j.service != svc || j.replica != replica) continue;
        if (j.txn_open) w_.runtime(svc).abort(j.txn);
        j.txn_open = false;
        // The saga-timeout task dies with the process; its deadline is still in the database, so
        // another replica's scheduler runs it at its next scan, or, with none up, this one after
        // its restart. The deadline is set again before the task's end, so that the order never
        // looks settled in between.
        if (j.kind == JobKind::Timeout)
            w_.timers->rearm(j.order, j.timer_round, others_up ? kDeadlineScan : c.restart_after, step);
        if (j.kind == JobKind::Relay) w_.relay->abandoned(id);
        Step a = w_.job_step(StepKind::Abandon, j, j.event);
        a.cause = step;
        j.last_step = w_.emit(a);
        if (j.send_blocked) w_.producer->abandon_blocked(id, j.last_step);
        if (j.kind == JobKind::Listener || j.kind == JobKind::Relay) {
            w_.jobs.idle(id);
        } else {
            w_.jobs.end(id);
        }
    }
    w_.listeners->rewind(svc, replica);
    w_.groups->crashed(svc, replica);
}

void ProcessFaultActor::restart(Service svc, uint16_t replicas) {
    for (uint8_t r = 0; r < kReplicasMax; ++r) {
        if (!(replicas >> r & 1) || !(w_.crashed[size_t(svc)] >> r & 1)) continue;
        w_.crashed[size_t(svc)] = uint16_t(w_.crashed[size_t(svc)] & ~(1u << r));
        Step s;
        s.kind = StepKind::Restart;
        s.lane = w_.lanes.process(svc, r);
        s.service = uint8_t(svc);
        const uint64_t step = w_.emit(s);
        w_.groups->restarted(svc, r, step);
        w_.listeners->wake_all(svc, r);
    }
    w_.relay->wake(svc);
}

void ProcessFaultActor::nemesis() {
    std::array<uint8_t, kServiceCount> running{};
    for (Service s : kAllServices) running[size_t(s)] = uint8_t(std::popcount(w_.running[size_t(s)]));
    const ProcessFaults::NemesisMove m = w_.process_faults.nemesis_move(w_.now(), w_.decisions, running);
    if (m.crash) crash(*m.crash, 0);
    if (m.window) window_begin(*m.window);
    if (w_.phase.active(w_.now())) w_.queue.push(m.next, kEvNemesis, 0, 0, kLaneNemesis);
}

void ProcessFaultActor::window_begin(const FaultWindow& win) {
    if (!w_.phase.active(w_.now())) {
        w_.fault_ledger.late(win.fault, w_.now());
        return;
    }
    Step s;
    s.kind = StepKind::WindowBegin;
    s.lane = w_.lanes.process(win.service, win.replica == kAllReplicas ? 0 : win.replica);
    s.service = uint8_t(win.service);
    s.fault = uint16_t(win.fault + 1);
    s.fault_kind = uint8_t(win.kind);
    const uint64_t step = w_.emit(s);
    if (win.kind == FaultKind::Pause) w_.groups->paused(win, step);
    if (win.kind == FaultKind::Disconnect) w_.groups->disconnected(win);
    open_.push_back(Open{win.service, win.kind, win.fault, win.replica});
    w_.queue.push(w_.process_faults.end_of(win), kEvWindowEnd, uint32_t(win.service),
                  uint64_t(win.replica) << 24 | uint64_t(win.kind) << 16 | win.fault, kLaneFirst);
}

void ProcessFaultActor::window_end(Service svc, uint8_t replica, FaultKind kind, uint16_t fault) {
    // A window the heal phase has ended already has nothing left to end.
    for (size_t i = 0; i < open_.size(); ++i) {
        if (open_[i].service == svc && open_[i].kind == kind && open_[i].fault == fault && open_[i].replica == replica) {
            open_.erase(open_.begin() + std::ptrdiff_t(i));
            emit_window_end(svc, kind, fault, replica);
            return;
        }
    }
}

void ProcessFaultActor::heal() {
    for (const Open& o : open_) emit_window_end(o.service, o.kind, o.fault, o.replica);
    open_.clear();
}

bool ProcessFaultActor::any_down() const {
    for (uint16_t d : w_.crashed)
        if (d != 0) return true;
    return false;
}

void ProcessFaultActor::emit_window_end(Service svc, FaultKind kind, uint16_t fault, uint8_t replica) {
    Step s;
    s.kind = StepKind::WindowEnd;
    s.lane = w_.lanes.process(svc, replica == kAllReplicas ? 0 : replica);
    s.service = uint8_t(svc);
    s.fault = uint16_t(fault + 1);
    s.fault_kind = uint8_t(kind);
    w_.emit(s);
}

bool ProcessFaultActor::stall(uint32_t job, const QueuedEvent& e) {
    const Job& j = w_.jobs[job];
    if (auto end = w_.process_faults.window_end(FaultKind::Pause, j.service, j.replica, w_.now())) {
        w_.queue.push(*end, e.kind(), e.target, e.arg, e.lane());
        return true;
    }
    return false;
}

}  // namespace sagasim
