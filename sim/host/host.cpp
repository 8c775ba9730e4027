// The host's step functions. Read top to bottom, they are the life of one record in a listener:
// on_deliver -> on_decide -> (send -> on_append, on_ack)* -> on_commit -> on_offset_commit, with
// fail() taking the error handler's path (on_retry, or the DLT / skip) from a throw or a failed
// commit. Client requests use the same on_decide / send / on_ack / on_commit without offsets.
// Faults come in at the edges: send() asks the message faults, the commit asks for outages and
// slow commits, crash points are checked between the stages, and crash() abandons a service's
// jobs (their queued events then carry a stale epoch and are dropped).
#include "sim/host/host.hpp"

#include <algorithm>
#include <bit>

#include "sim/broker/partitioner.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {
namespace {

// The seed's DefaultErrorHandler: FixedBackOff(1000 ms, 3) in the order service (1 + 3
// attempts), FixedBackOff(1000 ms, 5) in the Kotlin services (1 + 5 attempts), §8.3.
uint32_t attempts_max(Service s) { return s == Service::Order ? 4 : 6; }

// send(...).get(10, SECONDS) in every publisher (§8.1), and the producer's own retries within
// delivery.timeout.ms (120 s by default), after which a record that never reached the broker is lost.
constexpr Duration kSendTimeout = Duration::seconds(10);
constexpr Duration kDeliveryTimeout = Duration::seconds(120);

inline uint64_t mix64(uint64_t a, uint64_t b) {
    uint64_t z = a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Domains of stable eventIds, so ids derived from different things never meet.
constexpr uint64_t kFromEvent = 1, kFromCreate = 2, kFromTimeout = 3;

}  // namespace

ServiceDesign service_design(const Design& d) {
    ServiceDesign s;
    s.early_events_retry = d.early_events == EarlyEvents::Retry;
    s.refund_on_shipment_failure = d.refund_on_shipment_failure;
    s.finalize_reservations = d.finalize_reservations;
    s.saga_timeout = d.saga_timeout.has_value();
    s.failure_path_commits = d.publish != PublishMode::BeforeCommit;
    return s;
}

Host::Host(const Scenario& scenario, EventQueue& queue, Broker& broker, Decisions& decisions, Tracer& tracer,
           CheckSet& checks, FaultPhase& phase)
    : scenario_(scenario),
      design_(service_design(scenario.design)),
      queue_(queue),
      broker_(broker),
      decisions_(decisions),
      tracer_(tracer),
      checks_(checks),
      phase_(phase),
      message_faults_(scenario, decisions.seed(), phase, design_),
      process_faults_(scenario, decisions.seed(), phase),
      order_(design_),
      inventory_(design_, &scenario.skus) {
    jobs_.resize(broker_.listener_count() + kServiceCount);
    for (size_t l = 0; l < broker_.listener_count(); ++l) {
        jobs_[l].kind = JobKind::Listener;
        jobs_[l].service = broker_.cursor(l).service;
    }
    for (Service s : kAllServices) {
        jobs_[relay_job(s)].kind = JobKind::Relay;
        jobs_[relay_job(s)].service = s;
    }
}

EventId Host::new_event_id() {
    if (scenario_.design.event_ids == EventIdMode::PerPublish) return ++event_serial_;
    // Stable: the same input gives the same eventId, however often the handler runs; the high
    // bit keeps them apart from the serials of injected records.
    return (1ULL << 63) | (mix64(stable_origin_, stable_counter_++) >> 1);
}

OrderId Host::next_order_id() {
    ++order_serial_;
    stable_origin_ = mix64(kFromCreate, uint64_t(order_serial_));
    stable_counter_ = 0;
    return order_serial_;
}

ServiceRuntime& Host::runtime(Service s) {
    switch (s) {
        case Service::Order: return order_;
        case Service::Inventory: return inventory_;
        case Service::Payment: return payment_;
        case Service::Shipment: return shipment_;
    }
    return order_;
}

uint64_t Host::trace(Step s) {
    s.time = queue_.now();
    return tracer_.record(s);
}

Step Host::job_step(StepKind kind, const Job& j, const Event& e) const {
    Step s;
    s.kind = kind;
    s.service = uint8_t(j.service);
    s.order = e.order_id;
    s.event_type = uint8_t(e.type);
    s.event_id = e.event_id;
    s.cause = j.last_step;
    const bool outgoing = kind == StepKind::Send || kind == StepKind::Ack || kind == StepKind::Fault ||
                          kind == StepKind::Lost || kind == StepKind::Timeout;
    if (j.kind == JobKind::Listener && !outgoing) {
        s.topic = j.record.topic;
        s.partition = j.record.partition;
        s.offset = j.record.offset;
        s.attempt = j.attempt;
    } else if (j.kind == JobKind::Listener) {
        s.attempt = j.attempt;  // about a record this handler sends, not the one it consumes
    } else if (kind != StepKind::Send && kind != StepKind::Ack) {
        s.event_type = 0xff;  // a client request is no event
        s.event_id = 0;
        s.order = j.order;
    }
    return s;
}

void Host::push_job(SimTime t, uint32_t kind, uint32_t job) { queue_.push(t, kind, job, jobs_[job].epoch); }

void Host::start() {
    // A record a scenario will inject for an order is work to come for that order.
    for (const Injection& inj : scenario_.injections) checks_.work_started(inj.order_id, 1);
    for (const auto& [sku, quantity] : scenario_.inventory)
        inventory_.mutable_store().load_initial(scenario_.skus.trimmed(sku), quantity, checks_);
    const auto& timed = process_faults_.timed_crashes();
    for (size_t i = 0; i < timed.size(); ++i)
        queue_.push(timed[i].first, kEvCrash, uint32_t(timed[i].second.service), i);
    if (auto first = process_faults_.nemesis_first()) queue_.push(*first, kEvNemesis, 0, 0);
}

// A paused service (GC pause) does nothing until the pause ends: its job events wait.
bool Host::stalled(uint32_t job, const QueuedEvent& e) {
    const Service s = jobs_[job].service;
    if (auto end = process_faults_.window_end(FaultKind::Pause, s, queue_.now())) {
        queue_.push(*end, e.kind, e.target, e.arg);
        return true;
    }
    return false;
}

void Host::dispatch(const QueuedEvent& e) {
    switch (e.kind) {
        case kEvDeliver: on_deliver(e.target); return;
        case kEvAppend: on_append(e.arg); return;
        case kEvCrash: crash(process_faults_.timed_crashes()[e.arg].second); return;
        case kEvRestart: restart(Service(e.target)); return;
        case kEvNemesis: nemesis(); return;
        case kEvTimer: on_timer(OrderId(e.arg)); return;
        case kEvRelay: relay_wake(Service(e.target)); return;
        default: break;
    }
    Job& j = jobs_[e.target];
    if (!j.busy || j.epoch != e.arg) return;  // abandoned by a crash: the thread is gone
    if (stalled(e.target, e)) return;
    switch (e.kind) {
        case kEvRetry: on_retry(e.target); break;
        case kEvDecide: on_decide(e.target); break;
        case kEvAck: on_ack(e.target); break;
        case kEvCommit: on_commit(e.target); break;
        case kEvOffsetCommit: on_offset_commit(e.target); break;
        case kEvSendTimeout: on_send_timeout(e.target); break;
        default: SIM_ASSERT(false, "unknown host event kind {}", e.kind);
    }
}

uint32_t Host::new_client_job(JobKind kind, Service s) {
    uint32_t id;
    if (!free_jobs_.empty()) {
        id = free_jobs_.back();
        free_jobs_.pop_back();
    } else {
        id = uint32_t(jobs_.size());
        jobs_.emplace_back();
    }
    Job& j = jobs_[id];
    const uint64_t epoch = j.epoch;
    j = Job{};
    j.epoch = epoch;
    j.kind = kind;
    j.service = s;
    j.busy = true;
    ++active_jobs_;
    return id;
}

void Host::end_client_job(uint32_t job) {
    Job& j = jobs_[job];
    if (j.order != 0) checks_.work_done(j.order, 1);
    j.busy = false;
    j.epoch += 1;
    free_jobs_.push_back(job);
    --active_jobs_;
}

void Host::client_order(SkuId sku, int32_t quantity, Money price) {
    client_request(JobKind::CreateOrder, Service::Order, StepKind::ClientRequest, sku, quantity, price);
}

void Host::client_restock(SkuId sku, int32_t quantity) {
    client_request(JobKind::Restock, Service::Inventory, StepKind::Restock, sku, quantity, Money{});
}

// A REST call arrives: a request thread starts, or, if the service is down, the connection is
// refused and nothing happens.
void Host::client_request(JobKind kind, Service svc, StepKind step, SkuId sku, int32_t quantity, Money price) {
    ++counters_.client_requests;
    Step s;
    s.kind = step;
    s.service = uint8_t(svc);
    if (down_[size_t(svc)]) {
        s.note = uint8_t(Failure::ServiceDown);
        ++counters_.client_errors;
        trace(s);
        return;
    }
    const uint32_t id = new_client_job(kind, svc);
    Job& j = jobs_[id];
    j.event.sku = sku;
    j.event.quantity = quantity;
    j.event.price = price;
    j.last_step = trace(s);
    push_job(queue_.now() + scenario_.timing.handle, kEvDecide, id);
}

void Host::on_deliver(uint32_t l) {
    Job& j = jobs_[l];
    if (queue_.now() >= j.wake_at) j.wake_at = SimTime{INT64_MAX};
    if (j.busy) return;
    const Service svc = j.service;
    if (down_[size_t(svc)]) return;  // the restart wakes every listener
    const SimTime now = queue_.now();
    if (auto end = process_faults_.window_end(FaultKind::Pause, svc, now)) return wake(l, *end);
    if (auto end = process_faults_.window_end(FaultKind::Disconnect, svc, now)) return wake(l, *end);
    std::optional<SimTime> held;
    const std::optional<RecordRef> ref = broker_.next_for(l, now, &held);
    if (!ref) {
        if (held) wake(l, *held);
        return;
    }
    broker_.advance(l, *ref);
    const Record& rec = broker_.record(*ref);
    j.busy = true;
    ++active_jobs_;
    j.record = *ref;
    j.event = rec.event;
    j.order = rec.event.order_id;
    j.attempt = 1;
    j.dead_letter = false;
    j.txn_open = false;
    ++counters_.deliveries;
    Step s = job_step(StepKind::Deliver, j, j.event);
    s.cause = rec.append_step;
    j.last_step = trace(s);
    push_job(now + scenario_.timing.handle, kEvDecide, l);
}

void Host::wake(uint32_t l, SimTime at) {
    Job& j = jobs_[l];
    if (j.busy || at >= j.wake_at) return;
    j.wake_at = at;
    queue_.push(at, kEvDeliver, l, 0);
}

void Host::on_retry(uint32_t job) {
    Job& j = jobs_[job];
    ++j.attempt;
    ++counters_.retries;
    // The error handler seeks back, and the same record is polled again.
    j.last_step = trace(job_step(StepKind::Retry, j, j.event));
    push_job(queue_.now() + scenario_.timing.handle, kEvDecide, job);
}

void Host::on_decide(uint32_t job) {
    Job& j = jobs_[job];
    ServiceRuntime& svc = runtime(j.service);
    j.txn = svc.begin();
    j.txn_open = true;
    stable_origin_ = mix64(kFromEvent, mix64(j.event.event_id, uint64_t(j.service)));
    stable_counter_ = 0;
    switch (j.kind) {
        case JobKind::Listener: j.result = svc.handle(j.txn, Topic(j.record.topic), j.event, *this); break;
        case JobKind::Timeout:
            stable_origin_ = mix64(kFromTimeout, uint64_t(j.order));
            j.result = order_.timeout(j.txn, j.order, *this);
            break;
        case JobKind::Relay: SIM_ASSERT(false, "a relay has no handler"); break;
        case JobKind::CreateOrder: {
            j.result = order_.create_order(j.txn, j.event.sku, j.event.quantity, j.event.price, *this);
            const Event& placed = j.result.publish[0];
            j.order = placed.order_id;
            checks_.order_placed(placed);
            checks_.work_started(j.order, 1);  // this request, until it commits or fails
            break;
        }
        case JobKind::Restock: j.result = inventory_.restock(j.txn, j.event.sku, j.event.quantity, *this); break;
    }
    Step s = job_step(StepKind::Decide, j, j.event);
    s.outcome = uint8_t(j.result.outcome);
    s.note = uint8_t(j.result.note);
    if (j.service == Service::Order && j.kind == JobKind::Listener && j.result.outcome == Outcome::Proceed) {
        s.status_from = j.result.status_from;
        s.status_to = j.result.status_to;
    }
    j.last_step = trace(s);
    if (j.result.outcome == Outcome::Throw) {
        svc.abort(j.txn);
        j.txn_open = false;
        fail(job, j.result.failure);
        return;
    }
    j.next_publish = 0;
    if (j.result.publish_count > 0 && crash_point(job, CrashPoint::BeforePublish)) return;
    if (scenario_.design.publish != PublishMode::BeforeCommit) {
        schedule_commit(job);  // after-commit sends later; an outbox writes its rows in the commit
        return;
    }
    after_sends(job);
}

// Sends the next outgoing event, or goes on to the commit (or, publishing after the commit, to
// the offset commit) once every event is acknowledged.
void Host::after_sends(uint32_t job) {
    Job& j = jobs_[job];
    if (j.next_publish < j.result.publish_count) {
        const Event& e = j.result.publish[j.next_publish];
        send(job, e, topic_id(topic_of(e.type)), partition_for_order(e.order_number, broker_.partitions()));
        return;
    }
    if (scenario_.design.publish == PublishMode::AfterCommit) {
        after_commit(job);
        return;
    }
    if (j.result.publish_count > 0 && crash_point(job, CrashPoint::AfterPublish)) return;
    schedule_commit(job);
}

void Host::schedule_commit(uint32_t job) {
    Job& j = jobs_[job];
    uint16_t fault = 0;
    const Duration extra = process_faults_.slow_commit(j.service, j.order, queue_.now(), &fault);
    if (extra > Duration{}) {
        ++counters_.faults;
        Step s = job_step(StepKind::Fault, j, j.event);
        s.note = uint8_t(FaultKind::SlowCommit);
        s.attempt = fault + 1u;
        j.last_step = trace(s);
    }
    push_job(queue_.now() + scenario_.timing.commit + extra, kEvCommit, job);
}

uint64_t Host::new_send_slot() {
    if (!free_sends_.empty()) {
        const uint64_t slot = free_sends_.back();
        free_sends_.pop_back();
        return slot;
    }
    sends_.emplace_back();
    return sends_.size() - 1;
}

void Host::send(uint32_t job, const Event& e, TopicId topic, uint32_t partition) {
    Job& j = jobs_[job];
    Step s = job_step(StepKind::Send, j, e);
    s.topic = topic;
    s.partition = partition;
    s.offset = UINT64_MAX;
    j.last_step = trace(s);
    const SimTime now = queue_.now();
    const Duration latency = decisions_.latency(scenario_.kafka.latency.min, scenario_.kafka.latency.max);
    SimTime append_at = now + latency;
    // A disconnected producer reaches the broker only when the network is back.
    const std::optional<SimTime> back = process_faults_.window_end(FaultKind::Disconnect, j.service, now);
    if (back) append_at = *back + latency;
    const uint64_t slot = new_send_slot();
    InflightSend& f = sends_[slot];
    f = InflightSend{e, topic, partition, j.last_step, {}, true};
    if (topic < kBusinessTopicCount) f.verdict = message_faults_.judge(e, topic, now);
    for (uint16_t idx : f.verdict.fired) {
        ++counters_.faults;
        Step fs = job_step(StepKind::Fault, j, e);
        fs.topic = topic;
        fs.note = uint8_t(scenario_.faults[idx].kind);
        fs.attempt = idx + 1u;
        fs.cause = j.last_step;
        // The fault joins the causal chain: the ack (and what follows) points back to it.
        j.last_step = trace(fs);
    }
    append_at = append_at + f.verdict.append_later;
    const bool lost = f.verdict.drop || append_at - now > kDeliveryTimeout;
    if (lost) {
        Step ls = job_step(StepKind::Lost, j, e);
        ls.topic = topic;
        ls.cause = j.last_step;
        j.last_step = trace(ls);
        f.in_use = false;
        free_sends_.push_back(uint32_t(slot));
    } else {
        checks_.work_started(e.order_id, 1);
        ++inflight_sends_;
        queue_.push(append_at, kEvAppend, 0, slot);
    }
    // send(...).get(10 s): the ack comes once the broker has the record (a dropped record is
    // acknowledged and then lost; a reordered one is acknowledged on time), not before
    // `publish-ack`; without an answer within 10 s the send fails. Pushed after the append, so
    // at equal times the append runs first.
    const SimTime reached = back ? *back + latency : now + latency;
    const SimTime acked = std::max(reached, now + scenario_.timing.publish_ack);
    if (acked - now > kSendTimeout) push_job(now + kSendTimeout, kEvSendTimeout, job);
    else push_job(acked, kEvAck, job);
}

void Host::on_send_timeout(uint32_t job) {
    Job& j = jobs_[job];
    const bool own = j.dead_letter || j.kind == JobKind::Relay;
    const Event& sent = own ? j.event : j.result.publish[j.next_publish];
    ++counters_.faults;
    j.last_step = trace(job_step(StepKind::Timeout, j, sent));
    if (j.kind == JobKind::Relay) {
        // The relay tries the same outbox row again after the back-off.
        j.busy = false;
        j.epoch += 1;
        --active_jobs_;
        queue_.push(queue_.now() + scenario_.timing.retry_backoff, kEvRelay, uint32_t(j.service), 0);
        return;
    }
    // IllegalStateException: the surrounding transaction rolls back, and the error path runs.
    if (j.txn_open) {
        runtime(j.service).abort(j.txn);
        j.txn_open = false;
    }
    fail(job, Failure::SendTimeout);
}

void Host::inject(const Injection& inj) {
    Event e;
    e.type = event_type_of(inj.topic);
    e.order_id = inj.order_id;
    e.occurred_at_us = queue_.now().us;
    if (const OrderRow* row = order_.store().find(inj.order_id)) {
        e.order_number = row->order_number;
        e.sku = row->sku;
        e.quantity = row->quantity;
        e.price = row->price;
    } else {
        // One orderNumber per unknown orderId, so copies of a record keep their key (and partition).
        auto [it, fresh] = injected_numbers_.emplace(inj.order_id, Uuid{});
        if (fresh) it->second = decisions_.injected_order_number();
        e.order_number = it->second;
    }
    if (inj.sku != kNoSku) e.sku = inj.sku;
    if (inj.quantity) e.quantity = *inj.quantity;
    if (inj.price) e.price = *inj.price;
    e.amount = inj.amount ? *inj.amount : times(e.price, e.quantity);
    if (inj.reason) {
        e.reason = ReasonCode::Injected;
        e.reason_text_id = uint32_t(texts_.size());
        texts_.push_back(*inj.reason);
    } else {
        // The seed's own text for the event type, as its producer would write it.
        switch (e.type) {
            case EventType::InventoryFailedEvent:
            case EventType::OrderFailedEvent:
                e.reason = ReasonCode::InsufficientInventory;
                e.reason_sku = e.sku;
                e.reason_requested = e.quantity;
                break;
            case EventType::PaymentFailedEvent: e.reason = ReasonCode::PaymentDeclined; break;
            case EventType::ShipmentFailedEvent:
            case EventType::OrderShipmentFailedEvent: e.reason = ReasonCode::CarrierRejected; break;
            default: break;
        }
    }
    if (inj.event_label) {
        auto [it, fresh] = injected_ids_.emplace(*inj.event_label, 0);
        if (fresh) it->second = ++event_serial_;
        e.event_id = it->second;
    } else {
        e.event_id = ++event_serial_;
    }
    Step s;
    s.kind = StepKind::Inject;
    s.topic = topic_id(inj.topic);
    s.order = e.order_id;
    s.event_type = uint8_t(e.type);
    s.event_id = e.event_id;
    const uint64_t step = trace(s);
    // KafkaTemplate.send from the test: nobody waits for the ack; the message faults apply.
    const uint64_t slot = new_send_slot();
    InflightSend& f = sends_[slot];
    f = InflightSend{e, topic_id(inj.topic), partition_for_order(e.order_number, broker_.partitions()), step, {}, true};
    f.verdict = message_faults_.judge(e, f.topic, queue_.now());
    if (f.verdict.drop) {
        f.in_use = false;
        free_sends_.push_back(uint32_t(slot));
    } else {
        checks_.work_started(e.order_id, 1);
        ++inflight_sends_;
        const Duration latency = decisions_.latency(scenario_.kafka.latency.min, scenario_.kafka.latency.max);
        queue_.push(queue_.now() + latency + f.verdict.append_later, kEvAppend, 0, slot);
    }
    checks_.work_done(e.order_id, 1);  // the injection announced in start() is made
}

// Appends one copy of a sent record and wakes the listeners that will read it.
void Host::append_record(const InflightSend& f, const Event& e, uint8_t only_mask, bool copy) {
    Record rec;
    rec.event = e;
    rec.appended_at = queue_.now();
    rec.append_step = tracer_.next_id();
    rec.only_mask = only_mask;
    if (f.verdict.hold_mask != 0) {
        rec.hold_until = queue_.now() + f.verdict.hold;
        rec.hold_mask = f.verdict.hold_mask;
    }
    const uint64_t offset = broker_.append(f.topic, f.partition, rec);
    Step s;
    s.kind = StepKind::Append;
    s.topic = f.topic;
    s.partition = f.partition;
    s.offset = offset;
    s.order = e.order_id;
    s.event_type = uint8_t(e.type);
    s.event_id = e.event_id;
    s.cause = f.send_step;
    s.note = copy ? 1 : 0;
    const uint64_t id = trace(s);
    SIM_ASSERT(id == rec.append_step, "append step {} != {}", id, rec.append_step);
    checks_.record_appended(e);
    int readers = 0;
    for (uint32_t l : broker_.listeners_of(f.topic)) {
        if (!(only_mask & broker_.bit_of(l))) continue;
        ++readers;
        const bool held = (rec.hold_mask & broker_.bit_of(l)) != 0;
        wake(l, held ? rec.hold_until : queue_.now());
    }
    checks_.work_started(e.order_id, readers);
}

void Host::on_append(uint64_t slot) {
    InflightSend& f = sends_[slot];
    SIM_ASSERT(f.in_use, "append of a free send slot {}", slot);
    append_record(f, f.event, 0xff, false);
    for (uint8_t i = 0; i < f.verdict.duplicates; ++i) append_record(f, f.event, f.verdict.duplicate_mask, true);
    for (uint8_t i = 0; i < f.verdict.republishes; ++i) {
        // What a retried producer sends again: a fresh eventId in the seed's design, the same one
        // where eventIds are stable (derived from what was handled).
        Event copy = f.event;
        if (scenario_.design.event_ids == EventIdMode::PerPublish) copy.event_id = ++event_serial_;
        append_record(f, copy, 0xff, true);
    }
    checks_.work_done(f.event.order_id, 1);
    f.in_use = false;
    free_sends_.push_back(uint32_t(slot));
    --inflight_sends_;
}

void Host::on_ack(uint32_t job) {
    Job& j = jobs_[job];
    const bool own = j.dead_letter || j.kind == JobKind::Relay;  // the job's event is what it sent
    const Event& sent = own ? j.event : j.result.publish[j.next_publish];
    j.last_step = trace(job_step(StepKind::Ack, j, sent));
    if (j.kind == JobKind::Relay) return relay_acked(job);
    if (j.dead_letter) {
        // The recoverer's send is done: the error handler commits the record's offset.
        push_job(queue_.now() + scenario_.timing.offset_commit, kEvOffsetCommit, job);
        return;
    }
    ++j.next_publish;
    after_sends(job);
}

void Host::on_commit(uint32_t job) {
    Job& j = jobs_[job];
    if (j.kind == JobKind::Relay) return relay_marked(job);
    Failure f = Failure::None;
    if (process_faults_.db_down(j.service, queue_.now())) {
        runtime(j.service).abort(j.txn);
        f = Failure::DbOutage;
    } else {
        f = runtime(j.service).commit(j.txn, checks_);
    }
    j.txn_open = false;
    Step s = job_step(f == Failure::None ? StepKind::Commit : StepKind::Rollback, j, j.event);
    s.note = uint8_t(f);
    j.last_step = trace(s);
    if (f != Failure::None) {
        ++counters_.rollbacks;
        fail(job, f);
        return;
    }
    if (scenario_.design.publish == PublishMode::Outbox)
        for (uint8_t i = 0; i < j.result.publish_count; ++i) outbox_add(j.service, j.result.publish[i]);
    if (j.kind == JobKind::CreateOrder && scenario_.design.saga_timeout) {
        checks_.work_started(j.order, 1);  // the timer is work to come for the order
        queue_.push(queue_.now() + *scenario_.design.saga_timeout, kEvTimer, 0, uint64_t(j.order));
    }
    if (crash_point(job, CrashPoint::AfterCommit)) return;
    if (scenario_.design.publish == PublishMode::AfterCommit && j.result.publish_count > 0) {
        after_sends(job);  // the sends come after the commit; after_sends then calls after_commit
        return;
    }
    after_commit(job);
}

// The handler is done with its database: commit the offset (listener) or answer (client).
void Host::after_commit(uint32_t job) {
    Job& j = jobs_[job];
    if (j.kind == JobKind::Listener) {
        push_job(queue_.now() + scenario_.timing.offset_commit, kEvOffsetCommit, job);
    } else {
        end_client_job(job);
    }
}

void Host::fail(uint32_t job, Failure why) {
    (void)why;
    Job& j = jobs_[job];
    if (j.kind != JobKind::Listener) {
        // The REST call answers 500; the client does not retry.
        ++counters_.client_errors;
        end_client_job(job);
        return;
    }
    if (j.attempt < attempts_max(j.service)) {
        push_job(queue_.now() + scenario_.timing.retry_backoff, kEvRetry, job);
        return;
    }
    if (j.service == Service::Order) {
        // DeadLetterPublishingRecoverer: the raw record to <topic>.DLT, same partition index.
        const std::optional<TopicId> dlt = dlt_of(Topic(j.record.topic));
        SIM_ASSERT(dlt.has_value(), "no DLT for {}", topic_id_name(j.record.topic));
        ++counters_.dead_lettered;
        j.last_step = trace(job_step(StepKind::DeadLetter, j, j.event));
        j.dead_letter = true;
        send(job, j.event, *dlt, j.record.partition);
        return;
    }
    ++counters_.skipped;
    j.last_step = trace(job_step(StepKind::Skip, j, j.event));
    push_job(queue_.now() + scenario_.timing.offset_commit, kEvOffsetCommit, job);
}

void Host::on_offset_commit(uint32_t l) {
    Job& j = jobs_[l];
    // The offset goes to the broker: a disconnected consumer commits when the network is back.
    if (auto back = process_faults_.window_end(FaultKind::Disconnect, j.service, queue_.now())) {
        push_job(*back, kEvOffsetCommit, l);
        return;
    }
    broker_.commit_offset(l, j.record);
    j.last_step = trace(job_step(StepKind::OffsetCommit, j, j.event));
    j.busy = false;
    --active_jobs_;
    checks_.work_done(j.order, 1);
    wake(l, queue_.now());
}

bool Host::crash_point(uint32_t job, CrashPoint point) {
    const Job& j = jobs_[job];
    const std::optional<CrashOrder> c = process_faults_.crash_at(j.service, point, j.order, queue_.now());
    if (!c) return false;
    crash(*c);
    return true;
}

void Host::crash(const CrashOrder& c) {
    const Service svc = c.service;
    if (down_[size_t(svc)] || !phase_.active(queue_.now())) return;
    ++counters_.crashes;
    ++counters_.faults;
    Step s;
    s.kind = StepKind::Crash;
    s.service = uint8_t(svc);
    s.attempt = c.fault + 1u;
    const uint64_t step = trace(s);
    down_[size_t(svc)] = true;
    // Every thread of the process is gone: open transactions roll back, listeners will read again
    // from their committed offsets, client requests get a broken connection.
    for (uint32_t id = 0; id < jobs_.size(); ++id) {
        Job& j = jobs_[id];
        if (!j.busy || j.service != svc) continue;
        if (j.txn_open) runtime(svc).abort(j.txn);
        j.txn_open = false;
        j.last_step = step;
        if (j.kind == JobKind::Listener || j.kind == JobKind::Relay) {
            j.busy = false;
            j.epoch += 1;
            --active_jobs_;
        } else {
            if (j.kind == JobKind::Timeout) {
                // The saga-timeout task died with the process; its deadline is still in the
                // database, so it runs again after the restart.
                checks_.work_started(j.order, 1);
                queue_.push(queue_.now() + c.restart_after, kEvTimer, 0, uint64_t(j.order));
            } else {
                ++counters_.client_errors;
            }
            end_client_job(id);
        }
    }
    for (uint32_t l = 0; l < broker_.listener_count(); ++l)
        if (broker_.cursor(l).service == svc) broker_.rewind(l);
    queue_.push(queue_.now() + c.restart_after, kEvRestart, uint32_t(svc), 0);
}

void Host::restart(Service svc) {
    down_[size_t(svc)] = false;
    Step s;
    s.kind = StepKind::Restart;
    s.service = uint8_t(svc);
    trace(s);
    for (uint32_t l = 0; l < broker_.listener_count(); ++l)
        if (broker_.cursor(l).service == svc) wake(l, queue_.now());
    relay_wake(svc);
}

void Host::nemesis() {
    const ProcessFaults::NemesisMove m = process_faults_.nemesis_move(queue_.now());
    if (m.crash) crash(*m.crash);
    if (m.window) {
        ++counters_.faults;
        Step s;
        s.kind = StepKind::Fault;
        s.service = uint8_t(m.window->service);
        s.note = uint8_t(m.window->kind);
        s.attempt = m.window->fault + 1u;
        trace(s);
    }
    if (phase_.active(queue_.now())) queue_.push(m.next, kEvNemesis, 0, 0);
}

void Host::outbox_add(Service s, const Event& e) {
    outbox_[size_t(s)].push_back(e);
    checks_.work_started(e.order_id, 1);  // an outbox row waiting is work to come for the order
    relay_wake(s);
}

void Host::relay_wake(Service s) {
    const uint32_t id = relay_job(s);
    Job& j = jobs_[id];
    if (j.busy || down_[size_t(s)] || outbox_[size_t(s)].empty()) return;
    if (auto end = process_faults_.window_end(FaultKind::Pause, s, queue_.now())) {
        queue_.push(*end, kEvRelay, uint32_t(s), 0);
        return;
    }
    j.busy = true;
    ++active_jobs_;
    j.event = outbox_[size_t(s)].front();
    j.order = j.event.order_id;
    j.dead_letter = false;
    j.last_step = 0;
    send(id, j.event, topic_id(topic_of(j.event.type)), partition_for_order(j.event.order_number, broker_.partitions()));
}

void Host::relay_acked(uint32_t job) {
    // Published; now mark the row sent (a crash before this commit publishes it again, with the
    // same eventId, so consumers drop the copy).
    push_job(queue_.now() + scenario_.timing.commit, kEvCommit, job);
}

void Host::relay_marked(uint32_t job) {
    Job& j = jobs_[job];
    if (process_faults_.db_down(j.service, queue_.now())) {
        push_job(queue_.now() + scenario_.timing.retry_backoff, kEvCommit, job);
        return;
    }
    std::deque<Event>& box = outbox_[size_t(j.service)];
    SIM_ASSERT(!box.empty() && box.front().event_id == j.event.event_id, "outbox head moved under its relay");
    box.pop_front();
    Step s = job_step(StepKind::Commit, j, j.event);
    s.note = 0;
    j.last_step = trace(s);
    j.busy = false;
    --active_jobs_;
    checks_.work_done(j.order, 1);
    relay_wake(j.service);
}

void Host::on_timer(OrderId order) {
    if (down_[size_t(Service::Order)]) {
        // The deadline is kept in the database; the task runs again once the service is back.
        queue_.push(queue_.now() + Duration::seconds(1), kEvTimer, 0, uint64_t(order));
        return;
    }
    const uint32_t id = new_client_job(JobKind::Timeout, Service::Order);
    Job& j = jobs_[id];
    j.order = order;
    j.event.order_id = order;
    checks_.work_started(order, 1);  // the task, until it commits
    checks_.work_done(order, 1);     // the timer
    push_job(queue_.now(), kEvDecide, id);
}

}  // namespace sagasim
