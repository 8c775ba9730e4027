// Retries, dead letters and skips.
#include "sim/host/error_handler.hpp"

#include "sim/host/handlers.hpp"
#include "sim/host/producer.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {
namespace {

// The seed's DefaultErrorHandler: FixedBackOff(1000 ms, 3) in the order service (1 + 3
// attempts), FixedBackOff(1000 ms, 5) in the Kotlin services (1 + 5 attempts), §8.3.
uint32_t attempts_max(Service s) { return s == Service::Order ? 4 : 6; }

}  // namespace

void ErrorHandler::fail(uint32_t job, Failure why) {
    Job& j = w_.jobs[job];
    if (j.kind != JobKind::Listener) {
        w_.handlers->finish(job, why);
        return;
    }
    if (j.attempt < attempts_max(j.service)) {
        w_.push_job(w_.now() + w_.sc.timing.retry_backoff, kEvRetry, job);
        return;
    }
    if (j.service == Service::Order) {
        // DeadLetterPublishingRecoverer: the raw record to its dead-letter topic, same partition index.
        const std::optional<TopicId> dlt = dlt_of(Topic(j.record.topic));
        SIM_ASSERT(dlt.has_value(), "no DLT for {}", topic_id_name(j.record.topic));
        j.last_step = w_.emit(w_.job_step(StepKind::DeadLetter, j, j.event));
        j.sending = Sending::DeadLetter;
        j.last_step = w_.producer->send(job, uint8_t(j.service), j.lane, j.event, *dlt, j.record.partition, j.last_step);
        return;
    }
    j.last_step = w_.emit(w_.job_step(StepKind::Skip, j, j.event));
    w_.push_job(w_.now() + w_.sc.timing.offset_commit, kEvOffsetCommit, job);
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
    w_.push_job(w_.now() + w_.sc.timing.offset_commit, kEvOffsetCommit, job);
}

}  // namespace sagasim
