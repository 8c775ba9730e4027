// The routing of steps and writes to the checker families.
#include "sim/check/check_set.hpp"

namespace sagasim {

CheckSet::CheckSet(const std::vector<std::string>& enabled, const SkuTable& skus, const Lanes& lanes)
    : reporter_(book_),
      transitions_(reporter_),
      payments_(book_, reporter_),
      stock_(book_, payments_, reporter_, skus),
      liveness_(lanes, reporter_) {
    for (const std::string& name : enabled) {
        const InvariantInfo* i = find_invariant(name);
        if (i == nullptr) continue;
        reporter_.enable(i->inv);
        any_at_rest_ |= i->family == InvariantFamily::AtRest;
    }
}

void CheckSet::reset(size_t orders, const std::vector<OrderId>& announced) {
    book_.reset(orders);
    reporter_.reset(orders);
    payments_.reset(orders);
    stock_.reset(orders);
    liveness_.reset(orders, announced);
}


void CheckSet::on_write(const Write& w) {
    if (w.kind == WriteKind::OrderCreated) {
        book_.learn(w.order, Uuid{}, w.quantity, w.amount);
        if (OrderFacts* f = book_.find(w.order)) {
            f->exists = true;
            f->status = OrderStatus::PENDING;
        }
    } else if (w.kind == WriteKind::OrderStatus) {
        if (OrderFacts* f = book_.find(w.order)) f->status = OrderStatus(w.to);
    }
    // Each write to the family that keeps its books.
    switch (w.kind) {
        case WriteKind::OrderStatus: transitions_.on_write(w); break;
        case WriteKind::Stock: stock_.on_write(w); break;
        case WriteKind::Payment:
        case WriteKind::Refund: payments_.on_write(w); break;
        case WriteKind::Shipment:
            stock_.on_shipped(w);  // before the payment family marks the order shipped
            payments_.on_write(w);
            break;
        case WriteKind::OrderCreated: break;
    }
}

void CheckSet::judge_at_rest(OrderId id, bool run_ended, const std::string* frozen) {
    const OrderFacts* f = book_.find(id);
    if (f == nullptr) return;
    liveness_.mark_judged(id);
    for (size_t i = size_t(Inv::NoLeakAfterPaymentFailure); i < kInvCount; ++i) {
        const Inv inv = Inv(i);
        if (!reporter_.enabled(inv)) continue;
        switch (inv) {
            case Inv::NoLeakAfterPaymentFailure:
            case Inv::NoLeakAfterFailure:
            case Inv::NoOversell: stock_.judge_at_rest(inv, id, *f); break;
            case Inv::NoChargeWithoutShipment:
            case Inv::StatesAgree: payments_.judge_at_rest(inv, id, *f); break;
            case Inv::SagaTerminates: liveness_.judge_at_rest(id, *f, run_ended, frozen); break;
            default: break;
        }
    }
}

CheckSet::Unjudged CheckSet::finish(uint64_t last, SimTime now, bool drained,
                                    const std::map<OrderId, std::string>& stuck) {
    reporter_.at(last, now);
    Unjudged u;
    // Every order not judged in the state it is in now: those still at work, and those that
    // settled without being judged (nothing is judged twice for the same state).
    for (size_t i = 0; i < book_.size(); ++i) {
        const OrderId id = OrderId(i + 1);
        if (!drained && liveness_.pending(id) > 0) {
            // Work that can never finish: the order is as settled as it will ever be.
            if (auto it = stuck.find(id); it != stuck.end() && book_.find(id) != nullptr) {
                if (any_at_rest_) judge_at_rest(id, false, &it->second);
                continue;
            }
            if (u.count++ == 0) u.first = id;
            continue;
        }
        if (any_at_rest_ && !liveness_.judged(id)) judge_at_rest(id, true);
    }
    return u;
}

std::string CheckSet::status_text(OrderId id) const {
    const OrderFacts* f = book_.find(id);
    return f == nullptr ? std::string() : std::string(f->status_text());
}

}  // namespace sagasim
