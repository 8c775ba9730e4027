// Sends, message faults, appends and acks.
#include "sim/host/producer.hpp"

#include <algorithm>

#include "sim/host/error_handler.hpp"
#include "sim/host/listener_loop.hpp"
#include "sim/host/relay.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {
namespace {

// send(...).get(10, SECONDS) in every publisher (§8.1), and the producer's own retries within
// delivery.timeout.ms (120 s by default), after which a record that never reached the broker is lost.
constexpr Duration kSendTimeout = Duration::seconds(10);
constexpr Duration kDeliveryTimeout = Duration::seconds(120);
// max.block.ms (60 s by default): how long KafkaProducer.send waits for a topic's metadata (§8.3).
constexpr Duration kMaxBlock = Duration::seconds(60);

// A step about the record `e` on its way to topic/partition.
Step record_step(StepKind kind, uint16_t lane, uint8_t from, const Event& e, TopicId topic, uint32_t partition,
                 uint64_t cause) {
    Step s;
    s.kind = kind;
    s.lane = lane;
    s.service = from;
    s.topic = topic;
    s.partition = partition;
    s.order = e.order_id;
    s.event_type = uint8_t(e.type);
    s.event_id = e.event_id;
    s.event = &e;
    s.cause = cause;
    return s;
}

}  // namespace

void Producer::reset() {
    used_ = 0;  // the slots stay, with their buffers, for the next run
    free_.clear();
    inflight_ = 0;
}

uint64_t Producer::new_slot() {
    if (!free_.empty()) {
        const uint64_t slot = free_.back();
        free_.pop_back();
        return slot;
    }
    if (used_ == sends_.size()) sends_.emplace_back();
    return used_++;
}

uint64_t Producer::send(uint32_t job, uint8_t from, uint16_t lane, const Event& e, TopicId topic, uint32_t partition,
                        uint64_t cause) {
    const SimTime now = w_.now();
    Step s = record_step(StepKind::Send, lane, from, e, topic, partition, cause);
    if (job != kNoJob) s.attempt = w_.jobs[job].kind == JobKind::Listener ? w_.jobs[job].attempt : 0;
    const uint64_t send_step = w_.emit(s);
    uint64_t last = send_step;
    if (!w_.topic_accepts(topic, partition)) {
        // KafkaProducer.send waits for the topic's metadata in the caller's thread, then throws.
        SIM_ASSERT(job != kNoJob, "a send to {}[{}] with nobody to block", topic_id_name(topic), partition);
        Job& j = w_.jobs[job];
        j.send_step = send_step;
        j.send_blocked = true;
        w_.push_job(now + kMaxBlock, kEvSendBlocked, job);
        return last;
    }

    const Duration latency{w_.decisions.between(w_.subjects.next(Site::KafkaLatency, OrderSite::Latency, e.order_id),
                                                w_.sc.kafka.latency.min.us, w_.sc.kafka.latency.max.us)};
    // A disconnected producer reaches the broker only when the network is back.
    std::optional<SimTime> back;
    if (from != kNoService)
        back = w_.process_faults.window_end(FaultKind::Disconnect, Service(from), job == kNoJob ? 0 : w_.jobs[job].replica,
                                            now);
    const SimTime reached = (back ? *back : now) + latency;

    const uint64_t slot = new_slot();
    // Every field set anew (a reused slot's verdict keeps its buffer; judge clears it).
    InflightSend& f = sends_[slot];
    f.event = e;
    f.topic = topic;
    f.partition = partition;
    f.cause = 0;
    f.job = kNoJob;
    f.job_epoch = 0;
    f.send_step = send_step;
    f.in_use = false;
    w_.message_faults.judge(e, topic, now, w_.subjects.subject(e.order_id), w_.decisions, f.verdict);
    for (uint16_t idx : f.verdict.fired) {
        // The fault joins the causal chain: the append and the ack point back to it.
        Step fs = record_step(StepKind::Fault, w_.lanes.partition(topic, partition), from, e, topic, partition, last);
        fs.fault = uint16_t(idx + 1);
        fs.fault_kind = uint8_t(w_.sc.faults[idx].kind);
        last = w_.emit(fs);
    }
    const SimTime append_at = reached + f.verdict.append_later;
    const bool lost = f.verdict.drop || append_at - now > kDeliveryTimeout;
    if (lost) {
        const uint16_t producer_lane = from == kNoService ? lane : w_.lanes.producer(Service(from));
        last = w_.emit(record_step(StepKind::Lost, producer_lane, from, e, topic, partition, last));
        free_.push_back(uint32_t(slot));
    } else {
        f.in_use = true;
        f.cause = last;
        ++inflight_;
        const uint32_t qlane = job == kNoJob ? kLaneClient : kLaneJobBase + job;
        w_.queue.push(append_at, kEvAppend, 0, slot, qlane);
    }
    if (job == kNoJob) return last;
    // send(...).get(10 s): the ack comes once the broker has the record (a dropped record is
    // acknowledged and then lost; a reordered one is acknowledged on time), not before
    // `publish-ack`; without an answer within 10 s the send fails. Queued after the append on the
    // job's lane, so at equal times the append comes first.
    Job& j = w_.jobs[job];
    j.send_step = send_step;
    j.append_step = 0;
    f.job = job;
    f.job_epoch = j.epoch;
    const SimTime acked = std::max(reached, now + w_.sc.timing.publish_ack);
    if (acked - now > kSendTimeout) w_.push_job(now + kSendTimeout, kEvSendTimeout, job);
    else w_.push_job(acked, kEvAck, job);
    return last;
}

