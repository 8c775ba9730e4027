// What this build of sagasim can run, in one place: which fault kinds, which designs and which
// invariants. The loader parses everything scenario-format.md describes and refuses, with "not
// supported yet", whatever these say no to; whoever implements a fault or a design flips it here.
#pragma once

#include "sim/check/catalog.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

// Whether a `faults:` entry of this kind can run. Today: no fault kind can.
bool fault_supported(FaultKind kind);
// Whether a run can use this design. Today: only the seed's own (Design::is_seed()).
bool design_supported(const Design& design);
// Whether this invariant is checked by this build: the catalogue's `implemented` flag.
bool invariant_supported(const InvariantInfo& info);

}  // namespace sagasim
