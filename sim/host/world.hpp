// What every part of the host shares for one run: the scenario and its tables, the kernel's queue
// and decision source, the step sink, the broker, the faults, the four services with their
// databases, the jobs, and the pointers by which the parts reach one another. The parts each own
// one path of the seed's runtime (README.md of this folder lists them); this struct only holds
// them together and raises steps (emit), so no part keeps books of its own for anyone else.
#pragma once

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "services/common/service_design.hpp"
#include "services/inventory/inventory_service.hpp"
#include "services/order/order_service.hpp"
#include "services/payment/payment_service.hpp"
#include "services/shipment/shipment_service.hpp"
#include "sim/broker/broker.hpp"
#include "sim/faults/fault_phase.hpp"
#include "sim/faults/fault_table.hpp"
#include "sim/faults/message_faults.hpp"
#include "sim/faults/process_faults.hpp"
#include "sim/host/jobs.hpp"
#include "sim/host/subjects.hpp"
#include "sim/host/write_log.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/step/lanes.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

// Kinds of queued events the host handles (QueuedEvent::kind). Job events carry the job's epoch
// in `arg`; an event from before a crash finds a newer epoch and is dropped unseen.
enum HostEvent : uint32_t {
    kEvDeliver = 1,   // target: listener (wake-ups are idempotent)
    kEvRetry,         // target: job (a listener's next attempt, a relay's back-off over)
    kEvDecide,        // target: job
    kEvAck,           // target: job
    kEvCommit,        // target: job
    kEvOffsetCommit,  // target: job (a listener)
    kEvSendTimeout,   // target: job
    kEvAppend,        // arg: in-flight send slot
    kEvCrash,         // arg: index in ProcessFaults::timed_crashes()
    kEvRestart,       // target: service
    kEvNemesis,       // the nemesis's next move
    kEvWindowBegin,   // arg: index in ProcessFaults::declared_windows()
    kEvWindowEnd,     // target: service; arg: replica << 24 | FaultKind << 16 | fault index
    kEvTimer,         // a saga timeout; arg: the order id and the round (Timers)
    kEvRelay,         // target: service whose outbox relay should look for work
    kEvSendBlocked,   // target: job whose send waited max.block.ms for a missing topic or partition
    kEvSessionExpiry, // target: listener (group member) whose heartbeats stopped; arg: its membership epoch
    kEvPollTimeout,   // target: listener stalled in one poll-loop iteration; arg: its membership epoch
    kEvScale,         // arg: index in ProcessFaults::scale_steps()
    kHostEventEnd,
};

class Producer;
class ListenerLoop;
class Handlers;
class ErrorHandler;
class ProcessFaultActor;
class Relay;
class Timers;
class GroupCoordinator;

struct World {
    World(const Scenario& sc, const std::vector<FaultIdentity>& fault_ids, const Lanes& lanes, EventQueue& queue,
          Decisions& decisions, StepSink& sink, FaultPhase& phase);

