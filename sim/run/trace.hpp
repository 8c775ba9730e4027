// The step trace of one run. Every atomic action (a client request, a send, an append with its
// partition and offset, a delivery, a handler decision, an ack, a commit or rollback, an offset
// commit, a retry, a dead-letter, a skip, a violation) is one numbered step, linked to the step
// that caused it. Each step feeds the run's digest; when asked (--trace) it is also written as
// one JSON line. Recording costs a few multiplications when nobody asked for the JSON.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/handler_result.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

enum class StepKind : uint8_t {
    ClientRequest,  // POST /api/orders arrives
    Restock,        // POST /api/inventories arrives
    Inject,         // a record produced straight onto a topic (scenario `inject`)
    Send,           // a producer sends a record (the handler waits for the ack)
    Append,         // the broker appends it: partition and offset known, visible to consumers
    Deliver,        // a listener polls a record and starts its handler
    Decide,         // the handler's processed check, read and decision
    Ack,            // the broker acknowledged a send
    Commit,         // the database transaction committed
    Rollback,       // the transaction rolled back (exception, rollback-only, version conflict)
    OffsetCommit,   // the consumer committed the record's offset
    Retry,          // the error handler re-delivers the record after its back-off
    DeadLetter,     // the order service's recoverer sends the record to <topic>.DLT
    Skip,           // a Kotlin service's recoverer logs "Skipping Kafka record" and moves on
    Violation,      // an invariant was violated
    Fault,          // a message fault acted on a record (note: FaultKind, attempt: fault index + 1)
    Crash,          // a service crashed (what it had not committed is lost)
    Restart,        // a crashed service is back; its listeners resume from committed offsets
    Timeout,        // a send was not acknowledged within 10 s
    Lost,           // a record never reached the broker (dropped, or its producer gave up)
};
std::string_view step_kind_name(StepKind k);

inline constexpr uint8_t kNoService = 0xff;
inline constexpr uint8_t kNoTopic = 0xff;

struct Step {
    SimTime time;
    StepKind kind = StepKind::ClientRequest;
    uint8_t service = kNoService;
    uint8_t topic = kNoTopic;       // TopicId
    uint8_t event_type = 0xff;      // EventType of the record or event concerned
    uint8_t note = 0;               // Note (Decide) or Failure (Rollback/Retry/...)
    uint8_t status_from = 0xff;
    uint8_t status_to = 0xff;
    uint8_t outcome = 0;            // Outcome (Decide)
    uint32_t partition = 0;
    uint32_t attempt = 0;
    uint64_t offset = UINT64_MAX;
    int64_t order = 0;              // orderId, 0 if none
    uint64_t event_id = 0;
    uint64_t cause = 0;             // the step that led here (0: none)
    std::string_view text;          // free text (violations), not part of the digest
};

class Tracer {
public:
    // `uuid_key` renders eventIds as UUIDs in the JSON (see ids.hpp).
    explicit Tracer(uint64_t uuid_key) : uuid_key_(uuid_key) {}
    ~Tracer();
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    // Starts writing JSON lines to `file` (already open for writing; the Tracer does not own it).
    void write_to(std::FILE* file) { out_ = file; }

    // Records a step; returns its number (1-based).
    uint64_t record(const Step& s);
    uint64_t steps() const { return count_; }
    uint64_t next_id() const { return count_ + 1; }
    // The digest of every step so far, as 16 hex digits.
    std::string digest_hex() const;
    uint64_t digest() const;
    std::string event_uuid(uint64_t event_id) const;
    // The causal history of a step: the step itself, then the step that caused it, and so on,
    // as JSON lines, while they are among the last kRecent steps (at most `max` of them).
    std::vector<std::string> history(uint64_t step, size_t max) const;

    static constexpr size_t kRecent = size_t(1) << 14;

private:
    void render_json(uint64_t id, const Step& s, std::string& line) const;

    uint64_t uuid_key_;
    uint64_t count_ = 0;
    uint64_t h_ = 0x6a09e667f3bcc908ULL;
    std::FILE* out_ = nullptr;
    std::string line_;
    // The last kRecent steps (without their text), for causal histories: O(1) memory.
    std::vector<Step> recent_;
    std::vector<uint64_t> recent_ids_;
};

}  // namespace sagasim
