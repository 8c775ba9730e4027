// Stock: a ledger per SKU (supplied, held by orders, shipped out) and per order (units taken,
// given back, held, shipped), kept from the inventory service's committed stock moves. Safety:
// stock never negative and conserved, no order holding more than its quantity, nothing given back
// that was not taken, none given back for an order that ships (before it ships or after). At rest:
// a failed order (or one whose payment failed) holds nothing, and a live or shipped order holds or
// shipped its quantity.
#pragma once

#include <array>
#include <vector>

#include "services/common/sku_table.hpp"
#include "sim/check/catalog.hpp"
#include "sim/check/order_book.hpp"
#include "sim/check/payment_checks.hpp"
#include "sim/check/reporter.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

inline constexpr std::array<InvariantInfo, 7> kStockInvariants{{
    {Inv::StockNeverNegative, "stock-never-negative", InvariantFamily::Safety,
     "no SKU's available quantity is below zero"},
    {Inv::StockConserved, "stock-conserved", InvariantFamily::Safety,
     "per SKU: available + held by orders + taken outside sagas = initial + restocks"},
    {Inv::SingleReservation, "single-reservation", InvariantFamily::Safety,
     "the stock held for an order never exceeds the order's quantity"},
    {Inv::NoPhantomStock, "no-phantom-stock", InvariantFamily::Safety,
     "stock given back for an order never exceeds what was taken, and none is given back for an order that ships"},
    {Inv::NoLeakAfterPaymentFailure, "no-leak-after-payment-failure", InvariantFamily::AtRest,
     "a settled order whose payment failed holds no stock"},
    {Inv::NoLeakAfterFailure, "no-leak-after-failure", InvariantFamily::AtRest,
     "a settled FAILED, PAYMENT_FAILED or SHIPMENT_FAILED (or rolled back) order holds no stock"},
    {Inv::NoOversell, "no-oversell", InvariantFamily::AtRest,
     "a settled CONFIRMED, PAID or SHIPPED order holds its stock, or shipped it"},
}};

struct StockFacts {
    int32_t taken = 0;      // units ever reserved
    int32_t released = 0;   // units ever given back
    int32_t finalized = 0;  // units that left with the shipment
    uint32_t move_step = 0; // the step that committed the order's last stock move
    // Units reserved and neither given back nor shipped (committed).
    int64_t held() const { return int64_t(taken) - released - finalized; }
};

class StockChecks {
public:
    StockChecks(const OrderBook& book, const PaymentChecks& payments, Reporter& r, const SkuTable& skus)
        : book_(book), payments_(payments), r_(r), skus_(skus) {}
    void reset(size_t orders);
    void on_write(const Write& w);
    // A shipment row written as SHIPPED: an order that gave stock back must hold its quantity again.
    void on_shipped(const Write& w);
    void judge_at_rest(Inv inv, OrderId id, const OrderFacts& f);

private:
    struct SkuLedger {
        int64_t supplied = 0;  // initial + restocks
        int64_t held = 0;      // held by orders
        int64_t gone = 0;      // shipped out (finalized)
        int64_t outside = 0;   // taken outside sagas (POST /api/inventories/reservations, §5.2)
    };
    const OrderBook& book_;
    const PaymentChecks& payments_;
    Reporter& r_;
    const SkuTable& skus_;
    PerOrder<StockFacts> orders_;
    std::vector<SkuLedger> skus_ledger_;
};

}  // namespace sagasim
