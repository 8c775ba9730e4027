// The handlers' Context: ids and outcomes as decisions.
#include "sim/host/handler_context.hpp"

#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

// Domains of stable eventIds, so ids derived from different things never meet.
constexpr uint64_t kFromEvent = 1, kFromCreate = 2, kFromTimeout = 3;

}  // namespace

void HandlerContext::begin(const Job& j) {
    order_ = j.order;
    request_ = j.subject;
    stable_counter_ = 0;
    switch (j.kind) {
        // Each round of a fenced timeout is an input of its own (round 0 keeps the ids it had).
        case JobKind::Timeout:
            stable_origin_ = j.timer_round == 0 ? mix64(kFromTimeout, uint64_t(j.order))
                                                : mix64(kFromTimeout, mix64(uint64_t(j.order), j.timer_round));
            break;
        default: stable_origin_ = mix64(kFromEvent, mix64(j.event.event_id, uint64_t(j.service))); break;
    }
}

EventId HandlerContext::new_event_id() {
    if (w_.sc.design.event_ids == EventIdMode::PerPublish) return w_.fresh_event_id(order_);
    // Stable: the same input gives the same eventId, however often the handler runs; the high
    // bit keeps them apart from fresh ones.
    return (1ULL << 63) | (mix64(stable_origin_, stable_counter_++) >> 1);
}

OrderId HandlerContext::next_order_id() {
    ++order_serial_;
    order_ = order_serial_;
    // The request's draws from here on are the new order's.
    w_.subjects.bind(order_, request_);
    stable_origin_ = mix64(kFromCreate, uint64_t(order_serial_));
    stable_counter_ = 0;
    return order_serial_;
}

Uuid HandlerContext::new_order_number() {
    uint64_t hi = 0, lo = 0;
    w_.decisions.bits128(DrawKey{Site::OrderNumber, 0, request_, 0, order_}, hi, lo);
    return make_uuid_v4(hi, lo);
}

bool HandlerContext::payment_succeeds() {
    return w_.decisions.chance(w_.subjects.next(Site::PaymentOutcome, OrderSite::Payment, order_),
                               w_.sc.payment_success);
}

bool HandlerContext::shipment_succeeds() {
    return w_.decisions.chance(w_.subjects.next(Site::ShipmentOutcome, OrderSite::Shipment, order_),
                               w_.sc.shipment_success);
}

}  // namespace sagasim
