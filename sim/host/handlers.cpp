// The transaction pipeline. Read top to bottom, it is the life of one record in a listener:
// on_decide -> (send_next -> Producer, on_ack)* -> schedule_commit -> on_commit -> after_commit
// (the offset commit), with the error handler taking a throw or a failed commit.
#include "sim/host/handlers.hpp"

#include <bit>

#include "sim/host/error_handler.hpp"
#include "sim/host/listener_loop.hpp"
#include "sim/host/process_fault_actor.hpp"
#include "sim/host/producer.hpp"
#include "sim/host/relay.hpp"
#include "sim/host/timers.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {

void Handlers::client_request(JobKind kind, uint64_t identity, SkuId sku, int32_t quantity, Money price) {
    const Service svc = kind == JobKind::CreateOrder ? Service::Order : Service::Inventory;
    Step s;
    s.kind = kind == JobKind::CreateOrder ? StepKind::ClientRequest
             : kind == JobKind::Restock   ? StepKind::Restock
                                          : StepKind::DirectReserve;
    s.lane = w_.lanes.http(svc);
    s.service = uint8_t(svc);
    if (w_.service_down(svc)) {
        s.note = uint8_t(Failure::ServiceDown);
        w_.emit(s);
        return;
    }
    const uint32_t id = w_.jobs.start(kind, svc, w_.lanes.http(svc));
    Job& j = w_.jobs[id];
    j.replica = rest_replica(svc, identity);
    j.subject = identity;
    j.event.sku = sku;
    j.event.quantity = quantity;
    j.event.price = price;
    j.last_step = w_.emit(s);
    w_.push_job(w_.now() + w_.sc.timing.handle, kEvDecide, id);
}

uint8_t Handlers::rest_replica(Service svc, uint64_t identity) {
    // The REST API is a k8s Service over the service's pods (seed-behaviour.md §8.6: two replicas
    // in production); kube-proxy sends each connection to a ready pod at random. Which replica up
    // takes the request is a choice keyed by the request, the lowest up by default.
    const uint16_t up = w_.up_replicas(svc);
    const int n = std::popcount(up);
    if (n <= 1) return w_.first_up(svc);
    uint16_t m = up;
    for (int64_t k = w_.decisions.between(DrawKey{Site::RestReplica, 0, identity, 0, 0}, 0, n - 1); k > 0; --k)
        m = uint16_t(m & (m - 1));  // drops the lowest replica up, k times
    return uint8_t(std::countr_zero(m));
}

void Handlers::start_timeout_task(OrderId order, uint16_t round, uint64_t cause) {
    const uint32_t id = w_.jobs.start(JobKind::Timeout, Service::Order, w_.lanes.saga_timeout());
    Job& j = w_.jobs[id];
    j.timer_round = round;
    j.replica = w_.worker_replica(Service::Order);
    j.order = order;
    j.subject = w_.subjects.identity(order);
    j.event.order_id = order;
    j.last_step = cause;
    w_.push_job(w_.now(), kEvDecide, id);
}

// HikariCP's connectionTimeout (30 s by default): how long a transaction waits for a connection
// while the database is down before it fails (seed-behaviour.md §8.4).
constexpr Duration kConnectionTimeout = Duration::seconds(30);

bool Handlers::wait_for_connection(uint32_t job) {
    Job& j = w_.jobs[job];
    const std::optional<ProcessFaults::Outage> down = w_.process_faults.db_outage(j.service, j.replica, w_.now());
    if (!down) {
        j.pool_wait_since = SimTime{INT64_MIN};
        return false;
    }
    const bool first = j.pool_wait_since.us == INT64_MIN;
    if (first) j.pool_wait_since = w_.now();
    const SimTime give_up = j.pool_wait_since + kConnectionTimeout;
    if (first) {
        // The outage acts on this transaction: it waits for a connection.
        Step s = w_.job_step(StepKind::Fault, j, j.event);
        s.fault = uint16_t(down->fault + 1);
        s.fault_kind = uint8_t(FaultKind::DbOutage);
        j.last_step = w_.emit(s);
    }
    if (down->end <= give_up) {
        w_.push_job(down->end, kEvDecide, job);  // the database is back in time: the transaction goes on
    } else if (w_.now() >= give_up) {
        // No connection within connectionTimeout: CannotCreateTransactionException, before the
        // handler ran a statement.
        j.pool_wait_since = SimTime{INT64_MIN};
        Step r = w_.job_step(StepKind::Rollback, j, j.event);
        r.note = uint8_t(Failure::DbOutage);
        j.last_step = w_.emit(r);
        w_.errors->fail(job, Failure::DbOutage);
    } else {
        w_.push_job(give_up, kEvDecide, job);
    }
    return true;
}

