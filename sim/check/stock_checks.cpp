// The stock family's ledgers and judgements.
#include "sim/check/stock_checks.hpp"

#include <fmt/format.h>

namespace sagasim {

void StockChecks::reset(size_t orders) {
    orders_.reset(orders);
    skus_ledger_.assign(skus_.size(), SkuLedger{});
}

void StockChecks::on_write(const Write& w) {
    if (w.kind != WriteKind::Stock) return;
    const SkuId sku = w.sku;
    if (sku >= skus_ledger_.size()) skus_ledger_.resize(size_t(sku) + 1);
    SkuLedger& l = skus_ledger_[sku];
    const OrderFacts* of = book_.find(w.order);
    StockFacts* f = of ? orders_.get(w.order) : nullptr;
    const std::string& name = skus_.name(sku);
    const int32_t q = w.quantity;
    if (f) f->move_step = uint32_t(r_.step());
    switch (w.move) {
        case StockMoveKind::Initial:
        case StockMoveKind::Restock: l.supplied += q; break;
        case StockMoveKind::Reserve:
            l.held += q;
            if (f) {
                f->taken += q;
            }
            break;
        case StockMoveKind::Release:
            l.held -= q;
            if (f) {
                f->released += q;
                const PaymentFacts* p = payments_.facts(w.order);
                const bool shipped = (p && p->shipped) || of->status == OrderStatus::SHIPPED;
                if (r_.enabled(Inv::NoPhantomStock) && f->released > f->taken)
                    r_.violate(Inv::NoPhantomStock, w.order, name,
                               fmt::format("at most {} given back (what was taken)", f->taken),
                               fmt::format("{} given back", f->released));
                if (r_.enabled(Inv::NoPhantomStock) && shipped)
                    r_.violate(Inv::NoPhantomStock, w.order, name, "nothing given back for an order that shipped",
                               fmt::format("{} given back after it shipped", q));
            }
            break;
        case StockMoveKind::Finalize:
            l.held -= q;
            l.gone += q;
            if (f) {
                f->finalized += q;
            }
            break;
        case StockMoveKind::DirectReserve: l.outside += q; break;
    }
    const int64_t after = w.after;
    if (r_.enabled(Inv::StockNeverNegative) && after < 0)
        r_.violate(Inv::StockNeverNegative, Reporter::sku_key(sku), name, ">= 0", fmt::format("{} available", after));
    if (r_.enabled(Inv::StockConserved) && after + l.held + l.gone + l.outside != l.supplied) {
        // The third term is named only where a scenario takes stock outside sagas.
        const bool outside = l.outside != 0;
        r_.violate(Inv::StockConserved, Reporter::sku_key(sku), name,
                   fmt::format("available + held + shipped{} = {} (initial + restocks)",
                               outside ? " + taken outside sagas" : "", l.supplied),
                   fmt::format("{} available + {} held + {} shipped{} = {}", after, l.held, l.gone,
                               outside ? fmt::format(" + {} taken outside sagas", l.outside) : "",
                               after + l.held + l.gone + l.outside));
    }
    if (r_.enabled(Inv::SingleReservation) && f && w.move == StockMoveKind::Reserve && f->held() > of->quantity)
        r_.violate(Inv::SingleReservation, w.order, name,
                   fmt::format("holds at most {} (the order's quantity)", of->quantity),
                   fmt::format("holds {}", f->held()));
}

void StockChecks::on_shipped(const Write& w) {
    // invariants.md, no-phantom-stock: none is given back for an order whose goods shipped. Given
    // back first and shipped after (a compensation that overtook the shipment: a saga timeout under
    // `timeouts: compensate`, say), the units that left are also counted available again. An order
    // that gave stock back and took it again holds its quantity, and is no finding.
    if (ShipmentStatus(w.from) != ShipmentStatus::SHIPPED || !r_.enabled(Inv::NoPhantomStock)) return;
    const OrderFacts* of = book_.find(w.order);
    const StockFacts* f = of ? orders_.peek(w.order) : nullptr;
    if (f == nullptr || f->released == 0 || f->held() + f->finalized >= of->quantity) return;
    r_.violate(Inv::NoPhantomStock, w.order, "", "nothing given back for an order that ships",
               fmt::format("{} given back before it shipped (holds {} of its {})", f->released, f->held(),
                           of->quantity));
}

void StockChecks::judge_at_rest(Inv inv, OrderId id, const OrderFacts& f) {
    using S = OrderStatus;
    const StockFacts& s = books_or_none<StockFacts>(orders_, id);
    switch (inv) {
        case Inv::NoLeakAfterPaymentFailure: {
            // Stock that shipped is not held: a SHIPPED order whose payment row is FAILED leaked nothing.
            const PaymentFacts* p = payments_.facts(id);
            const bool payment_failed = (p && p->payment_failed) || (f.exists && f.status == S::PAYMENT_FAILED);
            const bool shipped = (p && p->shipped) || (f.exists && f.status == S::SHIPPED);
            if (payment_failed && !shipped && s.held() > 0)
                r_.violate(inv, id, "", "holds 0", fmt::format("holds {} ({})", s.held(), f.status_text()), s.move_step);
            break;
        }
        case Inv::NoLeakAfterFailure: {
            // An order whose creation rolled back never exists; it counts as failed and holds nothing.
            const bool failed = !f.exists || f.status == S::FAILED || f.status == S::PAYMENT_FAILED ||
                                f.status == S::SHIPMENT_FAILED || f.status == S::TIMED_OUT;
            if (failed && s.held() > 0)
                r_.violate(inv, id, "", "holds 0", fmt::format("holds {} ({})", s.held(), f.status_text()), s.move_step);
            break;
        }
        case Inv::NoOversell:
            // Holding more than the quantity is single-reservation's finding, not an oversell.
            if (f.exists && (f.status == S::CONFIRMED || f.status == S::PAID || f.status == S::SHIPPED) &&
                s.held() + s.finalized < f.quantity)
                r_.violate(inv, id, "", fmt::format("holds or shipped at least {} (the order's quantity)", f.quantity),
                           fmt::format("holds {}, shipped {} ({})", s.held(), s.finalized, f.status_text()), s.move_step);
            break;
        default: break;
    }
}

}  // namespace sagasim
