// Whose draws are whose: the identity of every order the run knows, and each order's counts of
// the choices it has made per site (the `index` of its next DrawKey). An order's identity comes
// from its client request (its index in the generated load, its `id:`, or its content; see
// sim/run/client.cpp), never from its orderId, so removing another order leaves its draws where
// they were. An order the scenario never requested (an injected record naming an orderId that
// never exists) is identified by that orderId. Dense by orderId: a few bytes per order.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "services/common/ids.hpp"
#include "sim/faults/message_faults.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/draw_counters.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {

// The per-order sites with more than one choice per order.
enum class OrderSite : uint8_t { Latency, FreshEventId, Payment, Shipment, Count };

class OrderSubjects {
public:
    void reset(size_t orders) {
        orders_.clear();
        orders_.reserve(orders);
        other_.reset();
    }
    // The order created with this id came from the request with this identity.
    void bind(OrderId id, uint64_t identity) {
        if (Entry* e = slot(id)) e->identity = identity;
    }
    // The identity of an order (an unknown one: derived from its orderId).
    uint64_t identity(OrderId id) const {
        if (id >= 1 && size_t(id) <= orders_.size() && orders_[size_t(id) - 1].identity != 0)
            return orders_[size_t(id) - 1].identity;
        return unknown(id);
    }
    static uint64_t unknown(OrderId id) { return mix64(0x6f7264657249ULL, uint64_t(id)) | 1; }
    DrawSubject subject(OrderId id) const { return DrawSubject{identity(id), id}; }
    // The key of the next choice of order `id` at `site`.
    DrawKey next(Site site, OrderSite os, OrderId id) {
        const uint64_t who = identity(id);
        uint32_t index;
        Entry* e = slot(id);
        if (e != nullptr && e->counts[size_t(os)] < UINT16_MAX) {
            index = e->counts[size_t(os)]++;
        } else {
            // Beyond the dense table, or past 65,535 choices (a record retried that often): the
            // count goes on in the sparse table.
            index = (e != nullptr ? UINT16_MAX : 0) + other_.next(mix64(who, uint64_t(os)));
        }
        return DrawKey{site, 0, who, index, id};
    }

private:
    struct Entry {
        uint64_t identity = 0;
        std::array<uint16_t, size_t(OrderSite::Count)> counts{};
    };
    // Order ids are dense from 1 (IDENTITY); an injected record may name any id, and one far
    // beyond those in use is counted in the sparse table instead.
    Entry* slot(OrderId id) {
        if (id < 1) return nullptr;
        if (size_t(id) > orders_.size()) {
            if (size_t(id) > orders_.size() + 4096) return nullptr;
            orders_.resize(size_t(id));
        }
        return &orders_[size_t(id) - 1];
    }

    std::vector<Entry> orders_;
    DrawCounters other_;
};

}  // namespace sagasim
