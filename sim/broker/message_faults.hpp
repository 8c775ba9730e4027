// The message faults of a scenario (scenario-format.md, "Faults"): what the broker does to a record
// as it is sent. Each fault narrows itself by topic, order, nth matching record, time window and
// probability (drawn from the fault's own seeded stream), and acts only in the fault phase
// (before `run.until`). The broker model applies the verdict:
//   drop       the record is never appended (lost for every consumer group); the producer's ack
//              still comes, as when a broker loses an acknowledged write;
//   reorder    the append is postponed by `window`, so later records of the partition overtake it;
//   delay      the record is appended on time but reaches its consumers (one service's, or all)
//              `by` later; records behind it in its partition wait too (offset order);
//   duplicate  the same record (same eventId) is appended again right after it;
//   republish  a second copy with a fresh eventId is appended right after it.
#pragma once

#include <cstdint>
#include <vector>

#include "services/common/events.hpp"
#include "services/common/service_design.hpp"
#include "sim/host/fault_phase.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/kernel/time.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

struct MessageVerdict {
    bool drop = false;
    Duration append_later;          // reorder
    Duration hold;                  // delay, for the consumers in hold_mask
    uint8_t hold_mask = 0;          // bit i: the i-th listener of the topic (0: none)
    uint8_t duplicates = 0;         // extra copies with the same eventId
    uint8_t duplicate_mask = 0xff;  // which listeners see the duplicates
    uint8_t republishes = 0;        // extra copies with fresh eventIds
    // The faults that acted, for the trace (index into scenario.faults).
    std::vector<uint16_t> fired;
    bool any() const { return !fired.empty(); }
};

class MessageFaults {
public:
    MessageFaults(const Scenario& scenario, uint64_t seed, const FaultPhase& phase, const ServiceDesign& design);
    bool empty() const { return faults_.empty(); }
    // The verdict for a record of `topic` about to be sent at `now`.
    MessageVerdict judge(const Event& e, TopicId topic, SimTime now);

private:
    struct Active {
        const FaultSpec* spec;
        uint16_t index;
        uint64_t matched = 0;  // records that matched the narrowing so far (for `nth`)
        Rng rng;
    };
    std::vector<Active> faults_;
    const FaultPhase& phase_;
    ServiceDesign design_;
};

// The bit of `service` among the listeners of `topic` (consumers_of order), or 0.
uint8_t listener_bit(Topic topic, Service service, const ServiceDesign& design);

}  // namespace sagasim
