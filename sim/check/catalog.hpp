// The invariant catalogue of ../shared/docs/invariants.md: every name, whether it is a safety
// invariant (judged at every step) or an at-rest one (judged when an order settles), and one line
// of meaning (for `sagasim list invariants`). Each checker family declares its own entries in its
// header; invariant_catalog() is the one table they make together, in the order of invariants.md.
// The names are a contract: scenarios, expect blocks and reports use them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sagasim {

// In the order of invariants.md (the catalogue's order).
enum class Inv : uint8_t {
    LegalTransition,
    StockNeverNegative,
    StockConserved,
    SingleReservation,
    NoPhantomStock,
    SinglePaymentOutcome,
    SingleCharge,
    ShipOnlyPaid,
    AmountMatches,
    NoLeakAfterPaymentFailure,
    NoLeakAfterFailure,
    NoChargeWithoutShipment,
    NoOversell,
    StatesAgree,
    SagaTerminates,
    Count
};
inline constexpr size_t kInvCount = size_t(Inv::Count);

enum class InvariantFamily : uint8_t { Safety, AtRest };

struct InvariantInfo {
    Inv inv;
    std::string_view name;
    InvariantFamily family;
    std::string_view meaning;
};

std::span<const InvariantInfo> invariant_catalog();
const InvariantInfo* find_invariant(std::string_view name);
std::string_view inv_name(Inv i);

}  // namespace sagasim
