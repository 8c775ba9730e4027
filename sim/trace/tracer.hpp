// The step trace of one run (docs/trace-format.md). Every step feeds the run's digest and a ring
// of the most recent steps (for causal histories); when asked (--trace) it is also written as one
// JSON line, between a header record and a footer record that the run writes. Recording costs a
// few multiplications when nobody asked for the JSON.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
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

    const SkuTable& skus_;
    const std::vector<FaultIdentity>& faults_;
    uint64_t count_ = 0;
    uint64_t h_ = 0, h2_ = 0;
    std::FILE* out_ = nullptr;
    std::string line_;
    mutable fmt::memory_buffer buf_;  // where a JSON line is built
    // The last kRecent steps (without their pointers), for causal histories: O(1) memory. Steps
    // are numbered anew in each run; `base_` makes the ring's stamps unique across runs of one
    // tracer, so a new run never sees an old run's steps.
    std::vector<Step> recent_;
    std::vector<uint64_t> recent_ids_;
    uint64_t base_ = 0;
};

// The eventId as the trace prints it: a version-4 UUID derived from the id alone.
std::string event_uuid(uint64_t event_id);

}  // namespace sagasim
