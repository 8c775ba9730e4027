// The payment family's books and judgements.
#include "sim/check/payment_checks.hpp"

#include <fmt/format.h>

namespace sagasim {

void PaymentChecks::on_append(const Event& e) {
    if (e.type != EventType::PaymentSucceededEvent && e.type != EventType::PaymentFailedEvent) return;
    if (book_.find(e.order_id) == nullptr) return;
    PaymentFacts* p = orders_.get(e.order_id);
    if (p == nullptr) return;
    if (e.type == EventType::PaymentSucceededEvent) p->succeeded_event = true;
    else p->failed_event = true;
    if (r_.enabled(Inv::SinglePaymentOutcome) && p->succeeded_event && p->failed_event)
        r_.violate(Inv::SinglePaymentOutcome, e.order_id, "", "one payment outcome",
                   "both a PaymentSucceededEvent and a PaymentFailedEvent were published");
}

void PaymentChecks::on_write(const Write& w) {
    const OrderFacts* f = book_.find(w.order);
    if (f == nullptr) return;  // a payment for an order nobody placed: nothing to compare with
    PaymentFacts* p = orders_.get(w.order);
    if (p == nullptr) return;
    switch (w.kind) {
        case WriteKind::Payment: {
            if (PaymentStatus(w.from) == PaymentStatus::SUCCEEDED) {
                p->charges += 1;
                p->charge_step = uint32_t(r_.step());
                if (r_.enabled(Inv::SingleCharge) && p->charges > 1)
                    r_.violate(Inv::SingleCharge, w.order, "", "at most 1 successful charge",
                               fmt::format("{} charges", p->charges));
            } else {
                p->payment_failed = true;
            }
            const Money want = times(f->price, f->quantity);
            if (r_.enabled(Inv::AmountMatches) && w.amount != want)
                r_.violate(Inv::AmountMatches, w.order, "",
                           fmt::format("amount {} ({} x {})", want.str(), f->price.str(), f->quantity),
                           fmt::format("amount {}", w.amount.str()));
            break;
        }
        case WriteKind::Refund:
            p->refunds += 1;
            if (r_.enabled(Inv::SingleCharge) && p->refunds > p->charges)
                r_.violate(Inv::SingleCharge, w.order, "", fmt::format("at most {} refunds (the charges)", p->charges),
                           fmt::format("{} refunds", p->refunds));
            break;
        case WriteKind::Shipment:
            if (ShipmentStatus(w.from) != ShipmentStatus::SHIPPED) break;
            p->shipped = true;
            // Judged on what the payment service told the saga (invariants.md), not on its row of
            // this instant: a charge rolled back and re-written the same way is no violation.
            if (r_.enabled(Inv::ShipOnlyPaid) &&
                (!p->succeeded_event || p->failed_event || f->status == OrderStatus::PAYMENT_FAILED))
                r_.violate(Inv::ShipOnlyPaid, w.order, "", "a shipment only for an order whose payment succeeded",
                           fmt::format("shipped with {}, order {}",
                                       !p->succeeded_event ? "no PaymentSucceededEvent published"
                                       : p->failed_event   ? "a PaymentFailedEvent published"
                                                           : "its payment succeeded",
                                       order_status_name(f->status)));
            break;
        default: break;
    }
}

void PaymentChecks::judge_at_rest(Inv inv, OrderId id, const OrderFacts& f) {
    using S = OrderStatus;
    const PaymentFacts& p = books_or_none<PaymentFacts>(orders_, id);
    if (inv == Inv::NoChargeWithoutShipment && !(f.exists && f.status == S::SHIPPED) && p.charges > p.refunds)
        r_.violate(inv, id, "", "no charge left unrefunded",
                   fmt::format("{} charge(s), {} refund(s) ({})", p.charges, p.refunds, f.status_text()),
                   p.charge_step);
    if (inv == Inv::StatesAgree && f.exists) {
        std::string wrong;
        if ((f.status == S::PAID || f.status == S::SHIPPED) && p.charges == 0) wrong = "no successful charge";
        else if (f.status == S::SHIPPED && !p.shipped) wrong = "no shipped shipment";
        else if (f.status == S::PAYMENT_FAILED && !p.payment_failed) wrong = "no failed payment";
        if (!wrong.empty())
            r_.violate(inv, id, "", fmt::format("{} to agree with payment and shipment", f.status_text()),
                       fmt::format("{} but {}", f.status_text(), wrong));
    }
}

}  // namespace sagasim
