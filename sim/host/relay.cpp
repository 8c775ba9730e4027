// The outbox relay's loop: pick the oldest row, send it, mark it sent.
#include "sim/host/relay.hpp"

#include "sim/host/producer.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {

void Relay::add(Service s, const Event& e, uint64_t cause) {
    outbox_[size_t(s)].push_back(Row{e, cause});
    wake(s);
}

void Relay::wake(Service s) {
    const uint32_t id = w_.jobs.relay(s);
    Job& j = w_.jobs[id];
    if (j.busy || w_.service_down(s) || outbox_[size_t(s)].empty()) return;
    j.replica = w_.worker_replica(s);
    if (auto end = w_.process_faults.window_end(FaultKind::Pause, s, j.replica, w_.now())) {
        w_.queue.push(*end, kEvRelay, uint32_t(s), 0, kLaneJobBase + id);
        return;
    }
    w_.jobs.busy(id);
    const Row& row = outbox_[size_t(s)].front();
    j.event = row.event;
    j.order = j.event.order_id;
    j.subject = w_.subjects.identity(j.order);
    j.sending = Sending::Relay;
    j.last_step = w_.producer->send(id, uint8_t(s), j.lane, j.event, topic_id(topic_of(j.event.type)), w_.partition_of(j.event),
                                    row.cause);
}

void Relay::acked(uint32_t job) {
    // Published; now mark the row sent (a crash before this commit publishes it again, with the
    // same eventId, so consumers drop the copy).
    w_.push_job(w_.now() + w_.sc.timing.commit, kEvCommit, job);
}

void Relay::marked(uint32_t job) {
    Job& j = w_.jobs[job];
    if (w_.process_faults.db_down(j.service, j.replica, w_.now())) {
        w_.push_job(w_.now() + w_.sc.timing.retry_backoff, kEvCommit, job);
        return;
    }
    std::deque<Row>& box = outbox_[size_t(j.service)];
    SIM_ASSERT(!box.empty() && box.front().event.event_id == j.event.event_id, "outbox head moved under its relay");
    box.pop_front();
    j.last_step = w_.emit(w_.job_step(StepKind::Commit, j, j.event));
    w_.jobs.idle(job);
    wake(j.service);
}

void Relay::timed_out(uint32_t job) {
    // The relay tries the same outbox row again after the back-off.
    Job& j = w_.jobs[job];
    w_.jobs.idle(job);
    w_.queue.push(w_.now() + w_.sc.timing.retry_backoff, kEvRelay, uint32_t(j.service), 0, kLaneJobBase + job);
}

}  // namespace sagasim
