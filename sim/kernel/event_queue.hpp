// The simulation's event queue: a binary min-heap ordered by (time, seq), where seq is a counter
// bumped on every push, so events at the same virtual time run first-in first-out. An event is a
// small plain record (kind, target, argument) that the run dispatches; no closures, no
// allocation per event. The queue checks itself: time never goes back, and its books balance.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/kernel/time.hpp"

namespace sagasim {

struct QueuedEvent {
    SimTime time;
    uint64_t seq = 0;
    uint32_t kind = 0;
    uint32_t target = 0;
    uint64_t arg = 0;
};

class EventQueue {
public:
    // Schedules an event at `t`; `t` must not be before now().
    void push(SimTime t, uint32_t kind, uint32_t target, uint64_t arg);
    bool empty() const { return heap_.empty(); }
    size_t size() const { return heap_.size(); }
    // Time of the next event; the queue must not be empty.
    SimTime next_time() const { return heap_.front().time; }
    // Removes the earliest event and moves now() to its time.
    QueuedEvent pop();
    SimTime now() const { return now_; }
    const int64_t* now_us_ptr() const { return &now_.us; }
    uint64_t pushed() const { return next_seq_; }
    uint64_t popped() const { return popped_; }

private:
    static bool before(const QueuedEvent& a, const QueuedEvent& b) {
        return a.time.us < b.time.us || (a.time.us == b.time.us && a.seq < b.seq);
    }
    std::vector<QueuedEvent> heap_;
    SimTime now_;
    uint64_t next_seq_ = 0;
    uint64_t popped_ = 0;
};

}  // namespace sagasim
