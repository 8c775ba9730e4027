// When faults may act (scenario-format.md, "Phases"). The fault phase lasts until `run.until`;
// without it, until the sagas of the client requests fall quiet after the last request (nothing
// pending anywhere), or 10 minutes of virtual time after that request, whichever comes first.
// Then the heal phase begins: no fault starts or acts any more, open windows end, and the run
// drains (Jepsen's and TigerBeetle's liveness mode). The run decides when the phase ends; the
// message and process faults ask whether it is still on.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/kernel/time.hpp"

namespace sagasim {

// Why the fault phase ended. Never renumber: a PhaseEnd step carries it.
enum class PhaseEnd : uint8_t {
    None,   // not yet
    Until,  // run.until came
    Quiet,  // the last client request was made and nothing was pending any more
    Cap,    // 10 minutes after the last client request, with work still pending
};
std::string_view phase_end_name(PhaseEnd e);

// Without run.until, the fault phase lasts at most this long after the last client request.
inline constexpr Duration kFaultPhaseCap = Duration::seconds(600);

class FaultPhase {
public:
    explicit FaultPhase(std::optional<SimTime> until) : until_(until) {}
    bool active(SimTime now) const { return why_ == PhaseEnd::None && (!until_ || now < *until_); }
    // The run ends the phase at `at`.
    void end(SimTime at, PhaseEnd why) {
        at_ = at;
        why_ = why;
    }
    bool ended() const { return why_ != PhaseEnd::None; }
    SimTime ended_at() const { return at_; }
    PhaseEnd why() const { return why_; }
    const std::optional<SimTime>& until() const { return until_; }
    void reset() {
        why_ = PhaseEnd::None;
        at_ = SimTime{};
    }

private:
    std::optional<SimTime> until_;
    PhaseEnd why_ = PhaseEnd::None;
    SimTime at_;
};

inline std::string_view phase_end_name(PhaseEnd e) {
    switch (e) {
        case PhaseEnd::None: return "none";
        case PhaseEnd::Until: return "until";
        case PhaseEnd::Quiet: return "quiet";
        case PhaseEnd::Cap: return "cap";
    }
    return "?";
}

}  // namespace sagasim
