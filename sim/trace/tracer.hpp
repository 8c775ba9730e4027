// The step trace of one run (docs/trace-format.md). Every step feeds the run's digest and a ring
// of the most recent steps (for causal histories); when asked (--trace) it is also written as one
// JSON line, between a header record and a footer record that the run writes. Recording costs a
// few multiplications when nobody asked for the JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "services/common/sku_table.hpp"
#include "sim/faults/fault_table.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

class Tracer {
public:
    // `skus` and `faults` name SKUs and faults in the JSON; both outlive the tracer.
    Tracer(const SkuTable& skus, const std::vector<FaultIdentity>& faults) : skus_(skus), faults_(faults) {}
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    // A fresh run, written as JSON lines to `file` if it is set (open for writing; not owned).
    void reset(std::FILE* file);
    bool writing() const { return out_ != nullptr; }
    // Writes one line that is not a step (the header and the footer).
    void write_line(const std::string& json_line);

    // Records step number `id` (the steps of a run are numbered 1, 2, ...).
    void record(uint64_t id, const Step& s);
    // The digest of every step so far, as 16 hex digits.
    std::string digest_hex() const;
    uint64_t digest() const;
    // The causal history of a step: the step itself, then the step that caused it, and so on,
    // while they are among the last kRecent steps (at most `max` of them): their numbers, and the
    // steps (without their pointers, so without the writes of commits).
    void history(uint64_t step, size_t max, std::vector<uint64_t>& ids, std::vector<Step>& steps) const;

    static constexpr size_t kRecent = size_t(1) << 14;

    // Step number `id` as its JSON line, newline included.
    void render_json(uint64_t id, const Step& s, std::string& line) const;

private:
    uint64_t hash_rest(uint64_t h, const Step& s) const;
    void write_step(uint64_t id, const Step& s);
    // One word into a chain: a bijection of the word for a given chain (so any change of one field
    // changes the state), cheap enough for every step; the digest's final avalanche mixes the rest.
    static uint64_t fold(uint64_t h, uint64_t v) {
        h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
        return h ^ (h >> 29);
    }

    const SkuTable& skus_;
    const std::vector<FaultIdentity>& faults_;
    uint64_t count_ = 0;
    uint64_t h_ = 0, h2_ = 0;
    std::FILE* out_ = nullptr;
    std::string line_;
    mutable fmt::memory_buffer buf_;  // where a JSON line is built
    // The last kRecent steps, for causal histories: O(1) memory. A slot keeps a step's bytes
    // before its pointers (not its pointers: 80 bytes, not 112) and its stamp. Steps are numbered
    // anew in each run; `base_` makes the stamps unique across runs of one tracer, so a new run
    // never sees an old run's steps.
    static constexpr size_t kKeptBytes = offsetof(Step, event);
    struct KeptStep {
        alignas(Step) unsigned char bytes[kKeptBytes];
        uint64_t stamp;
    };
    std::vector<KeptStep> recent_;
    uint64_t base_ = 0;
};

// The eventId as the trace prints it: a version-4 UUID derived from the id alone.
std::string event_uuid(uint64_t event_id);

// The ring keeps a step's fields before `event`: the pointers must stay last in Step.
static_assert(std::is_trivially_copyable_v<Step> && offsetof(Step, event) < offsetof(Step, writes) &&
              offsetof(Step, writes) < offsetof(Step, violation) &&
              offsetof(Step, violation) + sizeof(const void*) == sizeof(Step));

// Hot: every step of a run passes here, so it is inlined into the run's fan-out.
inline void Tracer::record(uint64_t id, const Step& s) {
    count_ = id;
    // Two independent chains, so the multiplications overlap.
    uint64_t a = h_, b = h2_;
    a = fold(a, uint64_t(s.time.us));
    b = fold(b, uint64_t(s.kind) | uint64_t(s.service) << 8 | uint64_t(s.topic) << 16 | uint64_t(s.event_type) << 24 |
                    uint64_t(s.note) << 32 | uint64_t(s.status_from) << 40 | uint64_t(s.status_to) << 48 |
                    uint64_t(s.outcome) << 56);
    a = fold(a, uint64_t(s.lane) | uint64_t(s.fault_kind) << 16 | uint64_t(s.copy) << 24 | uint64_t(s.partition) << 32);
    b = fold(b, uint64_t(s.attempt) | uint64_t(s.count) << 32);
    a = fold(a, s.offset);
    b = fold(b, uint64_t(s.order));
    a = fold(a, s.event_id);
    b = fold(b, s.cause ^ (s.link << 32));
    if (s.fault != 0 || !s.writes.empty() || s.violation != nullptr || s.kind == StepKind::Send ||
        s.kind == StepKind::Inject)
        a = hash_rest(a, s);
    h_ = a;
    h2_ = b;
    const uint64_t stamp = base_ + id;
    const size_t slot = size_t(stamp & (kRecent - 1));
    // The step without its pointers: the fields before `event`.
    KeptStep& kept = recent_[slot];
    std::memcpy(kept.bytes, &s, kKeptBytes);
    kept.stamp = stamp;
    if (out_ != nullptr) write_step(id, s);
}

}  // namespace sagasim
