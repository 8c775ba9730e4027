// Transitions: an order's status moves only along the seed's state machine (seed-behaviour.md
// §4.5); a terminal status is never left. Judged at every committed status change.
#pragma once

#include <array>

#include "sim/check/catalog.hpp"
#include "sim/check/reporter.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

inline constexpr std::array<InvariantInfo, 1> kTransitionInvariants{{
    {Inv::LegalTransition, "legal-transition", InvariantFamily::Safety,
     "an order's status moves only along the seed's state machine; a terminal status is never left"},
}};

class TransitionChecks {
public:
    explicit TransitionChecks(Reporter& r) : r_(r) {}
    void on_write(const Write& w);

private:
    Reporter& r_;
};

// The seed's state machine (§4.5), and the saga timeout's TIMED_OUT from any non-terminal status.
bool legal_transition(OrderStatus from, OrderStatus to);

}  // namespace sagasim
