// The parsed, validated form of a scenario file (../shared/docs/scenario-format.md). A Scenario is
// immutable once loaded and shared by every run of it; a run keeps everything it changes in its
// own state. Only the loader (sim/scenario/loader*.cpp) builds one from YAML.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/common/events.hpp"
#include "services/common/sku_table.hpp"
#include "services/common/status.hpp"
#include "services/common/topics.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

// A place in a scenario file, 1-based, for messages that point back at the file.
struct SourceLoc {
    int line = 0;
    int column = 0;
};

template <typename T>
struct Range {
    T min{};
    T max{};
};

// Probabilities are held as parts per million (scenario-format.md, "Values").
using Ppm = uint32_t;
inline constexpr Ppm kPpmOne = 1000000;

// What a scenario file may ask for at most (README.md, "Bad input"). With these, no sum the
// simulator forms from scenario values (a time plus a back-off or a latency, until + quiesce,
// price x quantity) can overflow its 64-bit integer, and memory stays proportional to a sane
// request. A value above a limit is a located error, never a wrapped or clamped value.
namespace limits {
// Every duration and every point in time: 100 days, written 2400h.
inline constexpr Duration kDurationMax = Duration::seconds(int64_t(100) * 24 * 3600);
// load.count. An order costs about 450 bytes while a run lasts (sagasim_bench), more while a
// backlog of records waits for it: a million orders is a large run, not a machine-eating one.
inline constexpr uint64_t kLoadCountMax = 1000000;
// load.rate: requests per unit (/ms, /s or /m).
inline constexpr uint64_t kRateCountMax = 1000000;
// run.max-steps.
inline constexpr uint64_t kMaxStepsMax = 1000000000;
// faults: entries (a fault's index is 16-bit in a step).
inline constexpr size_t kFaultsMax = 1000;
// Prices and amounts, in cents: 10000000.00, so price x quantity (at most 2^31 - 1) fits in int64.
inline constexpr int64_t kMoneyCentsMax = 1000000000;
}  // namespace limits

struct RunLimits {
    std::optional<SimTime> until;       // end of the fault phase; default: last client request
    Duration quiesce = Duration::seconds(60);
    uint64_t max_steps = 10000000;
};

enum class PublishMode : uint8_t { BeforeCommit, AfterCommit, Outbox };
enum class EventIdMode : uint8_t { PerPublish, Stable };
enum class EarlyEvents : uint8_t { Ignore, Retry };
// Where the order service's recoverer sends a record it gives up on: Spring Kafka 3.3's default
// `<topic>-dlt` (the seed, §8.3), or the `.DLT` topics it declares (a destination resolver).
enum class DeadLetters : uint8_t { SpringDefault, Declared };
// What the Kotlin services' error handler does with a compensation record (inventory's releases
// on order-failed, payment-failed and order-shipment-failed; payment's refunds) that keeps
// failing: skip it after 6 attempts, as every record (the seed, §8.3), or retry it with the
// back-off until it is handled (our own design: a compensation is never skipped).
enum class Compensations : uint8_t { Skip, UntilDone };

// What the saga timeout does to an order it finds unfinished. `compensate` (the timeout as first
// designed): the order service fails it (TIMED_OUT) and every participant undoes its step, even a
// step that is only slow and happens after its undo. `fenced` (ours): the order service asks the
// service whose step the order waits on to cancel it; that service either fences the step (a
// saga_fence row, as Seata's TCC fence log does: the step never happens later) and answers with
// its failure event, so the saga compensates as for any failure of that step, or finds the step
// done and lets the saga go on. The timer is then set again for the next step.
enum class Timeouts : uint8_t { Compensate, Fenced };

struct Design {
    PublishMode publish = PublishMode::BeforeCommit;
    EventIdMode event_ids = EventIdMode::PerPublish;
    EarlyEvents early_events = EarlyEvents::Ignore;
    bool refund_on_shipment_failure = false;
    bool finalize_reservations = false;
    std::optional<Duration> saga_timeout;
    DeadLetters dead_letters = DeadLetters::SpringDefault;
    Compensations compensations = Compensations::Skip;
    Timeouts timeouts = Timeouts::Compensate;
    bool is_seed() const {
        return publish == PublishMode::BeforeCommit && event_ids == EventIdMode::PerPublish &&
               early_events == EarlyEvents::Ignore && !refund_on_shipment_failure && !finalize_reservations &&
               !saga_timeout && dead_letters == DeadLetters::SpringDefault && compensations == Compensations::Skip && timeouts == Timeouts::Compensate;
    }
};

