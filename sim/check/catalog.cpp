// The one catalogue table, made from the entries each checker family declares.
#include "sim/check/catalog.hpp"

#include <array>

#include "sim/check/liveness_checks.hpp"
#include "sim/check/payment_checks.hpp"
#include "sim/check/stock_checks.hpp"
#include "sim/check/transition_checks.hpp"

namespace sagasim {
namespace {

constexpr std::array<InvariantInfo, kInvCount> make_catalog() {
    std::array<InvariantInfo, kInvCount> out{};
    std::array<bool, kInvCount> set{};
    auto put = [&](std::span<const InvariantInfo> entries) {
        for (const InvariantInfo& i : entries) {
            out[size_t(i.inv)] = i;
            set[size_t(i.inv)] = true;
        }
    };
    put(kTransitionInvariants);
    put(kStockInvariants);
    put(kPaymentInvariants);
    put(kLivenessInvariants);
    for (bool b : set)
        if (!b) throw "an invariant has no family";  // a compile-time error in a constant expression
    return out;
}

constexpr std::array<InvariantInfo, kInvCount> kCatalog = make_catalog();

}  // namespace

std::span<const InvariantInfo> invariant_catalog() { return kCatalog; }

const InvariantInfo* find_invariant(std::string_view name) {
    for (const auto& i : kCatalog)
        if (i.name == name) return &i;
    return nullptr;
}

std::string_view inv_name(Inv i) { return kCatalog[size_t(i)].name; }

}  // namespace sagasim
