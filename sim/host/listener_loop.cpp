// Polls, deliveries and offset commits of the listener threads.
#include "sim/host/listener_loop.hpp"
#include "sim/host/error_handler.hpp"

namespace sagasim {

void ListenerLoop::on_deliver(uint32_t l) {
    Job& j = w_.jobs[l];
    if (w_.now() >= j.wake_at) j.wake_at = SimTime{INT64_MAX};
    if (j.busy) return;
    const Service svc = j.service;
    if (w_.down[size_t(svc)]) return;  // the restart wakes every listener
    const SimTime now = w_.now();
    if (auto end = w_.process_faults.window_end(FaultKind::Pause, svc, now)) return wake(l, *end);
    if (auto end = w_.process_faults.window_end(FaultKind::Disconnect, svc, now)) return wake(l, *end);
    std::optional<SimTime> held;
    w_.broker.ready(l, now, ready_, &held);
    if (ready_.empty()) {
        if (held) wake(l, *held);
        return;
    }
    size_t pick = 0;
    if (ready_.size() > 1)
        pick = w_.decisions.choose(DrawKey{Site::TiePartition, 0, l, ties_++, 0}, uint32_t(ready_.size()));
    const RecordRef ref = ready_[pick];
    w_.broker.advance(l, ref);
    const Record& rec = w_.broker.record(ref);
    w_.jobs.busy(l);
    j.record = ref;
    j.event = rec.event;
    j.order = rec.event.order_id;
    j.subject = w_.subjects.identity(j.order);
    j.attempt = 1;
    j.failures = 0;
    j.failure_class = 0xff;
    j.pool_wait_since = SimTime{INT64_MIN};
    j.sending = Sending::Handler;
    j.txn_open = false;
    Step s = w_.job_step(StepKind::Deliver, j, j.event);
    s.cause = rec.append_step;
    j.last_step = w_.emit(s);
    w_.push_job(now + w_.sc.timing.handle, kEvDecide, l);
}

void ListenerLoop::wake(uint32_t l, SimTime at) {
    Job& j = w_.jobs[l];
    if (j.busy || at >= j.wake_at) return;
    j.wake_at = at;
    w_.queue.push(at, kEvDeliver, l, 0, kLaneJobBase + l);
}

void ListenerLoop::on_offset_commit(uint32_t l) {
    Job& j = w_.jobs[l];
    // The offset goes to the broker: a disconnected consumer commits when the network is back.
    if (auto back = w_.process_faults.window_end(FaultKind::Disconnect, j.service, w_.now())) {
        w_.push_job(*back, kEvOffsetCommit, l);
        return;
    }
    w_.broker.commit_offset(l, j.record);
    w_.errors->moved_on(l);
    j.last_step = w_.emit(w_.job_step(StepKind::OffsetCommit, j, j.event));
    w_.jobs.idle(l);
    wake(l, w_.now());
}

void ListenerLoop::rewind(Service s) {
    for (uint32_t l = 0; l < w_.jobs.listeners(); ++l)
        if (w_.broker.cursor(l).service == s) w_.broker.rewind(l);
}

void ListenerLoop::wake_all(Service s) {
    for (uint32_t l = 0; l < w_.jobs.listeners(); ++l)
        if (w_.broker.cursor(l).service == s) wake(l, w_.now());
}

}  // namespace sagasim
