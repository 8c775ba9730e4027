// Formatting of virtual time for traces, summaries and error messages.
#include "sim/kernel/time.hpp"

#include <fmt/format.h>

namespace sagasim {

std::string format_duration(Duration d) {
    const int64_t v = d.us;
    if (v != 0 && v % 3600000000LL == 0) return fmt::format("{}h", v / 3600000000LL);
    if (v != 0 && v % 60000000LL == 0) return fmt::format("{}m", v / 60000000LL);
    if (v != 0 && v % 1000000 == 0) return fmt::format("{}s", v / 1000000);
    if (v != 0 && v % 1000 == 0) return fmt::format("{}ms", v / 1000);
    return fmt::format("{}us", v);
}

std::string format_time(SimTime t) {
    const int64_t v = t.us;
    const char* sign = v < 0 ? "-" : "";
    const uint64_t a = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
    return fmt::format("{}{}.{:06}s", sign, a / 1000000, a % 1000000);
}

}  // namespace sagasim
