// The one source of every choice a run makes. Each kind of choice draws from its own named
// stream of the master seed (a new draw of one kind never shifts another), and every draw passes
// through here, so a later version can record, replay or override a run's choices in one place.
#pragma once

#include <cstdint>

#include "services/common/ids.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

class Decisions {
public:
    explicit Decisions(uint64_t seed)
        : seed_(seed),
          latency_(Rng::stream(seed, "kafka.latency")),
          payment_(Rng::stream(seed, "payment.outcome")),
          shipment_(Rng::stream(seed, "shipment.outcome")),
          order_number_(Rng::stream(seed, "order.number")),
          load_(Rng::stream(seed, "load")),
          injected_(Rng::stream(seed, "inject")) {}

    uint64_t seed() const { return seed_; }
    uint64_t draws() const { return draws_; }

    Duration latency(Duration lo, Duration hi) { return Duration{draw(latency_, lo.us, hi.us)}; }
    bool payment_succeeds(uint32_t ppm) { ++draws_; return payment_.chance_ppm(ppm); }
    bool shipment_succeeds(uint32_t ppm) { ++draws_; return shipment_.chance_ppm(ppm); }
    Uuid order_number() { return uuid(order_number_); }
    // An orderNumber for an injected record whose orderId does not exist.
    Uuid injected_order_number() { return uuid(injected_); }

    // Generated load: the gap to the next arrival, and the request's fields.
    int64_t load_gap(int64_t mean_us) { ++draws_; return load_.exponential(mean_us); }
    int64_t load_pick(int64_t lo, int64_t hi) { return draw(load_, lo, hi); }

private:
    int64_t draw(Rng& r, int64_t lo, int64_t hi) {
        ++draws_;
        return lo == hi ? lo : r.between(lo, hi);
    }
    Uuid uuid(Rng& r) {
        ++draws_;
        const uint64_t a = r.next_u64();
        const uint64_t b = r.next_u64();
        return make_uuid_v4(a, b);
    }

    uint64_t seed_;
    uint64_t draws_ = 0;
    Rng latency_, payment_, shipment_, order_number_, load_, injected_;
};

}  // namespace sagasim
