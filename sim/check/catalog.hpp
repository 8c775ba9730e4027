// The invariant catalogue of ../shared/docs/invariants.md: every name, its family, whether this
// build checks it yet, and one line of meaning (for `sagasim list invariants`). The names are a
// contract: scenarios, expect blocks and reports use them.
#pragma once

#include <span>
#include <string_view>

namespace sagasim {

enum class InvariantFamily : unsigned char { Safety, AtRest };

struct InvariantInfo {
    std::string_view name;
    InvariantFamily family;
    bool implemented;
    std::string_view meaning;
};

std::span<const InvariantInfo> invariant_catalog();
const InvariantInfo* find_invariant(std::string_view name);

}  // namespace sagasim
