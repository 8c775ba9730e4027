// The typed steps of a run: every atomic action the host takes (a request, a send, an append with
// its partition and offset, a delivery, a decision, an ack, a commit with what it wrote, a
// rollback with its cause, an offset commit, a retry, a dead letter or skip, a fault that acted, a
// crash, a restart, a fault window's begin and end, a timer) is one Step, raised to one StepSink.
// The run numbers the steps and hands each to every sink that wants it: the tracer, the checkers,
// the counters, the fault accounting (TigerBeetle's src/testing/cluster.zig raises replica events
// the same way). The host names none of them. docs/trace-format.md is the written form.
// Depends on the kernel and services/common only.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "services/common/commit_observer.hpp"
#include "services/common/events.hpp"
#include "services/common/handler_result.hpp"
#include "services/common/status.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

// Never renumber: the names are the trace's words.
enum class StepKind : uint8_t {
    ClientRequest,  // POST /api/orders arrives at a request thread (or is refused: the service is down)
    Restock,        // POST /api/inventories arrives
    Inject,         // the scenario produces a record straight onto a topic (KafkaTemplate in a test)
    Send,           // a producer sends a record (a handler then waits for its ack)
    Append,         // the broker appends it: partition and offset known, visible to consumers
    Deliver,        // a listener polls a record and starts its handler
    Decide,         // the handler's processed check, read and decision
    Ack,            // the broker acknowledged a send
    Commit,         // a database transaction committed (its writes attached)
    Rollback,       // a transaction rolled back (the cause in `failure`)
    OffsetCommit,   // a consumer committed the record's offset
    Retry,          // the error handler seeks back: the same record is handled again after its back-off
    DeadLetter,     // the order service's recoverer sends the record to its dead-letter topic
    Skip,           // a Kotlin service's recoverer logs "Skipping Kafka record" and moves on
    Violation,      // an invariant was violated (the report attached)
    Fault,          // a fault acted on a record or a commit (the fault attached)
    Crash,          // a service's process died: what it had not committed is lost
    Restart,        // a crashed service is back; its listeners resume from their committed offsets
    Timeout,        // a send was not acknowledged within 10 s: the handler's send(...).get() threw
    Lost,           // a record never reached the broker (dropped, or its producer gave up)
    Done,           // a request thread or the saga-timeout task finished (failure: why it answered 500)
    Abandon,        // a crash cut a thread off in the middle of its work
    Timer,          // a saga timeout was set (note 1) or went off (note 2)
    WindowBegin,    // a fault window (db-outage, disconnect, pause, slow-commit) begins for a service
    WindowEnd,      // and ends
    InitialStock,   // the inventory before the first request (its writes attached)
    PhaseEnd,       // the fault phase ended (why in `note`, a PhaseEnd): the heal phase begins
    DirectReserve,  // POST /api/inventories/reservations arrives (stock taken outside any saga)
    Rebalance,      // a consumer group member got its partitions: `partition` the first, `count` how many
    Count
};
inline constexpr int kStepKindCount = int(StepKind::Count);
std::string_view step_kind_name(StepKind k);
bool step_kind_from_name(std::string_view name, StepKind& out);

inline constexpr uint8_t kNoService = 0xff;
inline constexpr uint8_t kNoTopic = 0xff;
inline constexpr uint8_t kNoEventType = 0xff;
inline constexpr uint8_t kNoStatus = 0xff;
inline constexpr uint64_t kNoOffset = UINT64_MAX;

enum class TimerNote : uint8_t { None, Set, Fired };
// Why a consumer group rebalanced (a Rebalance step's `note`): a member joined, left, or was
// removed when its session expired or its poll loop stalled past max.poll.interval.ms.
enum class RebalanceWhy : uint8_t { None, Join, Leave, SessionTimeout, PollTimeout };
std::string_view rebalance_why_name(RebalanceWhy w);

// One committed row change, as the stores report it (services/common/commit_observer.hpp).
enum class WriteKind : uint8_t { OrderCreated, OrderStatus, Stock, Payment, Refund, Shipment };
struct Write {
    WriteKind kind = WriteKind::OrderCreated;
    StockMoveKind move = StockMoveKind::Initial;  // Stock
    uint8_t from = 0;                             // OrderStatus; PaymentStatus; ShipmentStatus
    uint8_t to = 0;                               // OrderStatus
    SkuId sku = kNoSku;
    int32_t quantity = 0;                         // order quantity; units moved (Stock)
    OrderId order = 0;
    int64_t before = 0;                           // Stock: the column before and after
    int64_t after = 0;
    Money amount;                                 // order price; payment amount
};
std::string_view stock_move_name(StockMoveKind k);

struct Violation;

// The fields from `kind` to `outcome` and from `lane` to `partition` lie in the order in which the
// tracer packs them into the digest's words, so each word is one load.
struct Step {
    SimTime time;
    StepKind kind = StepKind::ClientRequest;
    uint8_t service = kNoService;
    uint8_t topic = kNoTopic;         // TopicId of the record concerned
    uint8_t event_type = kNoEventType;
    uint8_t note = 0;                 // Note (Decide), Failure (Rollback, Retry, Done, ...), TimerNote
    uint8_t status_from = kNoStatus;  // Decide of an order listener: the order's status before and after
    uint8_t status_to = kNoStatus;
    uint8_t outcome = 0;              // Outcome (Decide)
    uint16_t lane = 0;                // the lane (header of the trace) the step happened on
    uint8_t fault_kind = 0;           // FaultKind of `fault`
    uint8_t copy = 0;                 // Append: 1 for a copy made by a duplicate or republish fault
    uint32_t partition = 0;
    uint16_t fault = 0;               // 1-based index in the run's fault table (0: none)
    uint32_t attempt = 0;             // delivery attempt of the record (1-based)
    uint32_t count = 0;               // Append: listeners that will read it; Commit: outbox rows written
    uint64_t offset = kNoOffset;
    OrderId order = 0;
    uint64_t event_id = 0;
    uint64_t cause = 0;               // the step that led here (0: none)
    uint64_t link = 0;                // Ack: the append it acknowledges (0: not yet appended)
    const Event* event = nullptr;     // the event concerned, for sinks that read its fields
    std::span<const Write> writes;    // Commit, InitialStock: the committed writes
    const Violation* violation = nullptr;
};

// Where the host raises its steps. Returns the step's number (1-based).
class StepSink {
public:
    virtual ~StepSink() = default;
    virtual uint64_t step(const Step& s) = 0;
};

}  // namespace sagasim
