// What a handler decided for one delivered event or client request: go on (with the events to
// publish and the writes kept in its transaction), skip a duplicate, or throw. The host turns
// this into steps: sends and acks, the commit, the offset commit, or the retry path.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "services/common/events.hpp"

namespace sagasim {

enum class Outcome : uint8_t {
    Proceed,    // publish `publish`, then commit the transaction
    Duplicate,  // eventId already in the processed table: return early, nothing written
    Throw,      // an exception before any publish: the transaction rolls back, the retry path runs
};

// Why a handler threw, or why its commit will fail.
enum class Failure : uint8_t {
    None,
    OrderNotFound,          // OrderNotFoundException "Order with id <id> was not found"
    PaymentExists,          // payments.order_id UNIQUE violated at INSERT
    ShipmentExists,         // shipments.order_id UNIQUE violated at INSERT
    InventoryNotFound,      // no row for the SKU: a release, or POST /api/inventories/reservations (404)
    RollbackOnly,           // UnexpectedRollbackException: the transaction was marked rollback-only
    VersionConflict,        // @Version check failed at commit (optimistic lock)
    UniqueViolation,        // a unique key was taken by a transaction that committed first
    DbOutage,               // the database is unreachable (a db-outage fault)
    SendTimeout,            // send(...).get(10 s) timed out (IllegalStateException)
    EarlyEvent,             // a design with early-events: retry throws on an event that came early
    ServiceDown,            // the service's process is down (a crash): the connection is refused
    MetadataTimeout,        // KafkaProducer.send waited max.block.ms for a topic or partition that does not exist
    InsufficientInventory,  // POST /api/inventories/reservations asked for more than is available (409)
    CommitFailed,           // an offset commit of a member the group has rebalanced without (a zombie)
};
std::string_view failure_name(Failure f);

// What the handler did, for the trace (the seed's log lines, in short).
enum class Note : uint8_t {
    None,
    Created,          // order inserted as PENDING
    Transition,       // order status moved (see from/to)
    DupIgnore,        // current status equals the target: info log only
    StateIgnore,      // wrong predecessor: warn log only
    Reserved,         // stock deducted, reservation row written
    InsufficientStock,
    SkuNotFound,
    Released,         // reservation found, stock given back, row deleted
    NoReservation,    // "skipping compensation": nothing to release
    PaymentSucceeded,
    PaymentFailed,
    Shipped,
    ShipmentFailed,
    Restocked,
    Finalized,        // the shipped order's reservation row deleted (finalize-reservations)
    Refunded,         // the charge refunded (refund-on-shipment-failure)
    NothingToRefund,
    TimedOut,         // saga timeout: the order failed and its compensation published
    DirectReserved,   // POST /api/inventories/reservations: stock deducted, no reservation row
    // Design timeouts: fenced.
    CancelRequested,  // saga timeout: the owner of the awaited step was asked to cancel it
    Cancelled,        // the owner fenced its step (it never happens now) and sent its failure event
    CancelTooLate,    // the owner had done its step already: the saga goes on
    NotAwaited,       // a cancel request for another service's step: nothing to do here
    Fenced,           // a step whose fence says cancelled: nothing done
};
std::string_view note_name(Note n);

struct HandlerResult {
    Outcome outcome = Outcome::Proceed;
    Failure failure = Failure::None;
    // The handler publishes, then its commit is bound to fail (inventory's failure path, §5.3).
    bool rollback_only = false;
    Note note = Note::None;
    uint8_t status_from = 0;  // OrderStatus before/after, for Note::Transition and the ignores
    uint8_t status_to = 0;
    uint8_t publish_count = 0;
    std::array<Event, 2> publish{};

    void add_publish(const Event& e) { publish[publish_count++] = e; }
};

}  // namespace sagasim
