// The client side of the world: the scenario's explicit orders, generated load, restocks, direct
// reservations and injected records, made at their times. Each order request has an identity, the subject of all
// its draws: its index in the generated load, its `id:`, or (an explicit order without one) its
// content; never its position in the file, so removing one order leaves the others' draws where
// they were (docs/scheduling.md). The load's arrivals and fields are decisions of the arrival.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/host/host.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// Queued event kinds of the client side (the host's are below kHostEventEnd).
enum ClientEvent : uint32_t {
    kEvClientOrder = 100,  // arg: index into scenario.orders
    kEvClientRestock,      // arg: index into scenario.restocks
    kEvInject,             // arg: index into scenario.injections
    kEvLoadArrival,        // arg: the arrival's number in the load (0-based)
    kEvClientReserve,      // arg: index into scenario.direct_reserves
};

// The identities of a scenario's requests, computed once per scenario.
struct RequestIdentities {
    std::vector<uint64_t> orders;      // per scenario.orders entry
    std::vector<uint64_t> injections;  // per scenario.injections entry
};
RequestIdentities request_identities(const Scenario& sc);
// The identity of the load's k-th arrival.
uint64_t load_identity(uint64_t k);

class Client {
public:
    Client(const Scenario& sc, const RequestIdentities& ids, EventQueue& q, Decisions& d, Host& h)
        : sc_(sc), ids_(ids), q_(q), d_(d), h_(h) {}
    // Schedules every explicit request and the first generated one; returns how many requests
    // the run will make in all.
    uint64_t schedule();
    void dispatch(const QueuedEvent& e);

private:
    int64_t gap(uint64_t k);

    const Scenario& sc_;
    const RequestIdentities& ids_;
    EventQueue& q_;
    Decisions& d_;
    Host& h_;
};

}  // namespace sagasim
