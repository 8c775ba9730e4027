// How each fault of a run met its chances, for the fault accounting of the summary
// (scenario-format.md, "Phases": every fault says how often it acted; one that never acted is
// warned about, with the reason where it is known). The message and process faults note here
// what they matched while the fault phase was on (a record, a commit, a handler at its crash
// point) and the first time something they narrow to came after the phase had ended; the crash
// of a service that was down already. How often a fault acted is counted from the step stream.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/kernel/time.hpp"

namespace sagasim {

struct FaultChances {
    uint64_t matched = 0;               // what it narrows to, met in the fault phase
    std::optional<SimTime> first_late;  // the first such thing met after the phase ended
    uint64_t already_down = 0;          // crashes that found their service down already
};

class FaultLedger {
public:
    void reset(size_t faults) {
        chances_.assign(faults, FaultChances{});
        open_ = faults;
    }
    void matched(uint16_t fault) {
        FaultChances& c = chances_[fault];
        if (c.matched++ == 0 && !c.first_late) --open_;
    }
    // Something the fault narrows to came at `now`, after the phase ended.
    void late(uint16_t fault, SimTime now) {
        FaultChances& c = chances_[fault];
        if (!wants_late(fault)) return;
        c.first_late = now;
        --open_;
    }
    // Whether fault `fault` still wants to hear of late chances (it never matched in the phase).
    bool wants_late(uint16_t fault) const {
        const FaultChances& c = chances_[fault];
        return c.matched == 0 && !c.first_late;
    }
    // Whether any fault still wants to hear of late chances: the heal phase's check stays O(1)
    // once each fault has had its answer.
    bool any_wants_late() const { return open_ != 0; }
    void already_down(uint16_t fault) { ++chances_[fault].already_down; }
    const std::vector<FaultChances>& all() const { return chances_; }

private:
    std::vector<FaultChances> chances_;
    size_t open_ = 0;  // faults with neither a match nor a late chance
};

}  // namespace sagasim
