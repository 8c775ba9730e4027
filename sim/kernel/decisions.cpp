// The seed's answers to decisions, and the hand-off to a recorder or an override.
#include "sim/kernel/decisions.hpp"

#include <array>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

constexpr std::array<std::string_view, kSiteCount> kSiteNames{
    "kafka.latency", "payment.outcome", "shipment.outcome", "order.number", "event.id",     "fault.acts",
    "fault.value",   "nemesis.kind",    "nemesis.service",  "nemesis.length", "load.gap",   "load.sku",
    "load.quantity", "load.price",      "tie.event",        "tie.partition",  "nemesis.start",
    "nemesis.replica", "rest.replica",
};

// The Rng seeded by a decision's key, made lazily: most decisions need one 64-bit draw, and the
// first output of xoshiro256** depends on the second SplitMix64 word of its seeding alone, so the
// other three are computed only if a second draw is needed. The values are exactly Rng's.
class KeyedRng {
public:
    explicit KeyedRng(uint64_t key) : key_(key) {}
    uint64_t next_u64() {
        if (draws_++ == 0) {
            uint64_t st = key_;
            splitmix64(st);
            const uint64_t s1 = splitmix64(st);
            return ((s1 * 5) << 7 | (s1 * 5) >> 57) * 9;
        }
        if (draws_ == 2) {
            full_ = Rng(key_);
            full_.next_u64();
        }
        return full_.next_u64();
    }

private:
    uint64_t key_;
    uint32_t draws_ = 0;
    Rng full_;
};

}  // namespace

std::string_view site_name(Site s) { return kSiteNames[size_t(s)]; }

bool site_from_name(std::string_view name, Site& out) {
    for (size_t i = 0; i < kSiteNames.size(); ++i) {
        if (kSiteNames[i] == name) {
            out = Site(i);
            return true;
        }
    }
    return false;
}


void Decisions::reset(uint64_t seed) {
    seed_ = seed;
    for (size_t i = 0; i < size_t(kSiteCount); ++i) {
        site_base_[i] = mix64(seed, uint64_t(i) + 1);
        site_no_fault_[i] = mix64(site_base_[i], 0);
    }
    count_ = 0;
    recorder_ = nullptr;
    override_ = nullptr;
}

uint64_t Decisions::key_hash(const DrawKey& k) const {
    // mix64(mix64(mix64(mix64(seed, site + 1), fault), subject), index), its first words cached.
    const size_t site = size_t(k.site);
    const uint64_t h = k.fault == 0 ? site_no_fault_[site] : mix64(site_base_[site], k.fault);
    return mix64(mix64(h, k.subject), k.index);
}

uint64_t Decisions::watched(Decision& d) {
    d.step = steps_ ? *steps_ : 0;
    if (override_ != nullptr && override_->answer(d)) {
        const ValueKind vk = value_kind(d.key.site);
        SIM_ASSERT(vk == ValueKind::Bits64 || vk == ValueKind::Bits128 ||
                       (int64_t(d.value) >= d.lo && int64_t(d.value) <= d.hi),
                   "an override answered {} for {} outside [{}, {}]", int64_t(d.value), site_name(d.key.site), d.lo,
                   d.hi);
    }
    if (recorder_ != nullptr) recorder_->record(d);
    return d.value;
}

int64_t Decisions::between(const DrawKey& k, int64_t lo, int64_t hi) {
    SIM_ASSERT(lo <= hi, "empty range [{}, {}] at {}", lo, hi, site_name(k.site));
    if (lo == hi) return lo;
    KeyedRng r(key_hash(k));
    return int64_t(answer(k, uint64_t(dist::between(r, lo, hi)), lo, hi));
}

bool Decisions::chance(const DrawKey& k, uint32_t ppm) {
    KeyedRng r(key_hash(k));
    return answer(k, dist::chance_ppm(r, ppm) ? 1u : 0u, 0, 1) != 0;
}

int64_t Decisions::exponential(const DrawKey& k, int64_t mean) {
    KeyedRng r(key_hash(k));
    return int64_t(answer(k, uint64_t(dist::exponential(r, mean)), 0, INT64_MAX));
}

uint64_t Decisions::bits64(const DrawKey& k) {
    KeyedRng r(key_hash(k));
    return answer(k, r.next_u64(), 0, 0);
}

void Decisions::bits128(const DrawKey& k, uint64_t& hi, uint64_t& lo) {
    KeyedRng r(key_hash(k));
    Decision d{k, 0, 0, 0, 0, 0};
    d.hi_bits = r.next_u64();
    d.value = r.next_u64();
    ++count_;
    if (override_ != nullptr || recorder_ != nullptr) watched(d);
    hi = d.hi_bits;
    lo = d.value;
}

uint32_t Decisions::choose_watched(const DrawKey& k, uint32_t n, const uint32_t* lanes) {
    SIM_ASSERT(n >= 2, "a choice among {} candidates", n);
    return uint32_t(answer(k, 0, 0, int64_t(n) - 1, lanes));
}

}  // namespace sagasim
