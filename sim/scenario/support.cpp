// The "is it implemented yet" answers of support.hpp. Every fault and every design switch runs;
// invariants follow sim/check/catalog.
#include "sim/scenario/support.hpp"

namespace sagasim {

bool fault_supported(FaultKind) {
    // Every fault of the catalogue runs (sim/broker/message_faults, sim/host/process_faults).
    return true;
}

bool design_supported(const Design&) {
    // Every switch runs: sim/host (publish modes, stable eventIds, the saga timeout) and the
    // services (early-event retries, refunds, finalized reservations).
    return true;
}

bool invariant_supported(const InvariantInfo& info) { return info.implemented; }

}  // namespace sagasim
