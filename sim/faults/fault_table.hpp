// The identities of a scenario's faults. A fault's draws are keyed by its identity, never by its
// position in the list, so adding, removing or moving another fault leaves its choices where they
// were. The identity is the fault's `id:` when it has one; otherwise it is derived from the
// fault's content (kind and parameters, as parsed), so the same fault written anywhere in the
// file is the same fault; identical faults are told apart by their order among themselves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace sagasim {

struct FaultIdentity {
    uint64_t key = 0;  // the DrawKey::fault of its draws (never 0)
    std::string id;    // as traces, tapes and summaries name it: the `id:`, or "<kind>-<8 hex>"
};

// One entry per scenario.faults entry, in file order.
std::vector<FaultIdentity> fault_identities(const std::vector<FaultSpec>& faults);

// The canonical text of a fault's content, whose hash is its derived identity.
std::string fault_content(const FaultSpec& f);

}  // namespace sagasim