    const Scenario& sc;
    const ServiceDesign design;
    const std::vector<FaultIdentity>& fault_ids;
    const Lanes& lanes;
    EventQueue& queue;
    Decisions& decisions;
    StepSink& sink;
    FaultPhase& phase;
    Broker broker;
    FaultLedger fault_ledger;  // before the faults, which note their chances in it
    MessageFaults message_faults;
    ProcessFaults process_faults;
    OrderService order;
    InventoryService inventory;
    PaymentService payment;
    ShipmentService shipment;
    JobTable jobs;
    OrderSubjects subjects;
    WriteLog writes;
    // Per service, bit r: replica r runs (started, not scaled away), and replica r is down after
    // a crash until its restart. Replica r is up when it runs and is not down.
    std::array<uint16_t, kServiceCount> running{};
    std::array<uint16_t, kServiceCount> crashed{};
    bool up(Service s, uint8_t r) const { return (up_replicas(s) >> r & 1) != 0; }
    // The lowest replica up, or 0xff when none is (the service is down: connections are refused).
    // REST requests go to any replica up (Handlers::rest_replica).
    uint8_t first_up(Service s) const {
        const uint16_t m = up_replicas(s);
        return m == 0 ? uint8_t(0xff) : uint8_t(std::countr_zero(m));
    }
    // The replicas of `s` up now, one bit each (bit r: replica r).
    uint16_t up_replicas(Service s) const { return uint16_t(running[size_t(s)] & ~crashed[size_t(s)]); }
    bool service_down(Service s) const { return first_up(s) == 0xff; }
    // The replica that takes up a saga-timeout task now: every replica's scheduler looks for the
    // deadlines that passed, and the first to get to one claims it (it is locked in the shared
    // database), so a replica that is down or stalled leaves it to the others. The lowest replica
    // up that is not paused; if every replica up is paused, the lowest up (its thread goes on when
    // the pause ends); 0xff when none is up. (The outbox relays claim their rows: relay.hpp.)
    uint8_t worker_replica(Service s) const;
    // Partitions of each `<topic>-dlt` in this run (0: the topic does not exist yet).
    std::array<uint32_t, kBusinessTopicCount> dash_dlt_partitions{};

    Producer* producer = nullptr;
    ListenerLoop* listeners = nullptr;
    Handlers* handlers = nullptr;
    ErrorHandler* errors = nullptr;
    ProcessFaultActor* process = nullptr;
    Relay* relay = nullptr;
    Timers* timers = nullptr;
    GroupCoordinator* groups = nullptr;

    SimTime now() const { return queue.now(); }
    // Raises a step at the present time; returns its number.
    uint64_t emit(Step& s) {
        s.time = queue.now();
        return sink.step(s);
    }
    uint64_t emit(Step&& s) { return emit(s); }
    ServiceRuntime& runtime(Service s);
    // Queues a job event at `t` with the job's epoch, on the job's lane.
    void push_job(SimTime t, uint32_t kind, uint32_t job) {
        queue.push(t, kind, job, jobs[job].epoch, kLaneJobBase + job);
    }
    // A step of a job about `e`: its lane and service, the order, and (for a listener's own steps)
    // the record in hand with its attempt.
    // Inline: most steps are made here, and the kind is known where it is called.
    Step job_step(StepKind kind, const Job& j, const Event& e) const;
    // A fresh eventId for an event of `order`, as UUID.randomUUID() on every publish in the seed:
    // a decision of that order (Site::FreshEventId). Never 0 and never with the top bit, which stable
    // eventIds (event-ids: stable) carry.
    EventId fresh_event_id(OrderId order);
    // The partition of a record keyed by this event's orderNumber (murmur2 of its text; the
    // answers of the last orders are kept, as every event of an order has the same key).
    uint32_t partition_of(const Event& e) const;
    // Whether a send to topic/partition finds it in the broker's metadata. The seed's topics and
    // its declared `.DLT` topics exist from the start (KafkaAdmin, §2.1); a `<topic>-dlt` exists
    // once a broker that auto-creates topics has made it, on this first use, with
    // kafka.auto-create-partitions partitions (§8.3).
    bool topic_accepts(TopicId topic, uint32_t partition);

private:
    struct PartitionOf {
        Uuid key;
        uint32_t partition = UINT32_MAX;
    };
    mutable std::array<PartitionOf, 1024> partition_cache_{};
};

inline Step World::job_step(StepKind kind, const Job& j, const Event& e) const {
    Step s;
    s.kind = kind;
    s.lane = j.lane;
    s.service = uint8_t(j.service);
    s.order = e.order_id;
    s.event_type = uint8_t(e.type);
    s.event_id = e.event_id;
    s.event = &e;
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
    } else if (kind != StepKind::Send && kind != StepKind::Ack && kind != StepKind::Timeout) {
        s.event_type = kNoEventType;  // a client request is no event
        s.event_id = 0;
        s.event = nullptr;
        s.order = j.order;
    }
    return s;
}

}  // namespace sagasim
