// Hooks through which the checkers see every committed write of the four databases, with what the
// write meant (which order took or gave back stock). Stores call these at commit; observers only
// read. The default implementations ignore everything.
#pragma once

#include <cstdint>

#include "services/common/ids.hpp"
#include "services/common/money.hpp"
#include "services/common/status.hpp"

namespace sagasim {

enum class StockMoveKind : uint8_t {
    Initial,  // stock loaded before the first order
    Restock,  // POST /api/inventories
    Reserve,  // saga reservation for an order (deduction)
    Release,  // saga compensation for an order (give back)
    Finalize, // the order shipped: its reservation row is deleted, the units are gone for good
    DirectReserve,  // POST /api/inventories/reservations: taken outside any saga, never given back
};

class CommitObserver {
public:
    virtual ~CommitObserver() = default;
    virtual void order_created(OrderId, SkuId, int32_t /*quantity*/, Money /*price*/) {}
    virtual void order_status_changed(OrderId, OrderStatus /*from*/, OrderStatus /*to*/) {}
    // `before`/`after` are the committed column values; `ledger_quantity` is what the write meant
    // (units reserved or released for `order`, or restocked). They differ only on a lost update.
    virtual void stock_changed(SkuId, int64_t /*before*/, int64_t /*after*/, StockMoveKind, OrderId /*order*/,
                               int32_t /*ledger_quantity*/) {}
    virtual void payment_recorded(OrderId, PaymentStatus, Money /*amount*/) {}
    // A refund of a successful charge (a hardened design's compensation for a failed shipment).
    virtual void payment_refunded(OrderId, Money /*amount*/) {}
    virtual void shipment_recorded(OrderId, ShipmentStatus) {}
};

}  // namespace sagasim