void Handlers::on_decide(uint32_t job) {
    // The transaction takes a pooled connection first (every handler and createOrder query the
    // database before they decide or publish, §8.4).
    if (w_.process_faults.has_windows() && wait_for_connection(job)) return;
    Job& j = w_.jobs[job];
    ServiceRuntime& svc = w_.runtime(j.service);
    j.txn = svc.begin();
    j.txn_open = true;
    ctx_.begin(j);
    switch (j.kind) {
        case JobKind::Listener: j.result = svc.handle(j.txn, Topic(j.record.topic), j.event, ctx_); break;
        case JobKind::Timeout: j.result = w_.order.timeout(j.txn, j.order, ctx_); break;
        case JobKind::Relay: SIM_ASSERT(false, "a relay has no handler"); break;
        case JobKind::CreateOrder:
            j.result = w_.order.create_order(j.txn, j.event.sku, j.event.quantity, j.event.price, ctx_);
            j.order = j.result.publish[0].order_id;
            break;
        case JobKind::Restock: j.result = w_.inventory.restock(j.txn, j.event.sku, j.event.quantity, ctx_); break;
        case JobKind::DirectReserve:
            j.result = w_.inventory.reserve_direct(j.txn, j.event.sku, j.event.quantity, ctx_);
            break;
    }
    Step s = w_.job_step(StepKind::Decide, j, j.event);
    s.outcome = uint8_t(j.result.outcome);
    s.note = uint8_t(j.result.note);
    if (j.kind == JobKind::CreateOrder) s.event = &j.result.publish[0];  // the OrderPlacedEvent it will send
    if (j.service == Service::Order && j.kind == JobKind::Listener && j.result.outcome == Outcome::Proceed) {
        s.status_from = j.result.status_from;
        s.status_to = j.result.status_to;
    }
    j.last_step = w_.emit(s);
    if (j.result.outcome == Outcome::Throw) {
        // The exception rolls the transaction back; the error handler decides what comes next.
        svc.abort(j.txn);
        j.txn_open = false;
        Step r = w_.job_step(StepKind::Rollback, j, j.event);
        r.note = uint8_t(j.result.failure);
        j.last_step = w_.emit(r);
        w_.errors->fail(job, j.result.failure);
        return;
    }
    j.next_publish = 0;
    if (j.result.publish_count > 0 && w_.process->crash_point(job, CrashPoint::BeforePublish)) return;
    if (w_.sc.design.publish != PublishMode::BeforeCommit) {
        schedule_commit(job);  // after-commit sends later; an outbox writes its rows in the commit
        return;
    }
    after_sends(job);
}

void Handlers::send_next(uint32_t job) {
    Job& j = w_.jobs[job];
    const Event& e = j.result.publish[j.next_publish];
    j.sending = Sending::Handler;
    j.last_step = w_.producer->send(job, uint8_t(j.service), j.lane, e, topic_id(topic_of(e.type)), w_.partition_of(e),
                                    j.last_step);
}

// Sends the next outgoing event, or goes on to the commit (or, publishing after the commit, to
// the offset commit) once every event is acknowledged.
void Handlers::after_sends(uint32_t job) {
    Job& j = w_.jobs[job];
    if (j.next_publish < j.result.publish_count) {
        send_next(job);
        return;
    }
    if (w_.sc.design.publish == PublishMode::AfterCommit) {
        after_commit(job);
        return;
    }
    if (j.result.publish_count > 0 && w_.process->crash_point(job, CrashPoint::AfterPublish)) return;
    schedule_commit(job);
}

