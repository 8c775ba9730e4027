// The payment handler: amount = price x quantity, then the random outcome (drawn on every
// attempt, before the INSERT), then the INSERT that fails at once on a second payment for the
// order, then the event sent before the commit.
#include "services/payment/payment_handlers.hpp"

namespace sagasim {
namespace {

// The PaymentSucceededEvent or PaymentFailedEvent that reports a payment's outcome.
Event outcome_event(const Event& in, Money amount, bool ok, ReasonCode why, Context& ctx) {
    Event e;
    e.type = ok ? EventType::PaymentSucceededEvent : EventType::PaymentFailedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = in.order_id;
    e.order_number = in.order_number;
    e.amount = amount;
    if (!ok) e.reason = why;
    e.occurred_at_us = ctx.now_us();
    return e;
}

}  // namespace

HandlerResult payment_on_order_confirmed(const PaymentStore& store, const Event& event, Context& ctx,
                                         PaymentWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    const Money amount = times(event.price, event.quantity);
    const bool ok = ctx.payment_succeeds();
    if (store.cancelled(event.order_id)) {
        out.processed = event.event_id;
        r.note = Note::Fenced;  // the timeout cancelled this payment: nothing is charged
        return r;
    }
    if (store.find(event.order_id) != nullptr) {
        r.outcome = Outcome::Throw;
        r.failure = Failure::PaymentExists;
        return r;
    }
    out.insert_order = event.order_id;
    out.row = PaymentRow{amount, ok ? PaymentStatus::SUCCEEDED : PaymentStatus::FAILED};
    out.processed = event.event_id;
    r.note = ok ? Note::PaymentSucceeded : Note::PaymentFailed;
    r.add_publish(outcome_event(event, amount, ok, ReasonCode::PaymentDeclined, ctx));
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

HandlerResult payment_on_cancel(const PaymentStore& store, const Event& event, Context& ctx, PaymentWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    out.processed = event.event_id;
    if (!is_cancel_request(event) || cancel_owner(event) != Service::Payment) {
        r.note = Note::NotAwaited;
        return r;
    }
    if (const PaymentRow* row = store.find(event.order_id)) {
        // Too late to cancel: the payment has its outcome, which is sent again (the order may
        // wait because the first one was lost). A refunded charge has nothing left to report.
        const bool cancelled = store.cancelled(event.order_id);
        r.note = cancelled ? Note::Fenced : Note::CancelTooLate;
        if (row->status != PaymentStatus::REFUNDED)
            r.add_publish(outcome_event(event, row->amount, row->status == PaymentStatus::SUCCEEDED,
                                        cancelled ? ReasonCode::SagaTimedOut : ReasonCode::PaymentDeclined, ctx));
        return r;
    }
    const Money amount = times(event.price, event.quantity);
    out.insert_order = event.order_id;
    out.row = PaymentRow{amount, PaymentStatus::FAILED};
    out.cancel = true;
    r.note = Note::Cancelled;
    r.add_publish(outcome_event(event, amount, false, ReasonCode::SagaTimedOut, ctx));
    return r;
}

}  // namespace sagasim
