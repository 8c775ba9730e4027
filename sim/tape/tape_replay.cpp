// Matching the run's decisions against the tape's.
#include "sim/tape/tape_replay.hpp"

#include <fmt/format.h>

namespace sagasim {

TapeReplay::TapeReplay(const Tape& tape, const std::vector<FaultIdentity>& faults) : tape_(tape), faults_(faults) {
    for (const std::string& id : tape.fault_ids) {
        uint64_t key = 0;
        for (const FaultIdentity& f : faults)
            if (f.id == id) key = f.key;
        fault_keys_.push_back(key);
    }
}

std::string TapeReplay::describe(Site site, uint64_t fault_key, const std::string& fault_id, int64_t order) const {
    std::string s(site_name(site));
    if (fault_key != 0 || !fault_id.empty()) {
        std::string id = fault_id;
        if (id.empty())
            for (const FaultIdentity& f : faults_)
                if (f.key == fault_key) id = f.id;
        s += fmt::format(" of fault '{}'", id);
    }
    if (order != 0) s += fmt::format(" for order {}", order);
    return s;
}

void TapeReplay::diverge(std::string why) {
    diverged_ = true;
    why_ = std::move(why);
}

bool TapeReplay::answer(Decision& d) {
    if (diverged_) return false;
    const uint64_t number = next_ + 1;
    // The words of a divergence are made only when there is one.
    const auto asked = [&] { return describe(d.key.site, d.key.fault, "", d.key.order); };
    if (next_ >= tape_.entries.size()) {
        diverge(fmt::format("decision {}: the tape ends after {} decisions, the run asks for {}", number,
                            tape_.entries.size(), asked()));
        return false;
    }
    const TapeEntry& e = tape_.entries[next_];
    const uint64_t fault_key = e.fault ? fault_keys_[e.fault - 1] : 0;
    const auto where = [&] { return fmt::format("decision {} ({}:{})", number, tape_.path, e.line); };
    if (e.site != d.key.site || (e.fault != 0) != (d.key.fault != 0) || fault_key != d.key.fault ||
        e.subject != d.key.subject || e.index != d.key.index) {
        const std::string fault_id = e.fault ? tape_.fault_ids[e.fault - 1] : std::string();
        diverge(fmt::format("{}: the tape has {}, the run asks for {}", where(),
                            describe(e.site, fault_key, fault_id, e.order), asked()));
        return false;
    }
    switch (value_kind(e.site)) {
        case ValueKind::Choice:
            if (e.candidates != uint64_t(d.hi) + 1) {
                diverge(fmt::format("{}: the tape chose among {} candidates for {}, the run has {}", where(),
                                    e.candidates, asked(), d.hi + 1));
                return false;
            }
            break;
        case ValueKind::Int:
            if (int64_t(e.value) < d.lo || int64_t(e.value) > d.hi) {
                diverge(fmt::format("{}: the tape's {} for {} is outside [{}, {}]", where(), int64_t(e.value),
                                    asked(), d.lo, d.hi));
                return false;
            }
            break;
        default: break;
    }
    d.value = e.value;
    d.hi_bits = e.hi_bits;
    ++next_;
    return true;
}

std::string TapeReplay::divergence() const {
    if (diverged_) return why_;
    if (next_ < tape_.entries.size())
        return fmt::format("the run made {} decisions and stopped; the tape has {} (from {}:{} on, none was asked)",
                           next_, tape_.entries.size(), tape_.path, tape_.entries[next_].line);
    return {};
}

}  // namespace sagasim
