// Request identities, and the client's requests at their times.
#include "sim/run/client.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

// The k-th of identical contents gets "#k" appended, so twins stay apart and keep their identity
// whatever else changes.
uint64_t content_identity(std::map<std::string, int>& seen, std::string content) {
    const int n = seen[content]++;
    if (n > 0) content += fmt::format("#{}", n + 1);
    const uint64_t h = fnv1a64(content);
    return h == 0 ? 1 : h;
}

template <typename T>
std::string opt_text(const std::optional<T>& v) {
    return v ? fmt::format("{}", *v) : std::string("-");
}

}  // namespace

uint64_t load_identity(uint64_t k) { return mix64(0x6c6f61642d617272ULL, k) | 1; }

RequestIdentities request_identities(const Scenario& sc) {
    RequestIdentities out;
    std::map<std::string, int> seen;
    for (const OrderRequest& o : sc.orders) {
        if (!o.id.empty()) {
            out.orders.push_back(fnv1a64("order-id:" + o.id) | 1);
            continue;
        }
        out.orders.push_back(content_identity(
            seen, fmt::format("order|{}|{}|{}|{}", o.at.us, sc.skus.name(o.sku), o.quantity, o.price.cents)));
    }
    for (const Injection& i : sc.injections) {
        out.injections.push_back(content_identity(
            seen, fmt::format("inject|{}|{}|{}|{}|{}|{}|{}|{}|{}", i.at.us, topic_name(i.topic), i.order_id,
                              opt_text(i.event_label), i.sku == kNoSku ? std::string("-") : sc.skus.name(i.sku),
                              opt_text(i.quantity), i.price ? i.price->cents : -1, i.amount ? i.amount->cents : -1,
                              i.reason.value_or("-"))));
    }
    return out;
}

uint64_t Client::schedule() {
    for (size_t i = 0; i < sc_.orders.size(); ++i) q_.push(sc_.orders[i].at, kEvClientOrder, 0, i, kLaneClient);
    for (size_t i = 0; i < sc_.restocks.size(); ++i) q_.push(sc_.restocks[i].at, kEvClientRestock, 0, i, kLaneClient);
    for (size_t i = 0; i < sc_.direct_reserves.size(); ++i)
        q_.push(sc_.direct_reserves[i].at, kEvClientReserve, 0, i, kLaneClient);
    for (size_t i = 0; i < sc_.injections.size(); ++i) q_.push(sc_.injections[i].at, kEvInject, 0, i, kLaneClient);
    uint64_t total = sc_.orders.size() + sc_.restocks.size() + sc_.direct_reserves.size() + sc_.injections.size();
    if (sc_.load && sc_.load->count > 0) {
        total += sc_.load->count;
        q_.push(sc_.load->start + Duration{gap(0)}, kEvLoadArrival, 0, 0, kLaneClient);
    }
    return total;
}

void Client::dispatch(const QueuedEvent& e) {
    switch (e.kind()) {
        case kEvClientOrder: {
            const OrderRequest& o = sc_.orders[e.arg];
            h_.client_order(ids_.orders[e.arg], o.sku, o.quantity, o.price);
            break;
        }
        case kEvClientRestock: {
            const Restock& r = sc_.restocks[e.arg];
            h_.client_restock(r.sku, r.quantity);
            break;
        }
        case kEvClientReserve: {
            const Restock& r = sc_.direct_reserves[e.arg];
            h_.client_reserve(r.sku, r.quantity);
            break;
        }
        case kEvInject: h_.inject(sc_.injections[e.arg], ids_.injections[e.arg]); break;
        case kEvLoadArrival: {
            const Load& l = *sc_.load;
            const uint64_t who = load_identity(e.arg);
            const auto key = [&](Site s) { return DrawKey{s, 0, who, 0, 0}; };
            const SkuId sku = l.skus[size_t(d_.between(key(Site::LoadSku), 0, int64_t(l.skus.size()) - 1))];
            const int32_t quantity = int32_t(d_.between(key(Site::LoadQuantity), l.quantity.min, l.quantity.max));
            const Money price{d_.between(key(Site::LoadPrice), l.price.min.cents, l.price.max.cents)};
            h_.client_order(who, sku, quantity, price);
            if (e.arg + 1 < l.count) q_.push(q_.now() + Duration{gap(e.arg + 1)}, kEvLoadArrival, 0, e.arg + 1, kLaneClient);
            break;
        }
        default: SIM_ASSERT(false, "unknown client event kind {}", e.kind());
    }
}

// Poisson arrivals: exponential gaps with mean rate_unit / rate_count.
int64_t Client::gap(uint64_t k) {
    const Load& l = *sc_.load;
    const int64_t mean = std::max<int64_t>(1, l.rate_unit.us / int64_t(l.rate_count));
    return d_.exponential(DrawKey{Site::LoadGap, 0, load_identity(k), 0, 0}, mean);
}

}  // namespace sagasim
