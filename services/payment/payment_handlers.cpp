// The payment handler: amount = price x quantity, then the random outcome (drawn on every
// attempt, before the INSERT), then the INSERT that fails at once on a second payment for the
// order, then the event sent before the commit.
#include "services/payment/payment_handlers.hpp"

namespace sagasim {

HandlerResult payment_on_order_confirmed(const PaymentStore& store, const Event& event, Context& ctx,
                                         PaymentWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    const Money amount = times(event.price, event.quantity);
    const bool ok = ctx.payment_succeeds();
    if (store.find(event.order_id) != nullptr) {
        r.outcome = Outcome::Throw;
        r.failure = Failure::PaymentExists;
        return r;
    }
    out.insert_order = event.order_id;
    out.row = PaymentRow{amount, ok ? PaymentStatus::SUCCEEDED : PaymentStatus::FAILED};
    out.processed = event.event_id;
    r.note = ok ? Note::PaymentSucceeded : Note::PaymentFailed;
    Event e;
    e.type = ok ? EventType::PaymentSucceededEvent : EventType::PaymentFailedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = event.order_id;
    e.order_number = event.order_number;
    e.amount = amount;
    if (!ok) e.reason = ReasonCode::PaymentDeclined;
    e.occurred_at_us = ctx.now_us();
    r.add_publish(e);
    return r;
}

HandlerResult payment_on_refund(const PaymentStore& store, const Event& event, Context& /*ctx*/,
                                PaymentWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    out.processed = event.event_id;
    const PaymentRow* row = store.find(event.order_id);
    if (row == nullptr || row->status != PaymentStatus::SUCCEEDED) {
        r.note = Note::NothingToRefund;
        return r;
    }
    out.refund_order = event.order_id;
    r.note = Note::Refunded;
    return r;
}

}  // namespace sagasim
