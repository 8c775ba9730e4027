// What every checker family knows of an order, learned from the steps: its orderNumber, quantity
// and price (from the create request's decision, or its OrderPlacedEvent on the wire), whether its
// row committed, and its committed status. Dense by orderId; an injected record may name any id,
// and one far beyond those in use is not followed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/common/ids.hpp"
#include "services/common/money.hpp"
#include "services/common/status.hpp"

namespace sagasim {

struct OrderFacts {
    Uuid order_number;
    Money price;
    int32_t quantity = 0;
    OrderStatus status = OrderStatus::PENDING;
    bool exists = false;  // the order row committed
    bool known = false;
    // Its status as reports name it: "PAID", or "rolled back" for an order never committed.
    std::string status_text() const { return exists ? std::string(order_status_name(status)) : "rolled back"; }
};

// The books a family keeps for `id`, or a default-constructed T for an order it never saw.
template <typename T, typename Books>
const T& books_or_none(const Books& books, OrderId id) {
    static const T kNone{};
    const T* p = books.peek(id);
    return p ? *p : kNone;
}

class OrderBook {
public:
    void reset(size_t orders) {
        orders_.clear();
        orders_.reserve(orders);
    }
    // The order's facts if it is known.
    const OrderFacts* find(OrderId id) const {
        if (id < 1 || size_t(id) > orders_.size()) return nullptr;
        const OrderFacts& f = orders_[size_t(id) - 1];
        return f.known ? &f : nullptr;
    }
    OrderFacts* find(OrderId id) { return const_cast<OrderFacts*>(static_cast<const OrderBook*>(this)->find(id)); }
    void learn(OrderId id, const Uuid& number, int32_t quantity, Money price) {
        OrderFacts* f = slot(id);
        if (f == nullptr || f->known) return;
        f->known = true;
        f->order_number = number;
        f->quantity = quantity;
        f->price = price;
    }
    size_t size() const { return orders_.size(); }
    // Grows the dense range to hold `id`; nullptr for an id beyond it.
    OrderFacts* slot(OrderId id) {
        if (id < 1) return nullptr;
        if (size_t(id) > orders_.size()) {
            if (size_t(id) > orders_.size() + kFar) return nullptr;
            orders_.resize(size_t(id));
        }
        return &orders_[size_t(id) - 1];
    }
    static constexpr size_t kFar = 1000000;

private:
    std::vector<OrderFacts> orders_;
};

// Per-order books of a family, dense like the OrderBook.
template <typename T>
class PerOrder {
public:
    void reset(size_t orders) {
        v_.clear();
        v_.reserve(orders);
    }
    T* get(OrderId id) {
        if (id < 1) return nullptr;
        if (size_t(id) > v_.size()) {
            if (size_t(id) > v_.size() + OrderBook::kFar) return nullptr;
            v_.resize(size_t(id));
        }
        return &v_[size_t(id) - 1];
    }
    const T* peek(OrderId id) const { return id >= 1 && size_t(id) <= v_.size() ? &v_[size_t(id) - 1] : nullptr; }

private:
    std::vector<T> v_;
};

}  // namespace sagasim