// POST /api/orders at a virtual time. `id` (optional) names the order for the decision source:
// its draws are keyed by it (or, without one, by the request's content), never by its position.
struct OrderRequest {
    SimTime at;
    SkuId sku = kNoSku;
    int32_t quantity = 0;
    Money price;
    std::string id;
};

// Generated client requests: Poisson arrivals at `rate_count` per `rate_unit`.
struct Load {
    uint64_t count = 0;
    uint64_t rate_count = 0;
    Duration rate_unit = Duration::seconds(1);
    SimTime start;
    std::vector<SkuId> skus;
    Range<int32_t> quantity{1, 1};
    Range<Money> price{{100}, {100}};
};

// POST /api/inventories during the run: adds to the SKU's stock (or creates it). The same shape
// serves `reserve:` (POST /api/inventories/reservations), which takes the quantity away.
struct Restock {
    SimTime at;
    SkuId sku = kNoSku;
    int32_t quantity = 0;
};

// A record produced straight onto a topic, as the seed's integration tests do with KafkaTemplate
// (seed-behaviour.md §9). Entries with the same `event_label` share one eventId, so a
// byte-identical duplicate can be sent (reference case R6).
struct Injection {
    SimTime at;
    Topic topic = Topic::OrderPlaced;
    OrderId order_id = 0;                 // orders.id; an id that never exists is allowed (R7)
    std::optional<uint32_t> event_label;  // `event-id: N`
    SkuId sku = kNoSku;                   // default: the order's own
    std::optional<int32_t> quantity;      // default: the order's own
    std::optional<Money> price;           // default: the order's own
    std::optional<Money> amount;          // default: price x quantity
    std::optional<std::string> reason;    // default: the seed's own text for that event
    SourceLoc loc;
};

enum class FaultKind : uint8_t {
    Delay, Duplicate, Republish, Drop, Reorder, Crash, DbOutage, Disconnect, SlowCommit, Pause, Nemesis, Scale
};
enum class CrashPoint : uint8_t { BeforePublish, AfterPublish, AfterCommit };

// One entry of `faults:`. Which fields are set depends on the kind (scenario-format.md, "Faults").
struct FaultSpec {
    FaultKind kind = FaultKind::Delay;
    SourceLoc loc;
    std::string id;                      // `id:`; empty: derived from the fault's content
    bool all_topics = false;             // topic: "*"
    std::vector<Topic> topics;
    std::optional<uint32_t> order;       // 1-based, by creation
    std::optional<uint32_t> nth;
    std::optional<SimTime> from;
    std::optional<SimTime> to;
    std::optional<Ppm> probability;
    std::optional<Service> service;
    std::optional<Range<Duration>> by;   // a single duration d is held as [d, d]
    std::optional<Duration> window;
    std::optional<CrashPoint> point;
    std::optional<SimTime> at;
    std::optional<Duration> restart_after;
    std::vector<FaultKind> kinds;        // nemesis
    std::optional<Duration> interval;    // nemesis
    std::optional<Range<Duration>> duration;  // nemesis
    // Process faults: `replica: N` hits that replica of the service only (held 0-based, N - 1);
    // without it the fault hits every replica.
    std::optional<uint8_t> replica;
    std::optional<uint8_t> scale_to;     // scale: the service's replicas from `at` on
};

// `expect.events` entry: some record the services published on `topic` for `order_id` has these
// fields (those given; each must be a field of the topic's event).
struct EventExpectation {
    Topic topic = Topic::OrderPlaced;
    OrderId order_id = 0;
    std::optional<std::string> sku;
    std::optional<int32_t> quantity;
    std::optional<Money> price;
    std::optional<Money> amount;
    std::optional<std::string> reason;
    SourceLoc loc;
};

// `expect.at` entry: the orders per committed status at a virtual time (complete, like `final`).
struct StatusAtExpectation {
    SimTime time;
    std::map<OrderStatus, uint64_t> status;
};

