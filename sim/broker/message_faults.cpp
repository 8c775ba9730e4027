// Matching and drawing of message faults.
#include "sim/broker/message_faults.hpp"

#include <algorithm>
#include <string>

namespace sagasim {

uint8_t listener_bit(Topic topic, Service service, const ServiceDesign& design) {
    const Consumers c = consumers_of(topic, design);
    for (uint8_t i = 0; i < c.count; ++i)
        if (c.list[i] == service) return uint8_t(1u << i);
    return 0;
}

MessageFaults::MessageFaults(const Scenario& sc, uint64_t seed, const FaultPhase& phase, const ServiceDesign& design)
    : phase_(phase), design_(design) {
    for (size_t i = 0; i < sc.faults.size(); ++i) {
        const FaultSpec& f = sc.faults[i];
        switch (f.kind) {
            case FaultKind::Delay:
            case FaultKind::Duplicate:
            case FaultKind::Republish:
            case FaultKind::Drop:
            case FaultKind::Reorder:
                faults_.push_back(Active{&f, uint16_t(i), 0, Rng::stream(seed, "fault." + std::to_string(i))});
                break;
            default: break;
        }
    }
}

MessageVerdict MessageFaults::judge(const Event& e, TopicId topic_id, SimTime now) {
    MessageVerdict v;
    if (topic_id >= kBusinessTopicCount) return v;  // nothing happens to dead-letter records
    if (!phase_.active(now)) return v;               // the heal phase
    const Topic topic = Topic(topic_id);
    for (Active& a : faults_) {
        const FaultSpec& f = *a.spec;
        if (!f.all_topics && std::find(f.topics.begin(), f.topics.end(), topic) == f.topics.end()) continue;
        if (f.order && e.order_id != OrderId(*f.order)) continue;
        if (f.from && now < *f.from) continue;
        if (f.to && now >= *f.to) continue;
        uint8_t mask = 0xff;
        if (f.service) {
            mask = listener_bit(topic, *f.service, design_);
            if (mask == 0) continue;
        }
        ++a.matched;
        if (f.nth && a.matched != *f.nth) continue;
        // Without a probability, a narrowed fault always acts; a bare one too.
        if (f.probability && !a.rng.chance_ppm(*f.probability)) continue;
        v.fired.push_back(a.index);
        switch (f.kind) {
            case FaultKind::Drop: v.drop = true; break;
            case FaultKind::Reorder: v.append_later = std::max(v.append_later, *f.window); break;
            case FaultKind::Delay: {
                const Range<Duration> by = *f.by;
                const Duration d{by.min == by.max ? by.min.us : a.rng.between(by.min.us, by.max.us)};
                v.hold = std::max(v.hold, d);
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
    return v;
}

}  // namespace sagasim
