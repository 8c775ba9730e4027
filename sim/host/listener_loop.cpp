// Polls, batches, deliveries and offset commits of the listener threads.
#include "sim/host/listener_loop.hpp"
#include "sim/host/error_handler.hpp"
#include "sim/host/group_coordinator.hpp"

namespace sagasim {

void ListenerLoop::reset() {
    ties_ = 0;
    batches_.resize(w_.jobs.listeners());
    for (Batch& b : batches_) {
        b.open = false;
        b.acks.clear();
    }
}

void ListenerLoop::on_deliver(uint32_t l) {
    Job& j = w_.jobs[l];
    if (w_.now() >= j.wake_at) j.wake_at = SimTime{INT64_MAX};
    if (j.busy) return;
    const Service svc = j.service;
    // The restart (or a scale step) wakes it; a replica being scaled away finishes its batch.
    if (!w_.up(svc, j.replica) && !w_.groups->stopping(l)) return;
    const SimTime now = w_.now();
    if (auto end = w_.process_faults.window_end(FaultKind::Pause, svc, j.replica, now)) return wake(l, *end);
    if (auto end = w_.process_faults.window_end(FaultKind::Disconnect, svc, j.replica, now)) return wake(l, *end);
    Batch& b = batches_[l];
    if (b.open) {
        w_.broker.ready(l, now, ready_, nullptr, b.end.data());
        if (!ready_.empty() && b.taken < w_.sc.kafka.max_poll_records) {
            // A poll's records come partition by partition: the one being drained goes on.
            for (const RecordRef& r : ready_)
                if (r.partition == b.partition) return take(l, r);
            return take(l, ready_[pick_partition(l)]);
        }
        b.open = false;
    }
    // The batch is done (or was cut short by a failure): its acks are committed before the next poll.
    if (!b.acks.empty()) {
        w_.jobs.busy(l);
        w_.push_job(now + w_.sc.timing.offset_commit, kEvOffsetCommit, l);
        return;
    }
    if (!w_.groups->may_poll(l)) return;  // rebalancing, or not a member: the rebalance wakes it
    std::optional<SimTime> held;
    w_.broker.ready(l, now, ready_, &held);
    if (ready_.empty()) {
        if (held) wake(l, *held);
        return;
    }
    const size_t pick = pick_partition(l);
    if (batch_mode()) {
        b.open = true;
        b.taken = 0;
        w_.broker.batch_end(l, now, w_.sc.kafka.max_poll_records, b.end);
    }
    take(l, ready_[pick]);
}

size_t ListenerLoop::pick_partition(uint32_t l) {
    if (ready_.size() < 2) return 0;
    return w_.decisions.choose(DrawKey{Site::TiePartition, 0, l, ties_++, 0}, uint32_t(ready_.size()));
}

void ListenerLoop::take(uint32_t l, RecordRef ref) {
    Job& j = w_.jobs[l];
    Batch& b = batches_[l];
    b.partition = ref.partition;
    ++b.taken;
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
    w_.push_job(w_.now() + w_.sc.timing.handle, kEvDecide, l);
}

void ListenerLoop::wake(uint32_t l, SimTime at) {
    Job& j = w_.jobs[l];
    if (j.busy || at >= j.wake_at) return;
    j.wake_at = at;
    w_.queue.push(at, kEvDeliver, l, 0, kLaneJobBase + l);
}

void ListenerLoop::handled(uint32_t l) {
    if (!batch_mode()) {
        w_.push_job(w_.now() + w_.sc.timing.offset_commit, kEvOffsetCommit, l);
        return;
    }
    batches_[l].acks.push_back(w_.jobs[l].record);
    w_.jobs.idle(l);
    wake(l, w_.now());
}

void ListenerLoop::recovered(uint32_t l) {
    if (batch_mode()) {
        Batch& b = batches_[l];
        b.acks.push_back(w_.jobs[l].record);
        b.open = false;  // the rest of the batch was sought back
    }
    w_.push_job(w_.now() + w_.sc.timing.offset_commit, kEvOffsetCommit, l);
}

void ListenerLoop::failed(uint32_t l) {
    if (!batch_mode()) return;
    Batch& b = batches_[l];
    b.open = false;
    // A commit that cannot reach the broker fails; the acks wait for the next one.
    const Job& j = w_.jobs[l];
    if (!b.acks.empty() && !w_.process_faults.window_end(FaultKind::Disconnect, j.service, j.replica, w_.now()))
        commit_acks(l);
}

void ListenerLoop::commit_acks(uint32_t l) {
    Job& j = w_.jobs[l];
    Batch& b = batches_[l];
    // The steps name each record; the job's own record is put back after.
    const RecordRef in_hand = j.record;
    for (const RecordRef& ref : b.acks) {
        j.record = ref;
        commit_one(l, w_.broker.record(ref).event);
    }
    b.acks.clear();
    j.record = in_hand;
}

void ListenerLoop::on_offset_commit(uint32_t l) {
    Job& j = w_.jobs[l];
    // The offset goes to the broker: a disconnected consumer commits when the network is back.
    if (auto back = w_.process_faults.window_end(FaultKind::Disconnect, j.service, j.replica, w_.now())) {
        w_.push_job(*back, kEvOffsetCommit, l);
        return;
    }
    if (batch_mode()) commit_acks(l);
    else commit_one(l, j.event);
    w_.errors->moved_on(l);
    w_.jobs.idle(l);
    wake(l, w_.now());
}

void ListenerLoop::commit_one(uint32_t l, const Event& e) {
    Job& j = w_.jobs[l];
    Step s = w_.job_step(StepKind::OffsetCommit, j, e);
    // The record's offset goes to the broker. When the group has rebalanced without this member
    // (removed while it still ran: a zombie), the commit fails and the new owner reads the record
    // again from the group's committed offset.
    if (!w_.broker.commit_offset(l, j.record)) s.note = uint8_t(Failure::CommitFailed);
    j.last_step = w_.emit(s);
}

void ListenerLoop::rewind(Service s, uint8_t r) {
    for (uint32_t l = 0; l < w_.jobs.listeners(); ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        if (c.service != s || c.replica != r) continue;
        w_.broker.rewind(l);
        batches_[l].open = false;
        batches_[l].acks.clear();
    }
}

void ListenerLoop::wake_all(Service s, uint8_t r) {
    for (uint32_t l = 0; l < w_.jobs.listeners(); ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        if (c.service == s && c.replica == r) wake(l, w_.now());
    }
}

}  // namespace sagasim
