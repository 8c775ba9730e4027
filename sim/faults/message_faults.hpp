// The message faults of a scenario (scenario-format.md, "Faults"): what the broker does to a record
// as it is sent. Each fault narrows itself by topic, order, nth matching record, time window and
// probability, and acts only in the fault phase. Whether a probabilistic fault acts on a record,
// and the delay it draws, are decisions keyed by the fault's identity and the record's order (the
// k-th record of that order the fault matched), so other orders and other faults never shift
// them. The producer applies the verdict:
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
#include "sim/faults/fault_ledger.hpp"
#include "sim/faults/fault_phase.hpp"
#include "sim/faults/fault_table.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/kernel/draw_counters.hpp"
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
    std::vector<uint16_t> fired;    // the faults that acted (index into scenario.faults)
    // Nothing acts; `fired` keeps its buffer (a verdict is judged for every send).
    void clear() {
        drop = false;
        append_later = Duration{};
        hold = Duration{};
        hold_mask = 0;
        duplicates = 0;
        duplicate_mask = 0xff;
        republishes = 0;
        fired.clear();
    }
};
// clear() sets each field: a field added here must be added there (this size is the reminder).
static_assert(sizeof(MessageVerdict) == 56, "MessageVerdict changed: update clear()");

// Who a record belongs to, for the keys of its draws.
struct DrawSubject {
    uint64_t key = 0;   // the order's identity
    OrderId order = 0;  // its orderId, for people
};

class MessageFaults {
public:
    MessageFaults(const Scenario& scenario, const std::vector<FaultIdentity>& ids, const FaultPhase& phase,
                  const ServiceDesign& design, FaultLedger& ledger);
    void reset();
    // The verdict for a record of `topic` about to be sent at `now`, into `v` (cleared first).
    void judge(const Event& e, TopicId topic, SimTime now, const DrawSubject& who, Decisions& d, MessageVerdict& v);

private:
    struct Active {
        const FaultSpec* spec;
        uint64_t key;
        uint16_t index;
        uint64_t matched = 0;  // records that matched the narrowing so far (for `nth`)
    };
    // Whether the fault narrows to this record; *mask receives the listeners it acts for.
    bool narrows_to(const Active& a, const Event& e, Topic topic, SimTime now, uint8_t* mask) const;
    // After the fault phase: the faults that never matched note their first late chance.
    void note_late(const Event& e, Topic topic, SimTime now);
    std::vector<Active> faults_;
    DrawCounters counters_;
    const FaultPhase& phase_;
    ServiceDesign design_;
    FaultLedger& ledger_;
};

// The bit of `service` among the listeners of `topic` (consumers_of order), or 0.
uint8_t listener_bit(Topic topic, Service service, const ServiceDesign& design);

}  // namespace sagasim