void Handlers::on_ack(uint32_t job) {
    Job& j = w_.jobs[job];
    Step s = w_.job_step(StepKind::Ack, j, j.sent());
    s.link = j.append_step;
    j.last_step = w_.emit(s);
    switch (j.sending) {
        case Sending::Relay: w_.relay->acked(job); return;
        case Sending::DeadLetter: w_.errors->dead_lettered(job); return;
        case Sending::Handler: break;
    }
    ++j.next_publish;
    after_sends(job);
}

void Handlers::schedule_commit(uint32_t job) {
    Job& j = w_.jobs[job];
    uint16_t fault = 0;
    const Duration extra = w_.process_faults.slow_commit(j.service, j.replica, j.order, w_.subjects.subject(j.order), w_.now(),
                                                         w_.decisions, &fault);
    if (extra > Duration{}) {
        Step s = w_.job_step(StepKind::Fault, j, j.event);
        s.fault = uint16_t(fault + 1);
        s.fault_kind = uint8_t(FaultKind::SlowCommit);
        j.last_step = w_.emit(s);
    }
    w_.push_job(w_.now() + w_.sc.timing.commit + extra, kEvCommit, job);
}

void Handlers::on_commit(uint32_t job) {
    Job& j = w_.jobs[job];
    if (j.kind == JobKind::Relay) return w_.relay->marked(job);
    Failure f = Failure::None;
    w_.writes.clear();
    if (w_.process_faults.db_down(j.service, j.replica, w_.now())) {
        w_.runtime(j.service).abort(j.txn);
        f = Failure::DbOutage;
    } else {
        f = w_.runtime(j.service).commit(j.txn, w_.writes);
    }
    j.txn_open = false;
    const bool outbox = f == Failure::None && w_.sc.design.publish == PublishMode::Outbox;
    Step s = w_.job_step(f == Failure::None ? StepKind::Commit : StepKind::Rollback, j, j.event);
    s.note = uint8_t(f);
    s.writes = w_.writes.writes();
    if (outbox) s.count = j.result.publish_count;  // the outbox rows written with it
    j.last_step = w_.emit(s);
    if (f != Failure::None) {
        w_.errors->fail(job, f);
        return;
    }
    if (outbox)
        for (uint8_t i = 0; i < j.result.publish_count; ++i) w_.relay->add(j.service, j.result.publish[i], j.last_step);
    if (j.kind == JobKind::CreateOrder && w_.sc.design.saga_timeout) w_.timers->set(j.order, j.last_step);
    // Design timeouts: fenced. The next step may be slow too: its deadline is set in the same
    // transaction as the cancel request.
    if (j.kind == JobKind::Timeout && j.result.note == Note::CancelRequested)
        w_.timers->set(j.order, j.last_step, uint16_t(j.timer_round + 1));
    if (w_.process->crash_point(job, CrashPoint::AfterCommit)) return;
    if (w_.sc.design.publish == PublishMode::AfterCommit && j.result.publish_count > 0) {
        after_sends(job);  // the sends come after the commit; after_sends then calls after_commit
        return;
    }
    after_commit(job);
}

// The handler is done with its database: commit the offset (listener) or answer (client).
void Handlers::after_commit(uint32_t job) {
    Job& j = w_.jobs[job];
    if (j.kind == JobKind::Listener) w_.listeners->handled(job);
    else finish(job, Failure::None);
}

// How soon the saga-timeout task looks again at a deadline its failed run left in the database.
constexpr Duration kTimeoutRetry = Duration::seconds(1);

void Handlers::finish(uint32_t job, Failure why) {
    Job& j = w_.jobs[job];
    // A timeout task whose transaction failed (the database down, the row changed under it)
    // committed nothing: the deadline is still in the database, and the next run finds it.
    if (j.kind == JobKind::Timeout && why != Failure::None)
        w_.timers->rearm(j.order, j.timer_round, kTimeoutRetry, j.last_step);
    Step s = w_.job_step(StepKind::Done, j, j.event);
    s.note = uint8_t(why);
    j.last_step = w_.emit(s);
    w_.jobs.end(job);
}

}  // namespace sagasim
