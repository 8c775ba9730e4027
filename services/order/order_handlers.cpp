// The order service's handlers. The transition table is seed-behaviour.md §4.5: each saga method
// has a target status and a required predecessor; equal to the target is a dup-ignore, any other
// status a state-ignore, and in both cases the eventId is still recorded as processed.
#include "services/order/order_handlers.hpp"

namespace sagasim {
namespace {

struct Rule {
    ProcessedTable table;
    OrderStatus target;
    OrderStatus predecessor;
    bool emits;
    EventType emitted;
};

Rule rule_for(Topic topic) {
    using S = OrderStatus;
    using T = ProcessedTable;
    switch (topic) {
        case Topic::InventoryReserved: return {T::Inventory, S::CONFIRMED, S::PENDING, true, EventType::OrderConfirmedEvent};
        case Topic::InventoryFailed: return {T::Inventory, S::FAILED, S::PENDING, true, EventType::OrderFailedEvent};
        case Topic::PaymentSucceeded: return {T::Payment, S::PAID, S::CONFIRMED, true, EventType::OrderPaidEvent};
        case Topic::PaymentFailed: return {T::Payment, S::PAYMENT_FAILED, S::CONFIRMED, false, EventType::OrderPaidEvent};
        case Topic::ShipmentShipped: return {T::Shipment, S::SHIPPED, S::PAID, false, EventType::OrderPaidEvent};
        case Topic::ShipmentFailed:
            return {T::Shipment, S::SHIPMENT_FAILED, S::PAID, true, EventType::OrderShipmentFailedEvent};
        default: break;
    }
    // The order service has no listener on any other topic; the host never routes one here.
    return {T::Inventory, S::PENDING, S::PENDING, false, EventType::OrderPaidEvent};
}

// The event a saga method publishes on a real transition, built from the order row as loaded.
Event outgoing(EventType type, OrderId id, const OrderRow& row, const Event& incoming, Context& ctx) {
    Event e;
    e.type = type;
    e.event_id = ctx.new_event_id();
    e.order_id = id;
    e.order_number = row.order_number;
    e.occurred_at_us = ctx.now_us();
    switch (type) {
        case EventType::OrderConfirmedEvent:
            e.price = row.price;
            e.quantity = row.quantity;
            break;
        case EventType::OrderFailedEvent:
            // reservedQuantity is the order quantity although nothing was reserved; the reason
            // is passed through unchanged from the InventoryFailedEvent (§3).
            e.sku = row.sku;
            e.quantity = row.quantity;
            copy_reason(e, incoming);
            break;
        case EventType::OrderShipmentFailedEvent: copy_reason(e, incoming); break;
        default: break;
    }
    return e;
}

}  // namespace

HandlerResult order_create(const OrderStore& /*store*/, SkuId sku, int32_t quantity, Money price, Context& ctx,
                           OrderWrites& out) {
    HandlerResult r;
    r.note = Note::Created;
    out.insert = true;
    out.insert_id = ctx.next_order_id();
    out.row.order_number = ctx.new_order_number();
    out.row.sku = sku;
    out.row.quantity = quantity;
    // The NUMERIC(19,2) column holds cents; the scenario's prices have at most 2 decimals, so the
    // OrderPlacedEvent's price (as sent) and the row's price (as stored) agree here.
    out.row.price = price;
    out.row.status = OrderStatus::PENDING;
    Event e;
    e.type = EventType::OrderPlacedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = out.insert_id;
    e.order_number = out.row.order_number;
    e.sku = sku;
    e.price = price;
    e.quantity = quantity;
    e.occurred_at_us = ctx.now_us();
    r.add_publish(e);
    return r;
}

// Position of a status on the happy path, for telling an early event from a late one.
static int progress(OrderStatus s) {
    switch (s) {
        case OrderStatus::PENDING: return 0;
        case OrderStatus::CONFIRMED: return 1;
        case OrderStatus::PAID: return 2;
        default: return 9;  // terminal
    }
}

HandlerResult order_on_event(const OrderStore& store, Topic topic, const Event& event, Context& ctx,
                             OrderWrites& out, const ServiceDesign& design) {
    HandlerResult r;
    const Rule rule = rule_for(topic);
    // Step 1: processed_<x>_events.existsById(eventId), before the order is even looked up.
    if (store.processed(rule.table, event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    // Step 2: the saga method loads the order by event.orderId only.
    const OrderRow* row = store.find(event.order_id);
    if (row == nullptr) {
        r.outcome = Outcome::Throw;
        r.failure = Failure::OrderNotFound;
        return r;
    }
    r.status_from = uint8_t(row->status);
    r.status_to = uint8_t(row->status);
    if (row->status == rule.target) {
        r.note = Note::DupIgnore;
    } else if (row->status != rule.predecessor) {
        if (design.early_events_retry && progress(row->status) < progress(rule.predecessor)) {
            // The event overtook its predecessor: throw, so the error handler retries it later.
            r.outcome = Outcome::Throw;
            r.failure = Failure::EarlyEvent;
            return r;
        }
        r.note = Note::StateIgnore;
    } else {
        r.note = Note::Transition;
        r.status_to = uint8_t(rule.target);
        out.update_id = event.order_id;
        out.update_status = rule.target;
        out.expected_version = row->version;
        if (rule.emits) r.add_publish(outgoing(rule.emitted, event.order_id, *row, event, ctx));
    }
    // Step 3: the processed row, written even when the saga method ignored the event.
    out.processed = event.event_id;
    out.table = rule.table;
    return r;
}

HandlerResult order_on_timeout(const OrderStore& store, OrderId order, Context& ctx, OrderWrites& out,
                               const ServiceDesign& design) {
    HandlerResult r;
    const OrderRow* row = store.find(order);
    if (row == nullptr || is_terminal(row->status)) {
        r.outcome = Outcome::Duplicate;  // nothing to do: the saga ended (or never began)
        return r;
    }
    Event e;
    e.type = EventType::OrderFailedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = order;
    e.order_number = row->order_number;
    e.sku = row->sku;
    e.quantity = row->quantity;
    e.reason = ReasonCode::SagaTimedOut;
    e.occurred_at_us = ctx.now_us();
    r.status_from = uint8_t(row->status);
    if (design.fenced_timeouts) {
        // The step the order waits on, by its status; its owner decides whether it still happens.
        const Service owner = row->status == OrderStatus::PENDING     ? Service::Inventory
                              : row->status == OrderStatus::CONFIRMED ? Service::Payment
                                                                      : Service::Shipment;
        e.cancel_step = uint8_t(uint8_t(owner) + 1);
        e.price = row->price;  // so a cancelled payment records the amount it would have charged
        r.note = Note::CancelRequested;
        r.status_to = uint8_t(row->status);
        r.add_publish(e);
        return r;
    }
    r.note = Note::TimedOut;
    r.status_to = uint8_t(OrderStatus::TIMED_OUT);
    out.update_id = order;
    out.update_status = OrderStatus::TIMED_OUT;
    out.expected_version = row->version;
    r.add_publish(e);
    return r;
}

}  // namespace sagasim
