// The error path of a failed handler (seed-behaviour.md §8.3). A REST call answers 500 and the
// client does not retry. A listener's record is handled again after the back-off while attempts
// remain (DefaultErrorHandler with FixedBackOff: 4 attempts in the order service, 6 in the Kotlin
// services); then the order service's DeadLetterPublishingRecoverer sends the record to its
// dead-letter topic and commits its offset once that send is acknowledged, and the Kotlin
// services' recoverer logs "Skipping Kafka record" and commits the offset.
#pragma once

#include <cstdint>

#include "sim/host/world.hpp"

namespace sagasim {

class ErrorHandler {
public:
    explicit ErrorHandler(World& w) : w_(w) {}
    // Job `job` failed with `why` (its transaction is already rolled back).
    void fail(uint32_t job, Failure why);
    // The back-off is over: the same record is handled again.
    void on_retry(uint32_t job);
    // The recoverer's dead-letter send was acknowledged.
    void dead_lettered(uint32_t job);

private:
    World& w_;
};

}  // namespace sagasim
