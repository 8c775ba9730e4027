// Money as integer cents, the way the seed's NUMERIC(19,2) columns hold it. Parsing of the
// scenario's "49.99" strings lives in the loader; this header only formats and multiplies.
#pragma once

#include <cstdint>
#include <string>

namespace sagasim {

struct Money {
    int64_t cents = 0;
    constexpr auto operator<=>(const Money&) const = default;
    // "49.90", "-0.05": always two decimals, as BigDecimal with scale 2 prints.
    std::string str() const;
};

// price x quantity, as the payment service computes the amount (§6).
constexpr Money times(Money price, int64_t quantity) { return Money{price.cents * quantity}; }

}  // namespace sagasim
