// The outbox relays' loop: claim the oldest free row, send it, mark it sent.
#include "sim/host/relay.hpp"

#include <bit>

#include "sim/host/producer.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {

void Relay::add(Service s, const Event& e, uint64_t cause) {
    outbox_[size_t(s)].push_back(Row{e, cause, kUnclaimed});
    wake(s);
}

void Relay::wake(Service s) {
    std::deque<Row>& box = outbox_[size_t(s)];
    if (box.empty()) return;
    auto next = box.begin();
    // The earliest end of a pause that keeps an idle relay back, and that relay.
    std::optional<SimTime> paused_until;
    uint32_t paused_relay = 0;
    for (uint16_t up = w_.up_replicas(s); up != 0; up = uint16_t(up & (up - 1))) {
        const auto r = uint8_t(std::countr_zero(up));
        const uint32_t id = w_.jobs.relay(s, r);
        Job& j = w_.jobs[id];
        if (j.busy) continue;
        while (next != box.end() && next->claimed != kUnclaimed) ++next;
        if (next == box.end()) return;  // every row is held by a relay
        if (auto end = w_.process_faults.window_end(FaultKind::Pause, s, r, w_.now())) {
            if (!paused_until || *end < *paused_until) {
                paused_until = end;
                paused_relay = id;
            }
            continue;  // its thread is stalled: the rows wait for another relay, or for the pause's end
        }
        next->claimed = r;
        w_.jobs.busy(id);
        j.event = next->event;
        j.order = j.event.order_id;
        j.subject = w_.subjects.identity(j.order);
        j.sending = Sending::Relay;
        j.last_step = w_.producer->send(id, uint8_t(s), j.lane, j.event, topic_id(topic_of(j.event.type)),
                                        w_.partition_of(j.event), next->cause);
    }
    if (paused_until) w_.queue.push(*paused_until, kEvRelay, uint32_t(s), 0, kLaneJobBase + paused_relay);
}

std::deque<Relay::Row>::iterator Relay::held(uint32_t job) {
    const Job& j = w_.jobs[job];
    std::deque<Row>& box = outbox_[size_t(j.service)];
    for (auto it = box.begin(); it != box.end(); ++it)
        if (it->claimed == j.replica) return it;
    return box.end();
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
    const auto row = held(job);
    SIM_ASSERT(row != outbox_[size_t(j.service)].end() && row->event.event_id == j.event.event_id,
               "the outbox row of relay job {} moved under it", job);
    outbox_[size_t(j.service)].erase(row);
    j.last_step = w_.emit(w_.job_step(StepKind::Commit, j, j.event));
    w_.jobs.idle(job);
    wake(j.service);
}

void Relay::timed_out(uint32_t job) {
    // The relay's transaction rolls back, so the row is free again, and its thread sleeps out the
    // back-off; a relay of another replica may claim the row meanwhile.
    abandoned(job);
    w_.push_job(w_.now() + w_.sc.timing.retry_backoff, kEvRetry, job);
    wake(w_.jobs[job].service);
}

void Relay::backed_off(uint32_t job) {
    w_.jobs.idle(job);
    wake(w_.jobs[job].service);
}

void Relay::abandoned(uint32_t job) {
    const auto row = held(job);
    if (row != outbox_[size_t(w_.jobs[job].service)].end()) row->claimed = kUnclaimed;
}

}  // namespace sagasim
