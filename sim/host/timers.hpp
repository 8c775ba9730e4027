// The saga timeout of a hardened design (`saga-timeout`): when an order is created, a deadline is
// kept with it in the database; when it passes, the order service's timeout task fails the order
// if it is not terminal and publishes its compensation. The deadline survives a crash: a task
// that died with its process runs again at another replica's next scan (or, with none up, once
// the service is back), and a deadline that passed while the service was down once it is back.
// Each setting and firing is a Timer step. Under design timeouts: fenced the deadline is set again
// after each cancel request, until the order is terminal.
#pragma once

#include <cstdint>

#include "sim/host/world.hpp"

namespace sagasim {

// How often each order replica's scheduler looks for deadlines that passed: a deadline met while
// the service was down, or whose task died with its replica, is taken up at the next look.
inline constexpr Duration kDeadlineScan = Duration::seconds(1);

class Timers {
public:
    explicit Timers(World& w) : w_(w) {}
    // Order `order` was created (step `cause`): its deadline is set. Under design timeouts:
    // fenced a timeout that asked for a cancel sets the next deadline, round `round`.
    void set(OrderId order, uint64_t cause, uint16_t round = 0);
    // The timeout task of `order` died in a crash (step `cause`): it runs again `after` from now.
    void rearm(OrderId order, uint16_t round, Duration after, uint64_t cause);
    // A kEvTimer event went off (its argument: the order and the round).
    void fire(uint64_t arg);

private:
    void arm(OrderId order, uint16_t round, SimTime at, uint64_t cause);
    uint64_t step(OrderId order, TimerNote note, uint64_t cause);
    World& w_;
};

}  // namespace sagasim