struct Expect {
    // `violations: none` is an empty list that is present. With `violations_allowed`
    // (`violations: {allowed: [...]}`) the list is what may be violated, not what must be.
    std::optional<std::vector<std::string>> violations;
    bool violations_allowed = false;
    std::optional<std::map<OrderStatus, uint64_t>> final_status;  // complete
    std::map<SkuId, int64_t> stock;                               // only the SKUs named
    std::optional<std::map<PaymentStatus, uint64_t>> payments;    // complete
    std::optional<std::map<ShipmentStatus, uint64_t>> shipments;  // complete
    std::map<TopicId, uint64_t> records;  // records appended per topic (DLTs included), only those named
    std::optional<uint64_t> reservations;  // reservation rows left at the end
    std::vector<EventExpectation> events;
    std::vector<StatusAtExpectation> at;   // in the file's order
    bool empty() const {
        return !violations && !final_status && stock.empty() && !payments && !shipments && records.empty() &&
               !reservations && events.empty() && at.empty();
    }
};

struct Timing {
    Duration handle = Duration::millis(1);
    Duration publish_ack = Duration::millis(2);
    Duration commit = Duration::millis(1);
    Duration offset_commit = Duration::millis(1);
    Duration retry_backoff = Duration::seconds(1);
};

struct KafkaConfig {
    uint32_t partitions = 3;
    Range<Duration> latency{Duration::millis(1), Duration::millis(5)};
    // Whether the broker creates a topic on first use (Kafka's default, the broker of the seed's
    // tests), with this many partitions; the seed's docker-compose broker does not (§2.1, §8.3).
    bool auto_create_topics = false;
    uint32_t auto_create_partitions = 1;
    // The listener containers' ack mode. The seed's custom container factories leave Spring
    // Kafka's default, BATCH: a poll's records (at most max.poll.records, 500) are handled one by
    // one and their offsets committed after the batch (§8.2). RECORD commits after each record
    // (what the seed's `listener.ack-mode: record` meant to set).
    enum class AckMode : uint8_t { Batch, Record };
    AckMode ack_mode = AckMode::Batch;
    uint32_t max_poll_records = 500;
};

// `replicas:` instances of a service, each one member of the service's consumer groups
// (seed-behaviour.md §8.6); a `scale` fault changes the count during the run.
inline constexpr uint32_t kReplicasMax = 16;

struct Scenario {
    std::string path;         // as given on the command line
    std::string sha256;       // of the file's bytes, lowercase hex
    std::string name;
    std::string description;
    std::optional<uint64_t> seed;

    RunLimits run;
    Design design;
    SkuTable skus;
    std::vector<std::pair<SkuId, int64_t>> inventory;  // initial stock, in file order
    std::vector<OrderRequest> orders;                  // in file order
    std::optional<Load> load;
    std::vector<Restock> restocks;
    std::vector<Restock> direct_reserves;              // `reserve:`, POST /api/inventories/reservations
    std::vector<Injection> injections;
    std::vector<std::string> texts;                    // injected reason texts
    Ppm payment_success = kPpmOne;
    Ppm shipment_success = kPpmOne;
    KafkaConfig kafka;
    std::array<uint8_t, kServiceCount> replicas{1, 1, 1, 1};  // at the start of the run
    Timing timing;
    std::vector<FaultSpec> faults;
    std::vector<std::string> invariants;  // the selected invariant names, in catalogue order
    Expect expect;
};

// The most replicas each service runs in the scenario: its `replicas:`, or a larger scale step.
inline std::array<uint8_t, kServiceCount> most_replicas(const Scenario& s) {
    std::array<uint8_t, kServiceCount> most = s.replicas;
    for (const FaultSpec& f : s.faults)
        if (f.kind == FaultKind::Scale && f.service && f.scale_to)
            most[size_t(*f.service)] = std::max(most[size_t(*f.service)], *f.scale_to);
    return most;
}

// Whether the run ever makes a stock row for `sku` (trimmed, as the inventory service looks SKUs
// up): the initial inventory or a restock names it. A `reserve:` of any other SKU could only get
// a 404, so the loader refuses it and the shrinker never leaves one behind.
inline bool sku_ever_stocked(const Scenario& s, SkuId sku) {
    const SkuId t = s.skus.trimmed(sku);
    for (const auto& entry : s.inventory)
        if (s.skus.trimmed(entry.first) == t) return true;
    for (const Restock& r : s.restocks)
        if (s.skus.trimmed(r.sku) == t) return true;
    return false;
}

}  // namespace sagasim
