// Formatting of Money.
#include "services/common/money.hpp"

#include <fmt/format.h>

namespace sagasim {

std::string Money::str() const {
    const bool neg = cents < 0;
    const uint64_t a = neg ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
    return fmt::format("{}{}.{:02}", neg ? "-" : "", a / 100, a % 100);
}

}  // namespace sagasim
