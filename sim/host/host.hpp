// Runs the services' handlers the way the seed runs them (seed-behaviour.md §2.3, §4-§8), as
// typed steps raised to one StepSink. The host is a few parts, each one path of the seed's
// runtime and each in its own file (sim/host/README.md): the listener loop, the handler
// pipeline, the producer, the error handler, the process faults, the outbox relay and the saga
// timers, sharing one World. It names no checker and no tracer: whoever wants to know what
// happened reads the steps. Every choice it makes is asked of the run's Decisions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/host/error_handler.hpp"
#include "sim/host/group_coordinator.hpp"
#include "sim/host/handlers.hpp"
#include "sim/host/listener_loop.hpp"
#include "sim/host/process_fault_actor.hpp"
#include "sim/host/producer.hpp"
#include "sim/host/relay.hpp"
#include "sim/host/timers.hpp"
#include "sim/host/world.hpp"

namespace sagasim {

class Host {
public:
    Host(const Scenario& scenario, const std::vector<FaultIdentity>& fault_ids, const Lanes& lanes, EventQueue& queue,
         Decisions& decisions, StepSink& sink, FaultPhase& phase);

    // A fresh run: empty databases, broker and jobs (memory is kept where it can be), with room
    // for the orders the scenario asks for.
    void reset(size_t orders);
    // Initial stock, and the timed faults (crashes at fixed times, windows, the nemesis).
    void start();
    // Dispatches one queued event of a HostEvent kind.
    void dispatch(const QueuedEvent& e);

    // Client requests and injected records, made by the run at their times; `identity` is the
    // request's, the subject of its draws.
    void client_order(uint64_t identity, SkuId sku, int32_t quantity, Money price);
    void client_restock(SkuId sku, int32_t quantity);
    // POST /api/inventories/reservations: stock taken outside any saga (§5.2).
    void client_reserve(SkuId sku, int32_t quantity);
    void inject(const Injection& inj, uint64_t identity);

    // True while any handler, send or client request is in progress.
    bool busy() const { return w_.jobs.active() != 0 || producer_.inflight() != 0; }
    // True while a crashed service has not restarted.
    bool any_down() const { return process_.any_down(); }
    // The fault phase has ended: open fault windows end now.
    void heal() { process_.heal(); }
    // How each fault met its chances in this run.
    const FaultLedger& fault_ledger() const { return w_.fault_ledger; }
    // Records handled so far (offsets committed) by each listener.
    std::vector<uint64_t> records_handled() const;
    // The listener with the most records not yet handled, described as "inventory's listener on
    // order-placed-topic: 48 records not yet handled" (empty when there is none), with how many
    // it handled since `before` (an earlier records_handled()) and how many it has left.
    struct Backlog {
        std::string text;
        uint64_t handled_since = 0;
        uint64_t left = 0;
    };
    Backlog largest_backlog(const std::vector<uint64_t>& before) const;
    // The orders whose records wait behind a wedged listener (one that retries a record it cannot
    // dead-letter, forever), each with why, in words: the record it waits on, the record that
    // wedges the listener and why that cannot be dead-lettered. Scans the logs: for the end of a run.
    std::map<OrderId, std::string> stuck_behind_wedges() const;
    const OrderService& order() const { return w_.order; }
    const InventoryService& inventory() const { return w_.inventory; }
    const PaymentService& payment() const { return w_.payment; }
    const ShipmentService& shipment() const { return w_.shipment; }
    const Broker& broker() const { return w_.broker; }

private:
    World w_;
    Producer producer_;
    ListenerLoop listeners_;
    Handlers handlers_;
    ErrorHandler errors_;
    ProcessFaultActor process_;
    Relay relay_;
    Timers timers_;
    GroupCoordinator groups_;
    // The lanes of the listener threads and of each replica's relay (JobTable::reset).
    std::vector<uint16_t> listener_lanes_;
    std::array<std::vector<uint16_t>, kServiceCount> relay_lanes_;
    std::map<uint32_t, EventId> injected_ids_;  // event-id label -> eventId
    std::map<OrderId, Uuid> injected_numbers_;  // orderNumbers of injected orders that do not exist
};

// The switches of a scenario's design that the services themselves carry.
ServiceDesign service_design(const Design& d);

// The lanes of a scenario's topology (its listeners, designs with relays or a saga timeout).
Lanes lanes_of(const Scenario& scenario);

}  // namespace sagasim
