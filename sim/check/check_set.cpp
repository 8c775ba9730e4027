// The checkers of check_set.hpp. Each hook updates a ledger and judges the invariants that the
// write can affect, in O(1): a status change against the seed's transition table
// (seed-behaviour.md §4.5), a stock change against the SKU's conservation ledger and the order's
// reservation ledger, a payment against the order's price and quantity, a published payment
// event against the other outcome; the at-rest invariants when an order settles.
#include "sim/check/check_set.hpp"

#include <array>

#include <fmt/format.h>

namespace sagasim {
namespace {

constexpr std::array<std::string_view, size_t(Inv::Count)> kInvNames{
    "legal-transition",
    "stock-never-negative",
    "stock-conserved",
    "single-reservation",
    "no-phantom-stock",
    "single-payment-outcome",
    "single-charge",
    "ship-only-paid",
    "amount-matches",
    "no-leak-after-payment-failure",
    "no-leak-after-failure",
    "no-charge-without-shipment",
    "no-oversell",
    "states-agree",
    "saga-terminates",
};

bool legal(OrderStatus from, OrderStatus to) {
    using S = OrderStatus;
    // A design with a saga timeout may end any saga that has not ended.
    if (to == S::TIMED_OUT) return !is_terminal(from);
    switch (from) {
        case S::PENDING: return to == S::CONFIRMED || to == S::FAILED;
        case S::CONFIRMED: return to == S::PAID || to == S::PAYMENT_FAILED;
        case S::PAID: return to == S::SHIPPED || to == S::SHIPMENT_FAILED;
        default: return false;  // terminal statuses are never left
    }
}

// Dedupe key for violations about a SKU rather than an order.
OrderId sku_key(SkuId sku) { return -OrderId(sku) - 1; }

// What a stuck order is waiting for, by status.
std::string_view missing_record(OrderStatus s) {
    switch (s) {
        case OrderStatus::PENDING: return "no InventoryReservedEvent or InventoryFailedEvent reached it";
        case OrderStatus::CONFIRMED: return "no PaymentSucceededEvent or PaymentFailedEvent reached it";
        case OrderStatus::PAID: return "no ShipmentShippedEvent or ShipmentFailedEvent reached it";
        default: return "";
    }
}

}  // namespace

std::string_view inv_name(Inv i) { return kInvNames[size_t(i)]; }

CheckSet::CheckSet(const std::vector<std::string>& enabled, const SkuTable& skus, const SimTime* now)
    : skus_(skus), now_(now) {
    for (const std::string& name : enabled)
        for (size_t i = 0; i < kInvNames.size(); ++i)
            if (kInvNames[i] == name) enabled_[i] = true;
    for (size_t i = size_t(Inv::NoLeakAfterPaymentFailure); i < size_t(Inv::Count); ++i) any_at_rest_ |= enabled_[i];
    skus_ledger_.resize(skus.size());
}

CheckSet::OrderFacts* CheckSet::facts(OrderId id) {
    if (id < 1 || size_t(id) > orders_.size()) return nullptr;
    OrderFacts& f = orders_[size_t(id) - 1];
    return f.known ? &f : nullptr;
}

bool CheckSet::settled(OrderId id) const {
    return id >= 1 && size_t(id) <= orders_.size() && orders_[size_t(id) - 1].known &&
           orders_[size_t(id) - 1].pending == 0;
}

CheckSet::OrderFacts* CheckSet::slot(OrderId id) {
    if (id < 1) return nullptr;
    // Order ids are dense from 1 (an IDENTITY sequence); an injected record may name any id, and
    // an id far beyond the ones in use is not followed.
    if (size_t(id) > orders_.size()) {
        if (size_t(id) > orders_.size() + 1000000) return nullptr;
        orders_.resize(size_t(id));
    }
    return &orders_[size_t(id) - 1];
}

void CheckSet::learn_order(OrderId id, const Uuid& number, int32_t quantity, Money price) {
    OrderFacts* s = slot(id);
    if (s == nullptr || s->known) return;
    OrderFacts& f = *s;
    f.known = true;
    f.order_number = number;
    f.quantity = quantity;
    f.price = price;
}

void CheckSet::order_placed(const Event& e) { learn_order(e.order_id, e.order_number, e.quantity, e.price); }

void CheckSet::record_appended(const Event& e) {
    if (e.type == EventType::OrderPlacedEvent) learn_order(e.order_id, e.order_number, e.quantity, e.price);
    OrderFacts* f = facts(e.order_id);
    if (f == nullptr) return;
    if (e.type == EventType::PaymentSucceededEvent) f->succeeded_event = true;
    if (e.type == EventType::PaymentFailedEvent) f->failed_event = true;
    if (enabled(Inv::SinglePaymentOutcome) && f->succeeded_event && f->failed_event)
        violate(Inv::SinglePaymentOutcome, e.order_id, "", "one payment outcome",
                "both a PaymentSucceededEvent and a PaymentFailedEvent were published");
}

void CheckSet::order_created(OrderId id, SkuId, int32_t quantity, Money price) {
    learn_order(id, Uuid{}, quantity, price);
    if (OrderFacts* f = facts(id)) {
        f->exists = true;
        f->status = OrderStatus::PENDING;
    }
}

void CheckSet::order_status_changed(OrderId id, OrderStatus from, OrderStatus to) {
    if (OrderFacts* f = facts(id)) f->status = to;
    if (enabled(Inv::LegalTransition) && !legal(from, to))
        violate(Inv::LegalTransition, id, "", "a transition of the seed's state machine",
                fmt::format("{} -> {}", order_status_name(from), order_status_name(to)));
}

void CheckSet::stock_changed(SkuId sku, int64_t /*before*/, int64_t after, StockMoveKind kind, OrderId order,
                             int32_t q) {
    if (sku >= skus_ledger_.size()) skus_ledger_.resize(size_t(sku) + 1);
    SkuLedger& l = skus_ledger_[sku];
    OrderFacts* f = facts(order);
    const std::string& name = skus_.name(sku);
    switch (kind) {
        case StockMoveKind::Initial:
        case StockMoveKind::Restock: l.supplied += q; break;
        case StockMoveKind::Reserve:
            l.held += q;
            if (f) {
                f->held += q;
                f->taken += q;
            }
            break;
        case StockMoveKind::Release:
            l.held -= q;
            if (f) {
                f->held -= q;
                f->released += q;
                if (enabled(Inv::NoPhantomStock) && f->released > f->taken)
                    violate(Inv::NoPhantomStock, order, name, fmt::format("at most {} given back (what was taken)", f->taken),
                            fmt::format("{} given back", f->released));
                if (enabled(Inv::NoPhantomStock) && (f->shipped || f->status == OrderStatus::SHIPPED))
                    violate(Inv::NoPhantomStock, order, name, "nothing given back for an order that shipped",
                            fmt::format("{} given back after it shipped", q));
            }
            break;
        case StockMoveKind::Finalize:
            l.held -= q;
            l.gone += q;
            if (f) {
                f->held -= q;
                f->finalized += q;
            }
            break;
    }
    if (enabled(Inv::StockNeverNegative) && after < 0)
        violate(Inv::StockNeverNegative, sku_key(sku), name, ">= 0", fmt::format("{} available", after));
    if (enabled(Inv::StockConserved) && after + l.held + l.gone != l.supplied)
        violate(Inv::StockConserved, sku_key(sku), name,
                fmt::format("available + held + shipped = {} (initial + restocks)", l.supplied),
                fmt::format("{} available + {} held + {} shipped = {}", after, l.held, l.gone, after + l.held + l.gone));
    if (enabled(Inv::SingleReservation) && f && kind == StockMoveKind::Reserve && f->held > f->quantity)
        violate(Inv::SingleReservation, order, name, fmt::format("holds at most {} (the order's quantity)", f->quantity),
                fmt::format("holds {}", f->held));
}

void CheckSet::payment_recorded(OrderId id, PaymentStatus status, Money amount) {
    OrderFacts* f = facts(id);
    if (f == nullptr) return;  // a payment for an order nobody placed: nothing to compare with
    if (status == PaymentStatus::SUCCEEDED) {
        f->charges += 1;
        if (enabled(Inv::SingleCharge) && f->charges > 1)
            violate(Inv::SingleCharge, id, "", "at most 1 successful charge", fmt::format("{} charges", f->charges));
    } else {
        f->payment_failed = true;
    }
    const Money want = times(f->price, f->quantity);
    if (enabled(Inv::AmountMatches) && amount != want)
        violate(Inv::AmountMatches, id, "", fmt::format("amount {} ({} x {})", want.str(), f->price.str(), f->quantity),
                fmt::format("amount {}", amount.str()));
}

void CheckSet::payment_refunded(OrderId id, Money) {
    OrderFacts* f = facts(id);
    if (f == nullptr) return;
    f->refunds += 1;
    if (enabled(Inv::SingleCharge) && f->refunds > f->charges)
        violate(Inv::SingleCharge, id, "", fmt::format("at most {} refunds (the charges)", f->charges),
                fmt::format("{} refunds", f->refunds));
}

void CheckSet::shipment_recorded(OrderId id, ShipmentStatus status) {
    OrderFacts* f = facts(id);
    if (f == nullptr || status != ShipmentStatus::SHIPPED) return;
    f->shipped = true;
    if (enabled(Inv::ShipOnlyPaid) && (f->charges == 0 || f->status == OrderStatus::PAYMENT_FAILED))
        violate(Inv::ShipOnlyPaid, id, "", "a shipment only for an order whose payment succeeded",
                fmt::format("shipped with {} successful charges, order {}", f->charges, order_status_name(f->status)));
}

void CheckSet::work_started(OrderId id, int n) {
    if (n == 0) return;
    if (OrderFacts* f = slot(id)) f->pending += n;
}

void CheckSet::work_done(OrderId id, int n) {
    OrderFacts* f = slot(id);
    if (f == nullptr || n == 0) return;
    f->pending -= n;
    if (f->pending == 0 && f->known && any_at_rest_) judge_at_rest(id, *f, false);
}

void CheckSet::judge_at_rest(OrderId id, OrderFacts& f, bool run_ended) {
    using S = OrderStatus;
    // An order whose creation rolled back never exists; it counts as failed and holds nothing.
    const bool failed = !f.exists || f.status == S::FAILED || f.status == S::PAYMENT_FAILED ||
                        f.status == S::SHIPMENT_FAILED || f.status == S::TIMED_OUT;
    const bool payment_failed = f.payment_failed || (f.exists && f.status == S::PAYMENT_FAILED);
    const std::string status = f.exists ? std::string(order_status_name(f.status)) : "rolled back";
    if (enabled(Inv::NoLeakAfterPaymentFailure) && payment_failed && f.held > 0)
        violate(Inv::NoLeakAfterPaymentFailure, id, "", "holds 0", fmt::format("holds {} ({})", f.held, status));
    if (enabled(Inv::NoLeakAfterFailure) && failed && f.held > 0)
        violate(Inv::NoLeakAfterFailure, id, "", "holds 0", fmt::format("holds {} ({})", f.held, status));
    if (enabled(Inv::NoChargeWithoutShipment) && !(f.exists && f.status == S::SHIPPED) && f.charges > f.refunds)
        violate(Inv::NoChargeWithoutShipment, id, "", "no charge left unrefunded",
                fmt::format("{} charge(s), {} refund(s) ({})", f.charges, f.refunds, status));
    if (enabled(Inv::NoOversell) && f.exists && (f.status == S::CONFIRMED || f.status == S::PAID || f.status == S::SHIPPED) &&
        f.held + f.finalized != f.quantity)
        violate(Inv::NoOversell, id, "", fmt::format("holds or shipped {} (the order's quantity)", f.quantity),
                fmt::format("holds {}, shipped {} ({})", f.held, f.finalized, status));
    if (enabled(Inv::StatesAgree) && f.exists) {
        std::string wrong;
        if ((f.status == S::PAID || f.status == S::SHIPPED) && f.charges == 0) wrong = "no successful charge";
        else if (f.status == S::SHIPPED && !f.shipped) wrong = "no shipped shipment";
        else if (f.status == S::PAYMENT_FAILED && !f.payment_failed) wrong = "no failed payment";
        if (!wrong.empty())
            violate(Inv::StatesAgree, id, "", fmt::format("{} to agree with payment and shipment", status),
                    fmt::format("{} but {}", status, wrong));
    }
    if (enabled(Inv::SagaTerminates)) {
        if (run_ended && f.pending > 0)
            violate(Inv::SagaTerminates, id, "", "a terminal status",
                    fmt::format("still running when the run ended ({})", status));
        else if (f.exists && !is_terminal(f.status))
            violate(Inv::SagaTerminates, id, "", "a terminal status",
                    fmt::format("stuck in {}: {}", status, missing_record(f.status)));
    }
}

void CheckSet::finish() {
    for (size_t i = 0; i < orders_.size(); ++i)
        if (orders_[i].known) judge_at_rest(OrderId(i + 1), orders_[i], true);
}

void CheckSet::violate(Inv inv, OrderId order, std::string subject, std::string expected, std::string actual) {
    ++count_;
    if (!seen_.insert({uint8_t(inv), order}).second) return;
    Violation v;
    v.invariant = std::string(inv_name(inv));
    v.time = *now_;
    if (order > 0) {
        v.order = order;
        if (const OrderFacts* f = facts(order); f && f->order_number != Uuid{}) v.order_number = f->order_number.str();
    }
    v.subject = std::move(subject);
    v.expected = std::move(expected);
    v.actual = std::move(actual);
    reported_.push_back(std::move(v));
}

std::vector<Violation> CheckSet::take_new(uint64_t step) {
    for (size_t i = taken_; i < reported_.size(); ++i) reported_[i].step = reported_[i].cause = step;
    std::vector<Violation> out(reported_.begin() + ptrdiff_t(taken_), reported_.end());
    taken_ = reported_.size();
    return out;
}

}  // namespace sagasim
