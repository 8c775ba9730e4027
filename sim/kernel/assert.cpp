// The failure path of SIM_ASSERT.
#include "sim/kernel/assert.hpp"

namespace sagasim {

AssertContext& assert_context() {
    thread_local AssertContext ctx;
    return ctx;
}

void sim_assert_fail(const char* expr, const char* file, int line, const std::string& message) {
    const AssertContext& c = assert_context();
    const std::string when = c.now_us ? fmt::format(" at t={}us seed={}", *c.now_us, c.seed) : std::string();
    throw InternalError(fmt::format("internal error: assertion '{}' failed at {}:{}{}: {}", expr, file, line, when,
                                    message));
}

}  // namespace sagasim