// Appends one copy of a sent record and wakes the listeners that will read it.
uint64_t Producer::append(const InflightSend& f, const Event& e, uint8_t only_mask, bool copy) {
    Record rec;
    rec.event = e;
    rec.appended_at = w_.now();
    rec.only_mask = only_mask;
    if (f.verdict.hold_mask != 0) {
        rec.hold_until = w_.now() + f.verdict.hold;
        rec.hold_mask = f.verdict.hold_mask;
    }
    uint32_t readers = 0;
    for (uint32_t g : w_.broker.groups_of(f.topic))
        if (only_mask & w_.broker.bit_of_group(g)) ++readers;
    Step s = record_step(StepKind::Append, w_.lanes.partition(f.topic, f.partition), kNoService, e, f.topic,
                         f.partition, f.cause);
    s.copy = copy ? 1 : 0;
    s.count = readers;
    s.offset = w_.broker.log_end(f.topic, f.partition);
    rec.append_step = w_.emit(s);
    w_.broker.append(f.topic, f.partition, rec);
    for (uint32_t g : w_.broker.groups_of(f.topic)) {
        if (!(only_mask & w_.broker.bit_of_group(g))) continue;
        const uint32_t owner = w_.broker.owner(g, f.partition);
        if (owner == kNoMember) continue;  // the group is rebalancing: the new owner will look
        const bool held = (rec.hold_mask & w_.broker.bit_of_group(g)) != 0;
        w_.listeners->wake(owner, held ? rec.hold_until : w_.now());
    }
    return rec.append_step;
}

void Producer::on_append(uint64_t slot) {
    InflightSend& f = sends_[slot];
    SIM_ASSERT(f.in_use, "append of a free send slot {}", slot);
    const uint64_t first = append(f, f.event, 0xff, false);
    // The waiting job's ack will name this append.
    if (f.job != kNoJob) {
        Job& j = w_.jobs[f.job];
        if (j.busy && j.epoch == f.job_epoch && j.send_step == f.send_step) j.append_step = first;
    }
    for (uint8_t i = 0; i < f.verdict.duplicates; ++i) append(f, f.event, f.verdict.duplicate_mask, true);
    for (uint8_t i = 0; i < f.verdict.republishes; ++i) {
        // What a retried producer sends again: a fresh eventId in the seed's design, the same one
        // where eventIds are stable (derived from what was handled).
        Event copy = f.event;
        if (w_.sc.design.event_ids == EventIdMode::PerPublish) copy.event_id = w_.fresh_event_id(copy.order_id);
        append(f, copy, 0xff, true);
    }
    f.in_use = false;
    free_.push_back(uint32_t(slot));
    --inflight_;
}

void Producer::on_send_timeout(uint32_t job) {
    Job& j = w_.jobs[job];
    j.last_step = w_.emit(w_.job_step(StepKind::Timeout, j, j.sent()));
    if (j.kind == JobKind::Relay) {
        w_.relay->timed_out(job);
        return;
    }
    // The IllegalStateException rolls the surrounding transaction back, and the error path runs.
    if (j.txn_open) {
        w_.runtime(j.service).abort(j.txn);
        j.txn_open = false;
        Step r = w_.job_step(StepKind::Rollback, j, j.event);
        r.note = uint8_t(Failure::SendTimeout);
        j.last_step = w_.emit(r);
    }
    if (j.sending == Sending::DeadLetter) {
        w_.errors->recovery_failed(job);
        return;
    }
    w_.errors->fail(job, Failure::SendTimeout);
}

void Producer::on_send_blocked(uint32_t job) {
    Job& j = w_.jobs[job];
    // Only the recoverer sends to a topic that may not exist (the seed's own topics are declared).
    SIM_ASSERT(j.sending == Sending::DeadLetter, "a blocked send that is not a dead letter");
    const TopicId topic = w_.errors->destination(j);
    j.send_blocked = false;
    Step s = record_step(StepKind::Lost, w_.lanes.producer(j.service), uint8_t(j.service), j.event, topic,
                         j.record.partition, j.last_step);
    s.note = uint8_t(Failure::MetadataTimeout);
    j.last_step = w_.emit(s);
    w_.errors->recovery_failed(job);
}

void Producer::abandon_blocked(uint32_t job, uint64_t cause) {
    Job& j = w_.jobs[job];
    j.send_blocked = false;
    Step s = record_step(StepKind::Lost, w_.lanes.producer(j.service), uint8_t(j.service), j.event,
                         w_.errors->destination(j), j.record.partition, cause);
    s.note = uint8_t(Failure::ServiceDown);
    j.last_step = w_.emit(s);
}

}  // namespace sagasim
