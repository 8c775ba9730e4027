// The one source of every choice a run makes (architecture.md, "The run as a stream of decisions
// and steps"). A choice is asked at a site, named by a stable key: what kind of choice it is
// (Site), which fault asks (0: none), whose choice it is (the subject: an order's identity, a load
// arrival, a nemesis move) and the how-many-th such choice of that subject it is. The seed's
// answer is a pure function of the master seed and that key, so a choice keeps its value however
// many other choices the run makes or stops making: removing an unrelated order or fault moves
// nothing. A recorder may watch every answer (the decision tape) and an override may answer
// instead of the seed (a replayed or edited tape, later a strategy). Kernel code: it includes
// nothing above the kernel.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sagasim {

// The kinds of choice. The names are the decision tape's words (docs/tape-format.md); never
// renumber, only add at the end.
enum class Site : uint8_t {
    KafkaLatency,     // a send's time to its append, in us
    PaymentOutcome,   // 1: the payment provider accepts, 0: declines (drawn on every attempt)
    ShipmentOutcome,  // 1: the carrier accepts
    OrderNumber,      // an order's orderNumber (128 bits)
    FreshEventId,     // a published event's eventId (64 bits)
    FaultActs,        // 1: a probabilistic fault acts on this record, commit or handler
    FaultValue,       // a value a fault draws from its range (delay `by`, slow-commit `by`)
    NemesisKind,      // index into the nemesis's `kinds`
    NemesisService,   // index into the four services
    NemesisLength,    // the window's length or the crash's restart delay, in us
    LoadGap,          // a generated arrival's gap after the previous one, in us
    LoadSku,          // index into load.skus
    LoadQuantity,
    LoadPrice,        // in cents
    TieEvent,         // which of n concurrent events due at one instant goes first (0: the first queued)
    TiePartition,     // which of a listener's n ready partitions it polls (0: the earliest append)
    NemesisStart,     // when in its interval the nemesis's next move comes, in us after the interval's start
    NemesisReplica,   // which replica a nemesis move hits (asked only of a service running several)
    RestReplica,      // which replica up takes a REST request (asked only of a service with several up)
    Count
};
inline constexpr int kSiteCount = int(Site::Count);
std::string_view site_name(Site s);  // "kafka.latency"
bool site_from_name(std::string_view name, Site& out);

// How a site's answer is held and written.
enum class ValueKind : uint8_t { Int, Bool, Bits64, Bits128, Choice };
constexpr ValueKind value_kind(Site s) {
    switch (s) {
        case Site::PaymentOutcome:
        case Site::ShipmentOutcome:
        case Site::FaultActs: return ValueKind::Bool;
        case Site::OrderNumber: return ValueKind::Bits128;
        case Site::FreshEventId: return ValueKind::Bits64;
        case Site::TieEvent:
        case Site::TiePartition: return ValueKind::Choice;
        default: return ValueKind::Int;
    }
}

// Where a choice is asked. `order` is the run's orderId the choice concerns, for people reading a
// tape or a divergence; it is not part of the key.
struct DrawKey {
    Site site = Site::KafkaLatency;
    uint64_t fault = 0;    // the fault's identity key (0: no fault)
    uint64_t subject = 0;  // the subject's identity key
    uint32_t index = 0;    // the how-many-th choice at (site, fault, subject)
    int64_t order = 0;
};

// One choice as asked and answered. Int and Choice answers lie in [lo, hi]; Bool in [0, 1].
struct Decision {
    DrawKey key;
    uint64_t hi_bits = 0;  // Bits128: the high half
    uint64_t value = 0;    // the answer (an int64 for Int, as two's complement)
    int64_t lo = 0;
    int64_t hi = 0;
    uint64_t step = 0;     // steps taken when it was asked
    // A tie.event choice: the lane of each of the n candidates, for a strategy that ranks lanes
    // (PCT); not part of the key, not on the tape. nullptr elsewhere.
    const uint32_t* lanes = nullptr;
};

// Sees every decision as it is made (the tape recorder).
class DecisionRecorder {
public:
    virtual ~DecisionRecorder() = default;
    virtual void record(const Decision& d) = 0;
};

// May answer a decision instead of the seed (a replayed tape). `d` holds the question and the
// seed's answer; return true after putting another answer in d.value (and d.hi_bits).
class DecisionOverride {
public:
    virtual ~DecisionOverride() = default;
    virtual bool answer(Decision& d) = 0;
};

class Decisions {
public:
    // A fresh run: the seed, no recorder, no override, nothing decided yet.
    void reset(uint64_t seed);
    uint64_t seed() const { return seed_; }
    uint64_t count() const { return count_; }
    void set_recorder(DecisionRecorder* r) { recorder_ = r; }
    void set_override(DecisionOverride* o) { override_ = o; }
    // Where the run counts its steps, for the tape's step column.
    void set_step_counter(const uint64_t* steps) { steps_ = steps; }

    // Uniform in [lo, hi]. A range of one value is no choice: it is returned without a decision.
    int64_t between(const DrawKey& k, int64_t lo, int64_t hi);
    // True with probability ppm / 1,000,000 (drawn even at 0 or 1,000,000: the seed calls
    // Math.random() whatever the rate, and a tape may flip the answer).
    bool chance(const DrawKey& k, uint32_t ppm);
    // An exponential gap with the given mean (Poisson arrivals), in whole units.
    int64_t exponential(const DrawKey& k, int64_t mean);
    uint64_t bits64(const DrawKey& k);
    void bits128(const DrawKey& k, uint64_t& hi, uint64_t& lo);
    // Which of n >= 2 candidates goes first. The seed's answer is 0 (the order the kernel and the
    // broker would use anyway); a tape or a strategy may choose another.
    // `lanes`, if given, names the candidates' lanes (Decision::lanes).
    uint32_t choose(const DrawKey& k, uint32_t n, const uint32_t* lanes = nullptr) {
        // Inline for the kernel's ties, a choice at most instants: unwatched, the answer is 0.
        if (n >= 2 && override_ == nullptr && recorder_ == nullptr) {
            ++count_;
            return 0;
        }
        return choose_watched(k, n, lanes);
    }

    // The seed's answer stream for a key: a generator seeded by (seed, key) alone.
    uint64_t key_hash(const DrawKey& k) const;

private:
    // Counts the decision with the seed's answer `value` (in [lo, hi]) and, if anyone watches,
    // hands it to the override and the recorder: the answer they leave.
    uint64_t answer(const DrawKey& k, uint64_t value, int64_t lo, int64_t hi, const uint32_t* lanes = nullptr) {
        ++count_;
        if (override_ == nullptr && recorder_ == nullptr) return value;
        Decision d{k, 0, value, lo, hi, 0, lanes};
        return watched(d);
    }
    uint64_t watched(Decision& d);
    uint32_t choose_watched(const DrawKey& k, uint32_t n, const uint32_t* lanes);

    uint64_t seed_ = 0;
    // mix64(seed, site + 1) and that mixed with fault 0: the first words of key_hash, per site,
    // computed once per run.
    std::array<uint64_t, kSiteCount> site_base_{};
    std::array<uint64_t, kSiteCount> site_no_fault_{};
    uint64_t count_ = 0;
    const uint64_t* steps_ = nullptr;
    DecisionRecorder* recorder_ = nullptr;
    DecisionOverride* override_ = nullptr;
};

}  // namespace sagasim
