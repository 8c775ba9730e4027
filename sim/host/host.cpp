// The host's step functions. Read top to bottom, they are the life of one record in a listener:
// on_deliver -> on_decide -> (send -> on_append, on_ack)* -> on_commit -> on_offset_commit, with
// fail() taking the error handler's path (on_retry, or the DLT / skip) from a throw or a failed
// commit. Client requests use the same on_decide / send / on_ack / on_commit without offsets.
#include "sim/host/host.hpp"

#include <algorithm>

#include "sim/broker/partitioner.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {
namespace {

constexpr uint32_t kNoJob = UINT32_MAX;

// The seed's DefaultErrorHandler: FixedBackOff(1000 ms, 3) in the order service (1 + 3
// attempts), FixedBackOff(1000 ms, 5) in the Kotlin services (1 + 5 attempts), §8.3.
uint32_t attempts_max(Service s) { return s == Service::Order ? 4 : 6; }

}  // namespace

Host::Host(const Scenario& scenario, EventQueue& queue, Broker& broker, Decisions& decisions, Tracer& tracer,
           CheckSet& checks)
    : scenario_(scenario), queue_(queue), broker_(broker), decisions_(decisions), tracer_(tracer), checks_(checks) {
    jobs_.resize(broker_.listener_count());
    for (size_t l = 0; l < jobs_.size(); ++l) {
        jobs_[l].kind = JobKind::Listener;
        jobs_[l].service = broker_.cursor(l).service;
    }
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

void Host::dispatch(const QueuedEvent& e) {
    switch (e.kind) {
        case kEvDeliver: on_deliver(e.target); break;
        case kEvRetry: on_retry(e.target); break;
        case kEvDecide: on_decide(e.target); break;
        case kEvAck: on_ack(e.target); break;
        case kEvCommit: on_commit(e.target); break;
        case kEvOffsetCommit: on_offset_commit(e.target); break;
        case kEvAppend: on_append(e.arg); break;
        default: SIM_ASSERT(false, "unknown host event kind {}", e.kind);
    }
}

uint64_t Host::trace(Step s) {
    s.time = queue_.now();
    return tracer_.record(s);
}

// A step about the job's record or request.
static Step job_step(StepKind kind, Service service, const Event& e, uint64_t cause) {
    Step s;
    s.kind = kind;
    s.service = uint8_t(service);
    s.order = e.order_id;
    s.event_type = uint8_t(e.type);
    s.event_id = e.event_id;
    s.cause = cause;
    return s;
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
    j = Job{};
    j.kind = kind;
    j.service = s;
    j.state = ListenerState::Busy;
    ++active_jobs_;
    return id;
}

void Host::free_client_job(uint32_t job) {
    jobs_[job].state = ListenerState::Idle;
    free_jobs_.push_back(job);
    --active_jobs_;
}

void Host::load_initial_stock() {
    for (const auto& [sku, quantity] : scenario_.inventory)
        inventory_.mutable_store().load_initial(scenario_.skus.trimmed(sku), quantity, checks_);
}

void Host::client_order(SkuId sku, int32_t quantity, Money price) {
    const uint32_t id = new_client_job(JobKind::CreateOrder, Service::Order);
    Job& j = jobs_[id];
    j.event.sku = sku;
    j.event.quantity = quantity;
    j.event.price = price;
    ++counters_.client_requests;
    Step s;
    s.kind = StepKind::ClientRequest;
    s.service = uint8_t(Service::Order);
    j.last_step = trace(s);
    queue_.push(queue_.now() + scenario_.timing.handle, kEvDecide, id, 0);
}

void Host::client_restock(SkuId sku, int32_t quantity) {
    const uint32_t id = new_client_job(JobKind::Restock, Service::Inventory);
    Job& j = jobs_[id];
    j.event.sku = sku;
    j.event.quantity = quantity;
    ++counters_.client_requests;
    Step s;
    s.kind = StepKind::Restock;
    s.service = uint8_t(Service::Inventory);
    j.last_step = trace(s);
    queue_.push(queue_.now() + scenario_.timing.handle, kEvDecide, id, 0);
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
    // KafkaTemplate.send from the test: nobody waits for the ack.
    const uint32_t partition = partition_for_order(e.order_number, broker_.partitions());
    uint64_t slot;
    if (!free_sends_.empty()) {
        slot = free_sends_.back();
        free_sends_.pop_back();
    } else {
        slot = sends_.size();
        sends_.emplace_back();
    }
    sends_[slot] = InflightSend{e, topic_id(inj.topic), partition, step, true};
    ++inflight_sends_;
    queue_.push(queue_.now() + decisions_.latency(scenario_.kafka.latency.min, scenario_.kafka.latency.max),
                kEvAppend, 0, slot);
}

void Host::on_deliver(uint32_t l) {
    Job& j = jobs_[l];
    SIM_ASSERT(j.state == ListenerState::WakePending, "listener {} delivered while not woken", l);
    const std::optional<RecordRef> ref = broker_.next_for(l);
    SIM_ASSERT(ref.has_value(), "listener {} woken with nothing to poll", l);
    broker_.advance(l, *ref);
    const Record& rec = broker_.record(*ref);
    j.state = ListenerState::Busy;
    ++active_jobs_;
    j.record = *ref;
    j.event = rec.event;
    j.attempt = 1;
    j.dead_letter = false;
    ++counters_.deliveries;
    Step s = job_step(StepKind::Deliver, j.service, j.event, rec.append_step);
    s.topic = ref->topic;
    s.partition = ref->partition;
    s.offset = ref->offset;
    s.attempt = 1;
    j.last_step = trace(s);
    queue_.push(queue_.now() + scenario_.timing.handle, kEvDecide, l, 0);
}

void Host::on_retry(uint32_t l) {
    Job& j = jobs_[l];
    ++j.attempt;
    ++counters_.retries;
    // The error handler seeks back, and the same record is polled again.
    Step s = job_step(StepKind::Retry, j.service, j.event, j.last_step);
    s.topic = j.record.topic;
    s.partition = j.record.partition;
    s.offset = j.record.offset;
    s.attempt = j.attempt;
    j.last_step = trace(s);
    queue_.push(queue_.now() + scenario_.timing.handle, kEvDecide, l, 0);
}

void Host::on_decide(uint32_t job) {
    Job& j = jobs_[job];
    ServiceRuntime& svc = runtime(j.service);
    j.txn = svc.begin();
    switch (j.kind) {
        case JobKind::Listener: j.result = svc.handle(j.txn, Topic(j.record.topic), j.event, *this); break;
        case JobKind::CreateOrder:
            j.result = order_.create_order(j.txn, j.event.sku, j.event.quantity, j.event.price, *this);
            j.event.order_id = j.result.publish[0].order_id;
            break;
        case JobKind::Restock: j.result = inventory_.restock(j.txn, j.event.sku, j.event.quantity, *this); break;
    }
    Step s = job_step(StepKind::Decide, j.service, j.event, j.last_step);
    if (j.kind != JobKind::Listener) {
        s.event_type = 0xff;
        s.event_id = 0;
    } else {
        s.topic = j.record.topic;
        s.attempt = j.attempt;
    }
    s.outcome = uint8_t(j.result.outcome);
    s.note = uint8_t(j.result.note);
    if (j.service == Service::Order && j.result.outcome == Outcome::Proceed && j.kind == JobKind::Listener) {
        s.status_from = j.result.status_from;
        s.status_to = j.result.status_to;
    }
    j.last_step = trace(s);
    if (j.result.outcome == Outcome::Throw) {
        svc.abort(j.txn);
        fail(job, j.result.failure);
        return;
    }
    j.next_publish = 0;
    after_sends(job);
}

void Host::after_sends(uint32_t job) {
    Job& j = jobs_[job];
    if (j.next_publish < j.result.publish_count) {
        const Event& e = j.result.publish[j.next_publish];
        send(job, e, topic_id(topic_of(e.type)), partition_for_order(e.order_number, broker_.partitions()));
        return;
    }
    queue_.push(queue_.now() + scenario_.timing.commit, kEvCommit, job, 0);
}

void Host::send(uint32_t job, const Event& e, TopicId topic, uint32_t partition) {
    Job& j = jobs_[job];
    Step s = job_step(StepKind::Send, j.service, e, j.last_step);
    s.topic = topic;
    s.partition = partition;
    j.last_step = trace(s);
    uint64_t slot;
    if (!free_sends_.empty()) {
        slot = free_sends_.back();
        free_sends_.pop_back();
    } else {
        slot = sends_.size();
        sends_.emplace_back();
    }
    sends_[slot] = InflightSend{e, topic, partition, j.last_step, true};
    ++inflight_sends_;
    const Duration latency = decisions_.latency(scenario_.kafka.latency.min, scenario_.kafka.latency.max);
    const SimTime append_at = queue_.now() + latency;
    queue_.push(append_at, kEvAppend, 0, slot);
    // send(...).get(10 s): the ack comes once the broker has the record, and not before
    // `publish-ack`. Pushed after the append, so at equal times the append runs first.
    const SimTime ack_at = std::max(append_at, queue_.now() + scenario_.timing.publish_ack);
    queue_.push(ack_at, kEvAck, job, 0);
}

void Host::on_append(uint64_t slot) {
    InflightSend& f = sends_[slot];
    SIM_ASSERT(f.in_use, "append of a free send slot {}", slot);
    Record rec{f.event, queue_.now(), tracer_.next_id()};
    const uint64_t offset = broker_.append(f.topic, f.partition, rec);
    Step s;
    s.kind = StepKind::Append;
    s.topic = f.topic;
    s.partition = f.partition;
    s.offset = offset;
    s.order = f.event.order_id;
    s.event_type = uint8_t(f.event.type);
    s.event_id = f.event.event_id;
    s.cause = f.send_step;
    const uint64_t id = trace(s);
    SIM_ASSERT(id == rec.append_step, "append step {} != {}", id, rec.append_step);
    checks_.record_appended(f.event);
    const TopicId topic = f.topic;
    f.in_use = false;
    free_sends_.push_back(uint32_t(slot));
    --inflight_sends_;
    for (uint32_t l : broker_.listeners_of(topic)) wake(l);
}

void Host::wake(uint32_t l) {
    Job& j = jobs_[l];
    if (j.state != ListenerState::Idle) return;
    j.state = ListenerState::WakePending;
    queue_.push(queue_.now(), kEvDeliver, l, 0);
}

void Host::on_ack(uint32_t job) {
    Job& j = jobs_[job];
    const Event& sent = j.dead_letter ? j.event : j.result.publish[j.next_publish];
    Step s = job_step(StepKind::Ack, j.service, sent, j.last_step);
    j.last_step = trace(s);
    if (j.dead_letter) {
        // The recoverer's send is done: the error handler commits the record's offset.
        queue_.push(queue_.now() + scenario_.timing.offset_commit, kEvOffsetCommit, job, 0);
        return;
    }
    ++j.next_publish;
    after_sends(job);
}

void Host::on_commit(uint32_t job) {
    Job& j = jobs_[job];
    const Failure f = runtime(j.service).commit(j.txn, checks_);
    Step s = job_step(f == Failure::None ? StepKind::Commit : StepKind::Rollback, j.service, j.event, j.last_step);
    if (j.kind != JobKind::Listener) {
        s.event_type = 0xff;
        s.event_id = 0;
    }
    s.note = uint8_t(f);
    j.last_step = trace(s);
    flush_violations(j.last_step);
    if (f != Failure::None) {
        ++counters_.rollbacks;
        fail(job, f);
        return;
    }
    if (j.kind == JobKind::Listener) {
        queue_.push(queue_.now() + scenario_.timing.offset_commit, kEvOffsetCommit, job, 0);
    } else {
        free_client_job(job);
    }
}

void Host::fail(uint32_t job, Failure why) {
    (void)why;
    Job& j = jobs_[job];
    if (j.kind != JobKind::Listener) {
        // The REST call answers 500; the client does not retry.
        ++counters_.client_errors;
        free_client_job(job);
        return;
    }
    if (j.attempt < attempts_max(j.service)) {
        queue_.push(queue_.now() + scenario_.timing.retry_backoff, kEvRetry, job, 0);
        return;
    }
    Step s = job_step(StepKind::Skip, j.service, j.event, j.last_step);
    s.topic = j.record.topic;
    s.partition = j.record.partition;
    s.offset = j.record.offset;
    s.attempt = j.attempt;
    if (j.service == Service::Order) {
        // DeadLetterPublishingRecoverer: the raw record to <topic>.DLT, same partition index.
        const std::optional<TopicId> dlt = dlt_of(Topic(j.record.topic));
        SIM_ASSERT(dlt.has_value(), "no DLT for {}", topic_id_name(j.record.topic));
        ++counters_.dead_lettered;
        s.kind = StepKind::DeadLetter;
        j.last_step = trace(s);
        j.dead_letter = true;
        send(job, j.event, *dlt, j.record.partition);
        return;
    }
    ++counters_.skipped;
    j.last_step = trace(s);
    queue_.push(queue_.now() + scenario_.timing.offset_commit, kEvOffsetCommit, job, 0);
}

void Host::on_offset_commit(uint32_t l) {
    Job& j = jobs_[l];
    broker_.commit_offset(l, j.record);
    Step s = job_step(StepKind::OffsetCommit, j.service, j.event, j.last_step);
    s.topic = j.record.topic;
    s.partition = j.record.partition;
    s.offset = j.record.offset;
    j.last_step = trace(s);
    j.state = ListenerState::Idle;
    --active_jobs_;
    if (broker_.next_for(l)) wake(l);
}

void Host::flush_violations(uint64_t cause) {
    for (const Violation& v : checks_.take_new(cause)) {
        Step s;
        s.kind = StepKind::Violation;
        s.order = v.order;
        s.cause = cause;
        const std::string text = v.invariant + ": " + v.actual + ", expected " + v.expected;
        s.text = text;
        trace(s);
    }
}

}  // namespace sagasim
