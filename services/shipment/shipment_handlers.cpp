// The shipment handler: the PROCESSING INSERT runs first and fails at once on a second shipment
// for the order; then the carrier's random outcome (drawn on every attempt); then the event sent
// before the commit.
#include "services/shipment/shipment_handlers.hpp"

namespace sagasim {

HandlerResult shipment_on_order_paid(const ShipmentStore& store, const Event& event, Context& ctx,
                                     ShipmentWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    if (store.find(event.order_id) != nullptr) {
        r.outcome = Outcome::Throw;
        r.failure = Failure::ShipmentExists;
        return r;
    }
    const bool ok = ctx.shipment_succeeds();
    out.insert_order = event.order_id;
    out.status = ok ? ShipmentStatus::SHIPPED : ShipmentStatus::FAILED;
    out.processed = event.event_id;
    r.note = ok ? Note::Shipped : Note::ShipmentFailed;
    Event e;
    e.type = ok ? EventType::ShipmentShippedEvent : EventType::ShipmentFailedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = event.order_id;
    e.order_number = event.order_number;
    if (!ok) e.reason = ReasonCode::CarrierRejected;
    e.occurred_at_us = ctx.now_us();
    r.add_publish(e);
    return r;
}

}  // namespace sagasim
