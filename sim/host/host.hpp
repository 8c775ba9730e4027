// Runs the services' handlers the way the seed runs them (seed-behaviour.md §4.3, §4.4, §5.3,
// §6, §7, §8). Each listener is one consumer thread: it polls a record, runs the handler after
// `timing.handle`, sends each outgoing event and waits for its ack (publish before commit),
// commits the database (optimistic version checks), then commits the offset. A throw or a failed
// commit takes the error handler's path: the order service makes 4 attempts 1 s apart and then
// writes <topic>.DLT; the others make 6 and skip. Client requests (POST /api/orders,
// POST /api/inventories) run as concurrent request threads. Every action is a traced step.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "services/inventory/inventory_service.hpp"
#include "services/order/order_service.hpp"
#include "services/payment/payment_service.hpp"
#include "services/shipment/shipment_service.hpp"
#include "sim/broker/broker.hpp"
#include "sim/check/check_set.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/run/trace.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// Kinds of queued events the host handles (QueuedEvent::kind).
enum HostEvent : uint32_t {
    kEvDeliver = 1,  // target: listener
    kEvRetry,        // target: listener
    kEvDecide,       // target: job
    kEvAck,          // target: job
    kEvCommit,       // target: job
    kEvOffsetCommit, // target: job (a listener)
    kEvAppend,       // arg: in-flight send slot
    kHostEventEnd,
};

struct HostCounters {
    uint64_t deliveries = 0;
    uint64_t retries = 0;
    uint64_t dead_lettered = 0;
    uint64_t skipped = 0;
    uint64_t rollbacks = 0;
    uint64_t client_requests = 0;
    uint64_t client_errors = 0;  // requests answered with 500 (their transaction rolled back)
};

class Host final : private Context {
public:
    Host(const Scenario& scenario, EventQueue& queue, Broker& broker, Decisions& decisions, Tracer& tracer,
         CheckSet& checks);

    // Dispatches one queued event of a HostEvent kind.
    void dispatch(const QueuedEvent& e);

    // Client requests and injected records, made by the run at their times.
    void client_order(SkuId sku, int32_t quantity, Money price);
    void client_restock(SkuId sku, int32_t quantity);
    void inject(const Injection& inj);
    // Initial stock, before the first step.
    void load_initial_stock();

    // True while any handler, send or client request is in progress.
    bool busy() const { return active_jobs_ != 0 || inflight_sends_ != 0; }
    const HostCounters& counters() const { return counters_; }
    const OrderService& order() const { return order_; }
    const InventoryService& inventory() const { return inventory_; }
    const PaymentService& payment() const { return payment_; }
    const ShipmentService& shipment() const { return shipment_; }
    // Texts of injected reasons (ReasonCode::Injected).
    const std::vector<std::string>& texts() const { return texts_; }

private:
    enum class JobKind : uint8_t { Listener, CreateOrder, Restock };
    enum class ListenerState : uint8_t { Idle, WakePending, Busy };

    struct Job {
        JobKind kind = JobKind::Listener;
        Service service = Service::Order;
        ListenerState state = ListenerState::Idle;
        bool dead_letter = false;   // sending the record to its DLT
        uint8_t next_publish = 0;
        uint32_t attempt = 0;
        TxnId txn = 0;
        RecordRef record;
        Event event;                // the delivered record's event, or the client request
        HandlerResult result;
        uint64_t last_step = 0;     // causal link for the job's next step
    };

    struct InflightSend {
        Event event;
        TopicId topic = 0;
        uint32_t partition = 0;
        uint64_t send_step = 0;
        bool in_use = false;
    };

    // Context (what handlers may ask of the world).
    int64_t now_us() const override { return queue_.now().us; }
    EventId new_event_id() override { return ++event_serial_; }
    OrderId next_order_id() override { return ++order_serial_; }
    Uuid new_order_number() override { return decisions_.order_number(); }
    bool payment_succeeds() override { return decisions_.payment_succeeds(scenario_.payment_success); }
    bool shipment_succeeds() override { return decisions_.shipment_succeeds(scenario_.shipment_success); }
    const SkuTable& skus() const override { return scenario_.skus; }

    ServiceRuntime& runtime(Service s);
    uint32_t new_client_job(JobKind kind, Service s);
    void free_client_job(uint32_t job);

    void on_deliver(uint32_t listener);
    void on_retry(uint32_t listener);
    void on_decide(uint32_t job);
    void on_ack(uint32_t job);
    void on_commit(uint32_t job);
    void on_offset_commit(uint32_t job);
    void on_append(uint64_t slot);

    void send(uint32_t job, const Event& e, TopicId topic, uint32_t partition);
    void after_sends(uint32_t job);
    void fail(uint32_t job, Failure why);
    void finish_listener_record(uint32_t job);
    void wake(uint32_t listener);
    void flush_violations(uint64_t cause);
    uint64_t trace(Step s);

    const Scenario& scenario_;
    EventQueue& queue_;
    Broker& broker_;
    Decisions& decisions_;
    Tracer& tracer_;
    CheckSet& checks_;

    OrderService order_;
    InventoryService inventory_;
    PaymentService payment_;
    ShipmentService shipment_;

    std::vector<Job> jobs_;             // [0, listeners) are the listeners, then client jobs
    std::vector<uint32_t> free_jobs_;
    std::vector<InflightSend> sends_;
    std::vector<uint32_t> free_sends_;
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
