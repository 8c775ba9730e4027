// Runs the services' handlers the way the seed runs them (seed-behaviour.md §4.3, §4.4, §5.3,
// §6, §7, §8). Each listener is one consumer thread: it polls a record, runs the handler after
// `timing.handle`, sends each outgoing event and waits for its ack (publish before commit),
// commits the database (optimistic version checks), then commits the offset. A throw or a failed
// commit takes the error handler's path: the order service makes 4 attempts 1 s apart and then
// writes <topic>.DLT; the others make 6 and skip. Client requests (POST /api/orders,
// POST /api/inventories) run as concurrent request threads. The host also plays the scenario's
// faults: message faults as records are sent, and crashes, outages, disconnects, pauses and slow
// commits as the services run. Every action is a traced step.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "services/common/service_design.hpp"
#include "services/inventory/inventory_service.hpp"
#include "services/order/order_service.hpp"
#include "services/payment/payment_service.hpp"
#include "services/shipment/shipment_service.hpp"
#include "sim/broker/broker.hpp"
#include "sim/broker/message_faults.hpp"
#include "sim/check/check_set.hpp"
#include "sim/host/fault_phase.hpp"
#include "sim/host/process_faults.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/run/trace.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// Kinds of queued events the host handles (QueuedEvent::kind). Job events carry the job's
// epoch in `arg`; an event from before a crash finds a newer epoch and is dropped unseen.
enum HostEvent : uint32_t {
    kEvDeliver = 1,   // target: listener; arg: unused (wake-ups are idempotent)
    kEvRetry,         // target: job
    kEvDecide,        // target: job
    kEvAck,           // target: job
    kEvCommit,        // target: job
    kEvOffsetCommit,  // target: job (a listener)
    kEvSendTimeout,   // target: job
    kEvAppend,        // arg: in-flight send slot
    kEvCrash,         // target: service; arg: index in ProcessFaults::timed_crashes()
    kEvRestart,       // target: service
    kEvNemesis,       // the nemesis's next move
    kEvTimer,         // a saga timeout; arg: the order id
    kEvRelay,         // target: service whose outbox relay should look for work
    kHostEventEnd,
};

struct HostCounters {
    uint64_t deliveries = 0;
    uint64_t retries = 0;
    uint64_t dead_lettered = 0;
    uint64_t skipped = 0;
    uint64_t rollbacks = 0;
    uint64_t client_requests = 0;
    uint64_t client_errors = 0;  // requests answered with an error (their transaction rolled back)
    uint64_t faults = 0;         // message faults that acted, crashes, timeouts
    uint64_t crashes = 0;
};

// The switches of a scenario's design that the services themselves carry.
ServiceDesign service_design(const Design& d);

class Host final : private Context {
public:
    Host(const Scenario& scenario, EventQueue& queue, Broker& broker, Decisions& decisions, Tracer& tracer,
         CheckSet& checks, FaultPhase& phase);

    // Dispatches one queued event of a HostEvent kind.
    void dispatch(const QueuedEvent& e);

    // Client requests and injected records, made by the run at their times.
    void client_order(SkuId sku, int32_t quantity, Money price);
    void client_restock(SkuId sku, int32_t quantity);
    void inject(const Injection& inj);
    // Initial stock, and the timed faults (crashes at fixed times, the nemesis).
    void start();

    // True while any handler, send or client request is in progress.
    bool busy() const { return active_jobs_ != 0 || inflight_sends_ != 0; }
    const HostCounters& counters() const { return counters_; }
    const OrderService& order() const { return order_; }
    const InventoryService& inventory() const { return inventory_; }
    const PaymentService& payment() const { return payment_; }
    const ShipmentService& shipment() const { return shipment_; }

private:
    // Listener: a consumer thread. CreateOrder, Restock: REST request threads. Timeout: the order
    // service's saga-timeout task. Relay: a service's outbox relay thread (publish: outbox).
    enum class JobKind : uint8_t { Listener, CreateOrder, Restock, Timeout, Relay };

    struct Job {
        JobKind kind = JobKind::Listener;
        Service service = Service::Order;
        bool busy = false;
        bool txn_open = false;
        bool dead_letter = false;     // sending the record to its DLT
        uint8_t next_publish = 0;
        uint32_t attempt = 0;
        uint64_t epoch = 0;           // bumped when the job is abandoned (crash, or freed)
        TxnId txn = 0;
        RecordRef record;
        Event event;                  // the delivered record's event, or the client request
        HandlerResult result;
        OrderId order = 0;            // the order the job works for (0: none known)
        uint64_t last_step = 0;       // causal link for the job's next step
        SimTime wake_at{INT64_MAX};   // listener: earliest pending wake-up
    };

