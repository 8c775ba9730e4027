// Retries, dead letters and skips.
#include "sim/host/error_handler.hpp"

#include "sim/host/handlers.hpp"
#include "sim/host/listener_loop.hpp"
#include "sim/host/producer.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {
namespace {

// The seed's DefaultErrorHandler: FixedBackOff(1000 ms, 3) in the order service (1 + 3
// attempts), FixedBackOff(1000 ms, 5) in the Kotlin services (1 + 5 attempts), §8.3.
uint32_t attempts_max(Service s) { return s == Service::Order ? 4 : 6; }

// A compensation record of the Kotlin services: inventory's three release listeners (§5.4),
// payment's refund listener (refund-on-shipment-failure) and shipment's cancel listener (design
// timeouts: fenced). Design compensations: until-done (ours, not the seed's) retries them with the
// back-off for as long as they fail, never skipping one.
bool is_compensation(const Job& j) {
    const Topic t = Topic(j.record.topic);
    if (j.service == Service::Inventory)
        return t == Topic::OrderFailed || t == Topic::PaymentFailed || t == Topic::OrderShipmentFailed;
    if (j.service == Service::Payment) return t != Topic::OrderConfirmed;
    // Shipment's cancel listener (design timeouts: fenced).
    return j.service == Service::Shipment && t == Topic::OrderFailed;
}

// The class of the exception a failure throws, as FailedRecordTracker compares them
// (resetStateOnExceptionChange, §8.3): the unique-key violations are all
// DataIntegrityViolationException; every other failure is a class of its own.
uint8_t exception_class(Failure f) {
    switch (f) {
        case Failure::PaymentExists:
        case Failure::ShipmentExists: return uint8_t(Failure::UniqueViolation);
        default: return uint8_t(f);
    }
}

}  // namespace

void ErrorHandler::reset() { wedges_.assign(w_.jobs.listeners(), std::nullopt); }

TopicId ErrorHandler::destination(const Job& j) const {
    const Topic t = Topic(j.record.topic);
    if (w_.sc.design.dead_letters == DeadLetters::Declared) {
        const std::optional<TopicId> dlt = dlt_of(t);
        SIM_ASSERT(dlt.has_value(), "no declared DLT for {}", topic_name(t));
        return *dlt;
    }
    return dash_dlt_of(t);
}

void ErrorHandler::fail(uint32_t job, Failure why) {
    Job& j = w_.jobs[job];
    if (j.kind != JobKind::Listener) {
        w_.handlers->finish(job, why);
        return;
    }
    w_.listeners->failed(job);
    // The back-off counts the failures since the exception's class last changed.
    const uint8_t cls = exception_class(why);
    if (cls != j.failure_class) {
        j.failure_class = cls;
        j.failures = 0;
    }
    const bool until_done = w_.sc.design.compensations == Compensations::UntilDone && is_compensation(j);
    if (++j.failures < attempts_max(j.service) || until_done) {
        w_.push_job(w_.now() + w_.sc.timing.retry_backoff, kEvRetry, job);
        return;
    }
    if (j.service == Service::Order) {
        // DeadLetterPublishingRecoverer: the raw record to its dead-letter topic, same partition index.
        const TopicId dest = destination(j);
        Step dl = w_.job_step(StepKind::DeadLetter, j, j.event);
        j.last_step = w_.emit(dl);
        j.sending = Sending::DeadLetter;
        std::optional<Wedge>& wedge = wedges_[job];
        if (!wedge && !w_.topic_accepts(dest, j.record.partition))
            wedge = Wedge{j.record, j.event.type, j.event.order_id, dest, j.last_step};
        j.last_step = w_.producer->send(job, uint8_t(j.service), j.lane, j.event, dest, j.record.partition, j.last_step);
        return;
    }
    j.last_step = w_.emit(w_.job_step(StepKind::Skip, j, j.event));
    w_.listeners->recovered(job);
}

void ErrorHandler::on_retry(uint32_t job) {
    Job& j = w_.jobs[job];
    ++j.attempt;
    // The error handler seeks back, and the same record is polled again.
    j.last_step = w_.emit(w_.job_step(StepKind::Retry, j, j.event));
    w_.push_job(w_.now() + w_.sc.timing.handle, kEvDecide, job);
}

void ErrorHandler::dead_lettered(uint32_t job) {
    // The recoverer's send is done: the error handler commits the record's offset.
    w_.listeners->recovered(job);
}

void ErrorHandler::recovery_failed(uint32_t job) {
    // The recoverer threw: the record is sought again at once, its back-off state reset
    // (resetStateOnRecoveryFailure), and handled again from its first attempt.
    Job& j = w_.jobs[job];
    j.sending = Sending::Handler;
    j.failures = 0;
    j.failure_class = 0xff;
    w_.push_job(w_.now(), kEvRetry, job);
}

}  // namespace sagasim
