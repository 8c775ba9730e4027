// Setting, re-arming and firing saga timeouts.
#include "sim/host/timers.hpp"

#include "sim/host/handlers.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {

uint64_t Timers::step(OrderId order, TimerNote note, uint64_t cause) {
    Step s;
    s.kind = StepKind::Timer;
    s.lane = w_.lanes.saga_timeout();
    s.service = uint8_t(Service::Order);
    s.order = order;
    s.note = uint8_t(note);
    s.cause = cause;
    return w_.emit(s);
}

namespace {

// A timer event's argument: the order id below bit 48, the round above.
constexpr int kRoundShift = 48;
uint64_t timer_arg(OrderId order, uint16_t round) { return uint64_t(order) | uint64_t(round) << kRoundShift; }

}  // namespace

void Timers::arm(OrderId order, uint16_t round, SimTime at, uint64_t cause) {
    SIM_ASSERT(uint64_t(order) < 1ULL << kRoundShift, "order id {} beyond the timer's range", order);
    step(order, TimerNote::Set, cause);
    w_.queue.push(at, kEvTimer, 0, timer_arg(order, round), kLaneTimers);
}

void Timers::set(OrderId order, uint64_t cause, uint16_t round) {
    arm(order, round, w_.now() + *w_.sc.design.saga_timeout, cause);
}

void Timers::rearm(OrderId order, uint16_t round, Duration after, uint64_t cause) {
    arm(order, round, w_.now() + after, cause);
}

void Timers::fire(uint64_t arg) {
    const OrderId order = OrderId(arg & ((1ULL << kRoundShift) - 1));
    const auto round = uint16_t(arg >> kRoundShift);
    if (w_.service_down(Service::Order)) {
        // The deadline is kept in the database; the task runs again once the service is back.
        w_.queue.push(w_.now() + kDeadlineScan, kEvTimer, 0, arg, kLaneTimers);
        return;
    }
    w_.handlers->start_timeout_task(order, round, step(order, TimerNote::Fired, 0));
}

}  // namespace sagasim
