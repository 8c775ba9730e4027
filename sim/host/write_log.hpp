// The committed writes of one transaction, as the stores report them through CommitObserver
// (services/common/commit_observer.hpp), collected so the host can raise them with the commit's
// step. Cleared before every commit; its memory is kept.
#pragma once

#include <vector>

#include "services/common/commit_observer.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

class WriteLog final : public CommitObserver {
public:
    void clear() { writes_.clear(); }
    std::span<const Write> writes() const { return writes_; }

    void order_created(OrderId id, SkuId sku, int32_t quantity, Money price) override {
        Write w;
        w.kind = WriteKind::OrderCreated;
        w.order = id;
        w.sku = sku;
        w.quantity = quantity;
        w.amount = price;
        writes_.push_back(w);
    }
    void order_status_changed(OrderId id, OrderStatus from, OrderStatus to) override {
        Write w;
        w.kind = WriteKind::OrderStatus;
        w.order = id;
        w.from = uint8_t(from);
        w.to = uint8_t(to);
        writes_.push_back(w);
    }
    void stock_changed(SkuId sku, int64_t before, int64_t after, StockMoveKind move, OrderId order,
                       int32_t quantity) override {
        Write w;
        w.kind = WriteKind::Stock;
        w.sku = sku;
        w.before = before;
        w.after = after;
        w.move = move;
        w.order = order;
        w.quantity = quantity;
        writes_.push_back(w);
    }
    void payment_recorded(OrderId id, PaymentStatus status, Money amount) override {
        Write w;
        w.kind = WriteKind::Payment;
        w.order = id;
        w.from = uint8_t(status);
        w.amount = amount;
        writes_.push_back(w);
    }
    void payment_refunded(OrderId id, Money amount) override {
        Write w;
        w.kind = WriteKind::Refund;
        w.order = id;
        w.amount = amount;
        writes_.push_back(w);
    }
    void shipment_recorded(OrderId id, ShipmentStatus status) override {
        Write w;
        w.kind = WriteKind::Shipment;
        w.order = id;
        w.from = uint8_t(status);
        writes_.push_back(w);
    }

private:
    std::vector<Write> writes_;
};

}  // namespace sagasim
