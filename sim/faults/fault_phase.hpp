// When faults may act: the fault phase lasts until `run.until`, or, when the scenario gives none,
// until the last client request has been made; then the heal phase begins and no new fault
// starts (Jepsen's and TigerBeetle's liveness mode). Shared by the message and process faults.
#pragma once

#include <optional>

#include "sim/kernel/time.hpp"

namespace sagasim {

class FaultPhase {
public:
    explicit FaultPhase(std::optional<SimTime> until) : until_(until) {}
    bool active(SimTime now) const { return until_ ? now < *until_ : !requests_done_; }
    // Called by the run when the last client request has been made.
    void requests_done() { requests_done_ = true; }
    void reset() { requests_done_ = false; }

private:
    std::optional<SimTime> until_;
    bool requests_done_ = false;
};

}  // namespace sagasim
