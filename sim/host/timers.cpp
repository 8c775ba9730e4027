// Setting, re-arming and firing saga timeouts.
#include "sim/host/timers.hpp"

#include "sim/host/handlers.hpp"

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

void Timers::arm(OrderId order, SimTime at, uint64_t cause) {
    step(order, TimerNote::Set, cause);
    w_.queue.push(at, kEvTimer, 0, uint64_t(order), kLaneTimers);
}

void Timers::set(OrderId order, uint64_t cause) { arm(order, w_.now() + *w_.sc.design.saga_timeout, cause); }

void Timers::rearm(OrderId order, Duration after, uint64_t cause) { arm(order, w_.now() + after, cause); }

void Timers::fire(OrderId order) {
    if (w_.service_down(Service::Order)) {
        // The deadline is kept in the database; the task runs again once the service is back.
        w_.queue.push(w_.now() + Duration::seconds(1), kEvTimer, 0, uint64_t(order), kLaneTimers);
        return;
    }
    w_.handlers->start_timeout_task(order, step(order, TimerNote::Fired, 0));
}

}  // namespace sagasim
