// The error path of a failed handler (seed-behaviour.md §8.3). A REST call answers 500 and the
// client does not retry. A listener's record is handled again after the back-off while attempts
// remain (DefaultErrorHandler with FixedBackOff: 4 attempts in the order service, 6 in the Kotlin
// services; the count restarts when the failure's exception class changes,
// resetStateOnExceptionChange). Then the Kotlin services' recoverer logs "Skipping Kafka record"
// and commits the offset, and the order service's DeadLetterPublishingRecoverer sends the record
// to `<topic>-dlt` (Spring Kafka 3.3's default; `.DLT` under design dead-letters: declared) and
// commits its offset once that send is acknowledged. If the send fails (the topic does not exist
// on the seed's broker) the recovery fails: the record is sought again with its back-off reset
// (resetStateOnRecoveryFailure), forever. That listener is wedged, and every record behind it
// waits. Under design compensations: until-done (ours) a Kotlin service's compensation record is
// never skipped: it is retried with the back-off until it is handled.
#pragma once

#include <optional>
#include <vector>

#include "sim/host/world.hpp"

namespace sagasim {

class ErrorHandler {
public:
    explicit ErrorHandler(World& w) : w_(w) {}
    // A fresh run: no listener wedged.
    void reset();
    // Job `job` failed with `why` (its transaction is already rolled back).
    void fail(uint32_t job, Failure why);
    // The back-off is over: the same record is handled again.
    void on_retry(uint32_t job);
    // The recoverer's dead-letter send was acknowledged.
    void dead_lettered(uint32_t job);
    // The recoverer's dead-letter send failed: the record is handled again, its back-off reset.
    void recovery_failed(uint32_t job);
    // Listener `job` committed the offset of the record it holds: whatever wedged it is behind it
    // (a record whose recovery failed and that then succeeded, or was skipped).
    void moved_on(uint32_t job) { wedges_[job].reset(); }
    // Where the recoverer sends the record listener job `j` holds.
    TopicId destination(const Job& j) const;

    // A listener that retries one record forever, because that record cannot be dead-lettered.
    struct Wedge {
        RecordRef record;
        EventType type = EventType::OrderPlacedEvent;
        OrderId order = 0;
        TopicId destination = 0;
        uint64_t step = 0;  // its first DeadLetter step that could not be sent
    };
    // Per listener (nullopt: not wedged).
    const std::vector<std::optional<Wedge>>& wedges() const { return wedges_; }

private:
    World& w_;
    std::vector<std::optional<Wedge>> wedges_;
};

}  // namespace sagasim
