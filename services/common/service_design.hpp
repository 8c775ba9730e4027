// The design switches that change what the services themselves do (scenario-format.md, "Design
// switches"), as plain flags the services are built with. How and when events are published
// (before or after the commit, through an outbox) and which eventIds they get is the host's
// business; this is what a team would change in the handlers and the listener wiring.
#pragma once

#include "services/common/topics.hpp"

namespace sagasim {

struct ServiceDesign {
    // Wrong-state events that arrive before their predecessor (PaymentSucceeded on a PENDING
    // order) are retried instead of dropped.
    bool early_events_retry = false;
    // The payment service refunds a successful charge when the order's shipment fails (it
    // listens on shipment-failed-topic) or the order times out (order-failed-topic).
    bool refund_on_shipment_failure = false;
    // The inventory service deletes the reservation row once the order ships (it listens on
    // shipment-shipped-topic): the units are gone for good.
    bool finalize_reservations = false;
    // The order service fails an order that is not terminal after the saga timeout.
    bool saga_timeout = false;
    // The saga timeout asks the service whose step the order waits on to cancel that step, under
    // a fence, instead of failing the order itself (design timeouts: fenced). Payment and shipment
    // then also listen on order-failed-topic, where the cancel requests travel.
    bool fenced_timeouts = false;
    // Inventory's insufficient-stock path commits (processed row and InventoryFailedEvent)
    // instead of being rolled back by the rollback-only mark; needed by any design that
    // publishes only what committed.
    bool failure_path_commits = false;
};

// The consumers of a topic under a design: the seed's groups first (consumers_of(Topic)), then
// the listeners the design adds.
Consumers consumers_of(Topic t, const ServiceDesign& d);

}  // namespace sagasim