    struct InflightSend {
        Event event;
        TopicId topic = 0;
        uint32_t partition = 0;
        uint64_t send_step = 0;
        MessageVerdict verdict;
        bool in_use = false;
    };

    // Context (what handlers may ask of the world).
    int64_t now_us() const override { return queue_.now().us; }
    EventId new_event_id() override;
    OrderId next_order_id() override;
    Uuid new_order_number() override { return decisions_.order_number(); }
    bool payment_succeeds() override { return decisions_.payment_succeeds(scenario_.payment_success); }
    bool shipment_succeeds() override { return decisions_.shipment_succeeds(scenario_.shipment_success); }
    const SkuTable& skus() const override { return scenario_.skus; }

    ServiceRuntime& runtime(Service s);
    uint32_t new_client_job(JobKind kind, Service s);
    void client_request(JobKind kind, Service svc, StepKind step, SkuId sku, int32_t quantity, Money price);
    void end_client_job(uint32_t job);
    void push_job(SimTime t, uint32_t kind, uint32_t job);
    bool stalled(uint32_t job, const QueuedEvent& e);

    void on_deliver(uint32_t listener);
    void on_retry(uint32_t job);
    void on_decide(uint32_t job);
    void on_ack(uint32_t job);
    void on_commit(uint32_t job);
    void on_offset_commit(uint32_t job);
    void on_send_timeout(uint32_t job);
    void on_append(uint64_t slot);

    void send(uint32_t job, const Event& e, TopicId topic, uint32_t partition);
    uint64_t new_send_slot();
    void append_record(const InflightSend& f, const Event& e, uint8_t only_mask, bool copy);
    void after_sends(uint32_t job);
    void schedule_commit(uint32_t job);
    void after_commit(uint32_t job);
    void fail(uint32_t job, Failure why);
    void wake(uint32_t listener, SimTime at);
    bool crash_point(uint32_t job, CrashPoint point);
    void crash(const CrashOrder& order);
    void restart(Service s);
    void nemesis();
    // Outbox: the relay of each service publishes committed events, then marks them sent.
    void outbox_add(Service s, const Event& e);
    void relay_wake(Service s);
    void relay_acked(uint32_t job);
    void relay_marked(uint32_t job);
    uint32_t relay_job(Service s) const { return uint32_t(broker_.listener_count()) + uint32_t(s); }
    void on_timer(OrderId order);
    uint64_t trace(Step s);
    Step job_step(StepKind kind, const Job& j, const Event& e) const;

    const Scenario& scenario_;
    const ServiceDesign design_;
    EventQueue& queue_;
    Broker& broker_;
    Decisions& decisions_;
    Tracer& tracer_;
    CheckSet& checks_;
    FaultPhase& phase_;
    MessageFaults message_faults_;
    ProcessFaults process_faults_;

    OrderService order_;
    InventoryService inventory_;
    PaymentService payment_;
    ShipmentService shipment_;

    std::vector<Job> jobs_;             // [0, listeners) are the listeners, then client jobs
    std::vector<uint32_t> free_jobs_;
    std::vector<InflightSend> sends_;
    std::vector<uint32_t> free_sends_;
    std::array<SimTime, kServiceCount> down_until_{};  // a crashed service is down until then
    std::array<bool, kServiceCount> down_{};
    std::array<std::deque<Event>, kServiceCount> outbox_;  // committed, not yet marked sent
    // eventIds under `event-ids: stable`: derived from what the handler is handling.
    uint64_t stable_origin_ = 0;
    uint32_t stable_counter_ = 0;
    std::map<uint32_t, EventId> injected_ids_;  // event-id label -> eventId
    std::map<OrderId, Uuid> injected_numbers_;  // orderNumbers of injected orders that do not exist
    std::vector<std::string> texts_;
    uint64_t event_serial_ = 0;
    OrderId order_serial_ = 0;
    uint64_t active_jobs_ = 0;
    uint64_t inflight_sends_ = 0;
    HostCounters counters_;
};

}  // namespace sagasim
