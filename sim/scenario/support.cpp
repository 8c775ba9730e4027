// The "is it implemented yet" answers of support.hpp. Every fault runs; non-seed designs arrive
// with later work; invariants follow sim/check/catalog.
#include "sim/scenario/support.hpp"

namespace sagasim {

bool fault_supported(FaultKind) {
    // Every fault of the catalogue runs (sim/broker/message_faults, sim/host/process_faults).
    return true;
}

bool design_supported(const Design& design) { return design.is_seed(); }

bool invariant_supported(const InvariantInfo& info) { return info.implemented; }

}  // namespace sagasim
