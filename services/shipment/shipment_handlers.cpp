// The shipment handler: the PROCESSING INSERT runs first and fails at once on a second shipment
// for the order; then the carrier's random outcome (drawn on every attempt); then the event sent
// before the commit.
#include "services/shipment/shipment_handlers.hpp"

namespace sagasim {
namespace {

// The ShipmentShippedEvent or ShipmentFailedEvent that reports a shipment's outcome.
Event outcome_event(const Event& in, bool ok, ReasonCode why, Context& ctx) {
    Event e;
    e.type = ok ? EventType::ShipmentShippedEvent : EventType::ShipmentFailedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = in.order_id;
    e.order_number = in.order_number;
    if (!ok) e.reason = why;
    e.occurred_at_us = ctx.now_us();
    return e;
}

}  // namespace

HandlerResult shipment_on_order_paid(const ShipmentStore& store, const Event& event, Context& ctx,
                                     ShipmentWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    if (store.cancelled(event.order_id)) {
        out.processed = event.event_id;
        r.note = Note::Fenced;  // the timeout cancelled this shipment: nothing ships
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
    r.add_publish(outcome_event(event, ok, ReasonCode::CarrierRejected, ctx));
    return r;
}

HandlerResult shipment_on_cancel(const ShipmentStore& store, const Event& event, Context& ctx,
                                 ShipmentWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    out.processed = event.event_id;
    if (!is_cancel_request(event) || cancel_owner(event) != Service::Shipment) {
        r.note = Note::NotAwaited;
        return r;
    }
    if (const ShipmentStatus* row = store.find(event.order_id)) {
        // Too late to cancel: the shipment has its outcome, which is sent again (the order may
        // wait because the first one was lost).
        const bool cancelled = store.cancelled(event.order_id);
        r.note = cancelled ? Note::Fenced : Note::CancelTooLate;
        r.add_publish(outcome_event(event, *row == ShipmentStatus::SHIPPED,
                                    cancelled ? ReasonCode::SagaTimedOut : ReasonCode::CarrierRejected, ctx));
        return r;
    }
    out.insert_order = event.order_id;
    out.status = ShipmentStatus::FAILED;
    out.cancel = true;
    r.note = Note::Cancelled;
    r.add_publish(outcome_event(event, false, ReasonCode::SagaTimedOut, ctx));
    return r;
}

}  // namespace sagasim
