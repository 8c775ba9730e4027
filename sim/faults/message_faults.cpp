// Matching of message faults, and their decisions.
#include "sim/faults/message_faults.hpp"

#include <algorithm>

#include "sim/kernel/rng.hpp"

namespace sagasim {

uint8_t listener_bit(Topic topic, Service service, const ServiceDesign& design) {
    const Consumers c = consumers_of(topic, design);
    for (uint8_t i = 0; i < c.count; ++i)
        if (c.list[i] == service) return uint8_t(1u << i);
    return 0;
}

MessageFaults::MessageFaults(const Scenario& sc, const std::vector<FaultIdentity>& ids, const FaultPhase& phase,
                             const ServiceDesign& design, FaultLedger& ledger)
    : phase_(phase), design_(design), ledger_(ledger) {
    for (size_t i = 0; i < sc.faults.size(); ++i) {
        const FaultSpec& f = sc.faults[i];
        switch (f.kind) {
            case FaultKind::Delay:
            case FaultKind::Duplicate:
            case FaultKind::Republish:
            case FaultKind::Drop:
            case FaultKind::Reorder: faults_.push_back(Active{&f, ids[i].key, uint16_t(i), 0}); break;
            default: break;
        }
    }
}

void MessageFaults::reset() {
    for (Active& a : faults_) a.matched = 0;
    counters_.reset();
}

bool MessageFaults::narrows_to(const Active& a, const Event& e, Topic topic, SimTime now, uint8_t* mask) const {
    const FaultSpec& f = *a.spec;
    if (!f.all_topics && std::find(f.topics.begin(), f.topics.end(), topic) == f.topics.end()) return false;
    // republish on "*": every topic where it has a mechanism, so not order-placed-topic (the loader
    // refuses it named).
    if (f.kind == FaultKind::Republish && topic == Topic::OrderPlaced) return false;
    if (f.order && e.order_id != OrderId(*f.order)) return false;
    if (f.from && now < *f.from) return false;
    if (f.to && now >= *f.to) return false;
    *mask = 0xff;
    if (f.service) {
        *mask = listener_bit(topic, *f.service, design_);
        if (*mask == 0) return false;
    }
    return true;
}

void MessageFaults::note_late(const Event& e, Topic topic, SimTime now) {
    uint8_t mask = 0;
    for (const Active& a : faults_)
        if (ledger_.wants_late(a.index) && narrows_to(a, e, topic, now, &mask)) ledger_.late(a.index, now);
}

void MessageFaults::judge(const Event& e, TopicId topic_id, SimTime now, const DrawSubject& who, Decisions& d,
                          MessageVerdict& v) {
    v.clear();
    if (topic_id >= kBusinessTopicCount) return;  // nothing happens to dead-letter records
    const Topic topic = Topic(topic_id);
    if (!phase_.active(now)) {  // the heal phase
        if (ledger_.any_wants_late()) note_late(e, topic, now);
        return;
    }
    for (Active& a : faults_) {
        const FaultSpec& f = *a.spec;
        uint8_t mask = 0xff;
        if (!narrows_to(a, e, topic, now, &mask)) continue;
        ++a.matched;
        ledger_.matched(a.index);
        if (f.nth && a.matched != *f.nth) continue;
        // The k-th record of this order that this fault matched: its draws' index.
        const uint32_t k = counters_.next(mix64(a.key, who.key));
        const auto key = [&](Site s) { return DrawKey{s, a.key, who.key, k, who.order}; };
        // Without a probability, a narrowed fault always acts; a bare one too.
        if (f.probability && !d.chance(key(Site::FaultActs), *f.probability)) continue;
        v.fired.push_back(a.index);
        switch (f.kind) {
            case FaultKind::Drop: v.drop = true; break;
            case FaultKind::Reorder: v.append_later = std::max(v.append_later, *f.window); break;
            case FaultKind::Delay: {
                const Range<Duration> by = *f.by;
                const Duration dd{d.between(key(Site::FaultValue), by.min.us, by.max.us)};
                v.hold = std::max(v.hold, dd);
                v.hold_mask |= mask;
                break;
            }
            case FaultKind::Duplicate:
                ++v.duplicates;
                v.duplicate_mask = mask;
                break;
            case FaultKind::Republish: ++v.republishes; break;
            default: break;
        }
    }
}

}  // namespace sagasim
