// The checkers of check_set.hpp. Each hook updates a ledger and judges the invariants that the
// write can affect, in O(1): a status change is judged against the seed's transition table
// (seed-behaviour.md §4.5), a stock change against the SKU's conservation ledger and the order's
// reservation ledger, a payment against the order's price and quantity.
#include "sim/check/check_set.hpp"

#include <array>

#include <fmt/format.h>

namespace sagasim {
namespace {

constexpr std::array<std::string_view, size_t(Inv::Count)> kInvNames{
    "legal-transition", "stock-never-negative", "stock-conserved", "single-reservation",
    "single-charge",    "amount-matches",       "saga-terminates"};

bool legal(OrderStatus from, OrderStatus to) {
    using S = OrderStatus;
    switch (from) {
        case S::PENDING: return to == S::CONFIRMED || to == S::FAILED;
        case S::CONFIRMED: return to == S::PAID || to == S::PAYMENT_FAILED;
        case S::PAID: return to == S::SHIPPED || to == S::SHIPMENT_FAILED;
        default: return false;  // terminal statuses are never left
    }
}

// Dedupe key for violations about a SKU rather than an order.
OrderId sku_key(SkuId sku) { return -OrderId(sku) - 1; }

}  // namespace

std::string_view inv_name(Inv i) { return kInvNames[size_t(i)]; }

CheckSet::CheckSet(const std::vector<std::string>& enabled, const SkuTable& skus, const SimTime* now)
    : skus_(skus), now_(now) {
    for (const std::string& name : enabled)
        for (size_t i = 0; i < kInvNames.size(); ++i)
            if (kInvNames[i] == name) enabled_[i] = true;
    skus_ledger_.resize(skus.size());
}

CheckSet::OrderFacts* CheckSet::facts(OrderId id) {
    if (id < 1 || size_t(id) > orders_.size()) return nullptr;
    OrderFacts& f = orders_[size_t(id) - 1];
    return f.known ? &f : nullptr;
}

void CheckSet::learn_order(OrderId id, const Uuid& number, int32_t quantity, Money price) {
    if (id < 1) return;
    // Order ids are dense from 1 (an IDENTITY sequence); an injected record may name any id, so
    // only ids near the known range get a slot.
    if (size_t(id) > orders_.size()) {
        if (size_t(id) > orders_.size() + 1000000) return;
        orders_.resize(size_t(id));
    }
    OrderFacts& f = orders_[size_t(id) - 1];
    if (f.known) return;
    f.known = true;
    f.order_number = number;
    f.quantity = quantity;
    f.price = price;
}

void CheckSet::record_appended(const Event& e) {
    if (e.type == EventType::OrderPlacedEvent) learn_order(e.order_id, e.order_number, e.quantity, e.price);
}

void CheckSet::order_created(OrderId id, SkuId, int32_t quantity, Money price) {
    // The OrderPlacedEvent went out before this commit, so the facts are usually known already.
    if (size_t(id) > orders_.size() || !orders_[size_t(id) - 1].known) learn_order(id, Uuid{}, quantity, price);
}

void CheckSet::order_status_changed(OrderId id, OrderStatus from, OrderStatus to) {
    if (enabled(Inv::LegalTransition) && !legal(from, to))
        violate(Inv::LegalTransition, id, "", "a transition of the seed's state machine",
                fmt::format("{} -> {}", order_status_name(from), order_status_name(to)));
}

void CheckSet::stock_changed(SkuId sku, int64_t before, int64_t after, StockMoveKind kind, OrderId order,
                             int32_t ledger_quantity) {
    (void)before;
    if (sku >= skus_ledger_.size()) skus_ledger_.resize(size_t(sku) + 1);
    SkuLedger& l = skus_ledger_[sku];
    OrderFacts* f = facts(order);
    switch (kind) {
        case StockMoveKind::Initial:
        case StockMoveKind::Restock: l.supplied += ledger_quantity; break;
        case StockMoveKind::Reserve:
            l.held += ledger_quantity;
            if (f) f->held += ledger_quantity;
            break;
        case StockMoveKind::Release:
            l.held -= ledger_quantity;
            if (f) f->held -= ledger_quantity;
            break;
    }
    const std::string& name = skus_.name(sku);
    if (enabled(Inv::StockNeverNegative) && after < 0)
        violate(Inv::StockNeverNegative, sku_key(sku), name, ">= 0", fmt::format("{} available", after));
    if (enabled(Inv::StockConserved) && after + l.held != l.supplied)
        violate(Inv::StockConserved, sku_key(sku), name,
                fmt::format("available + held = {} (initial + restocks)", l.supplied),
                fmt::format("{} available + {} held = {}", after, l.held, after + l.held));
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
    }
    const Money want = times(f->price, f->quantity);
    if (enabled(Inv::AmountMatches) && amount != want)
        violate(Inv::AmountMatches, id, "",
                fmt::format("amount {} ({} x {})", want.str(), f->price.str(), f->quantity),
                fmt::format("amount {}", amount.str()));
}

void CheckSet::finish(const OrderStore& orders) {
    if (!enabled(Inv::SagaTerminates)) return;
    for (size_t i = 0; i < orders_.size(); ++i) {
        if (!orders_[i].known) continue;
        const OrderRow* row = orders.find(OrderId(i + 1));
        // An order whose creation rolled back never exists and counts as failed.
        if (row == nullptr || is_terminal(row->status)) continue;
        violate(Inv::SagaTerminates, OrderId(i + 1), "", "a terminal status",
                fmt::format("still {} when the run ended", order_status_name(row->status)));
    }
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
