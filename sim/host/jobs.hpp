// The threads of the system under test that run handlers, as the host keeps them: one Job per
// listener thread, one per outbox relay, and one per request thread or saga-timeout task while it
// runs. A job's queued events carry its epoch; a crash or the job's end bumps it, so an event
// from before finds a newer epoch and is dropped unseen (the thread is gone). Each job is its own
// lane of the event queue, so its steps keep their order while different jobs' steps at one
// instant are concurrent (docs/scheduling.md).
#pragma once

#include <cstdint>
#include <vector>

#include "services/common/handler_result.hpp"
#include "services/common/service_runtime.hpp"
#include "sim/broker/broker.hpp"
#include "sim/kernel/event_queue.hpp"

namespace sagasim {

// Queue lanes (EventQueue ties): 0 is kLaneFirst, then the sequential sources, then one per job.
inline constexpr uint32_t kLaneClient = 1;        // the scenario's requests and injections
inline constexpr uint32_t kLaneProcessBase = 2;   // + Service: crashes and restarts of a service
inline constexpr uint32_t kLaneNemesis = 6;
inline constexpr uint32_t kLaneTimers = 7;        // the order service's saga-timeout scheduler
inline constexpr uint32_t kLaneJobBase = 8;       // + job id

// Listener: a consumer thread. CreateOrder, Restock, DirectReserve: REST request threads. Timeout:
// the order service's saga-timeout task. Relay: a service's outbox relay thread (publish: outbox).
enum class JobKind : uint8_t { Listener, CreateOrder, Restock, Timeout, Relay, DirectReserve };

// What a job's outstanding send is for, so its ack goes to the right continuation.
enum class Sending : uint8_t { Handler, DeadLetter, Relay };

struct Job {
    JobKind kind = JobKind::Listener;
    Service service = Service::Order;
    Sending sending = Sending::Handler;
    bool busy = false;
    bool txn_open = false;
    bool send_blocked = false;    // its send waits for metadata (max.block.ms) in its own thread
    uint8_t next_publish = 0;
    uint8_t replica = 0;          // the replica (process) of the service it runs in
    uint16_t lane = 0;            // its step lane (the trace's)
    uint16_t timer_round = 0;     // a saga-timeout task: its round (design timeouts: fenced)
    uint32_t attempt = 0;
    // The error handler's back-off state for the record in hand: failures counted since the
    // failure's exception class last changed, and that class (Spring's FailedRecordTracker).
    uint32_t failures = 0;
    uint8_t failure_class = 0xff;
    // When its transaction began waiting for a pooled connection (INT64_MIN: not waiting).
    SimTime pool_wait_since{INT64_MIN};
    uint64_t epoch = 0;
    TxnId txn = 0;
    RecordRef record;             // listener: the record in hand
    Event event;                  // the delivered record's event, the client request, the relayed row
    HandlerResult result;
    OrderId order = 0;            // the order the job works for (0: none known)
    uint64_t subject = 0;         // that order's identity (for its draws)
    uint64_t last_step = 0;       // causal link for the job's next step
    uint64_t send_step = 0;       // the Send step of the outstanding send
    uint64_t append_step = 0;     // its Append step, once appended
    SimTime wake_at{INT64_MAX};   // listener: earliest pending wake-up
    // The event of the outstanding send.
    const Event& sent() const { return sending == Sending::Handler ? result.publish[next_publish] : event; }
};

class JobTable {
public:
    // `listeners` threads first, then a relay per replica of each service (`relay_lanes[s]`: the
    // lane of each replica's relay, one per replica the service may run).
    void reset(const Broker& broker, const std::vector<uint16_t>& listener_lanes,
               const std::array<std::vector<uint16_t>, kServiceCount>& relay_lanes);
    Job& operator[](uint32_t id) { return jobs_[id]; }
    const Job& operator[](uint32_t id) const { return jobs_[id]; }
    uint32_t size() const { return uint32_t(jobs_.size()); }
    uint32_t relay(Service s, uint8_t replica) const { return relay_base_[size_t(s)] + replica; }
    uint32_t listeners() const { return listeners_; }
    // A request thread or task starts: a fresh job, busy.
    uint32_t start(JobKind kind, Service s, uint16_t lane);
    // A request thread or task ends; its slot is reused.
    void end(uint32_t id);
    // A listener or relay stops working on what it had (done, or abandoned by a crash).
    void idle(uint32_t id);
    uint64_t active() const { return active_; }
    void busy(uint32_t id);

private:
    std::vector<Job> jobs_;
    std::vector<uint32_t> free_;
    uint32_t listeners_ = 0;
    std::array<uint32_t, kServiceCount> relay_base_{};
    uint64_t active_ = 0;
};

}  // namespace sagasim
