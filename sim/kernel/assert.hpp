// SIM_ASSERT: an always-on check for bugs in sagasim itself (never for bad input). A failure
// throws InternalError naming the expression, the file and line, and the virtual time and seed
// of the simulation running on this thread; the command line maps it to exit code 70.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace sagasim {

class InternalError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

// The simulation running on this thread, for assertion messages (one thread per simulation).
struct AssertContext {
    const int64_t* now_us = nullptr;
    uint64_t seed = 0;
};
AssertContext& assert_context();

[[noreturn]] void sim_assert_fail(const char* expr, const char* file, int line, const std::string& message);

}  // namespace sagasim

#define SIM_ASSERT(cond, ...)                                                                         \
    do {                                                                                              \
        if (!(cond)) [[unlikely]]                                                                     \
            ::sagasim::sim_assert_fail(#cond, __FILE__, __LINE__, ::fmt::format(__VA_ARGS__));       \
    } while (0)
