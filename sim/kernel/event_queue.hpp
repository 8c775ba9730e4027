// The simulation's event queue, ordered by (time, seq), where seq is a counter bumped on every
// push: a binary min-heap for events due later, and a list of the events due now, in seq order
// (an event queued for the current instant, a third of a run's, goes straight to that list: it
// would sift up to the heap's root and at once back down). An event is a small plain record
// (kind, target, argument, lane) that the run dispatches; no closures, no allocation per event.
// The queue checks itself: time never goes back, and its books balance.
//
// Events due at the same virtual time are ordered by their lanes (docs/scheduling.md). A lane is
// one thread of the system under test (a listener, a request thread, a relay) or one sequential
// source (the client, a fault's schedule): events of one lane run in the order they were queued,
// FIFO, as one thread's steps do. Events of different lanes at one instant are concurrent, and
// which goes first is a decision (Site::TieEvent) whose seed answer is the first queued: so a run
// from a seed is FIFO at equal times, and a tape or a strategy may permute the free ties. Events
// on kLaneFirst are bookkeeping that must precede everything at their instant (the begin and end
// steps of a fault window) and are never permuted.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/kernel/decisions.hpp"
#include "sim/kernel/event_list.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

inline constexpr uint32_t kLaneFirst = 0;

// 32 bytes, so the heap moves little: the kind (8 bits) and the lane (24 bits) share a word.
struct QueuedEvent {
    SimTime time;
    uint64_t seq = 0;
    uint64_t arg = 0;
    uint32_t target = 0;
    uint32_t kind_lane = 0;
    uint32_t kind() const { return kind_lane & 0xff; }
    uint32_t lane() const { return kind_lane >> 8; }
};
inline constexpr uint32_t kKindMax = 0xff;
inline constexpr uint32_t kLaneMax = 0xffffff;

class EventQueue {
public:
    // Forgets every event and goes back to time 0 (the vectors keep their memory).
    void reset();
    // Schedules an event at `t` on `lane`; `t` must not be before now(). kind <= kKindMax,
    // lane <= kLaneMax.
    void push(SimTime t, uint32_t kind, uint32_t target, uint64_t arg, uint32_t lane) {
        if (t < now_ || kind > kKindMax || lane > kLaneMax) [[unlikely]]
            push_error(t, kind, lane);
        const QueuedEvent e{t, next_seq_++, arg, target, kind | lane << 8};
        // Due now: after every event due now (they were queued before it), never before one due later.
        if (t == now_) {
            ready_.push_back(e);
            return;
        }
        // Sift up from a hole at the end.
        size_t i = heap_.size();
        heap_.push_back(e);
        while (i > 0) {
            const size_t parent = (i - 1) / 2;
            if (!before(e, heap_[parent])) break;
            heap_[i] = heap_[parent];
            i = parent;
        }
        heap_[i] = e;
    }
    bool empty() const { return heap_.empty() && ready_.empty(); }
    size_t size() const { return heap_.size() + ready_.size(); }
    // Time of the next event; the queue must not be empty.
    SimTime next_time() const { return ready_.empty() ? heap_.front().time : ready_.front().time; }
    // Removes the next event and moves now() to its time. Among concurrent events due now, the
    // choice is asked of `decisions` (nullptr: always the first queued).
    QueuedEvent pop(Decisions* decisions) {
        if (ready_.empty()) {
            if (!heap_.empty()) {
                QueuedEvent e = pop_heap();
                // The common case: nothing else is due at this instant.
                if (heap_.empty() || heap_.front().time != e.time) return popped(e);
                ready_.push_back(e);
            }
        } else if (ready_.size() == 1) {
            // The one event due now (the heap holds only later ones): no choice.
            const QueuedEvent e = ready_.front();
            ready_.clear();
            return popped(e);
        }
        return pop_tie(decisions);
    }
    SimTime now() const { return now_; }
    const int64_t* now_us_ptr() const { return &now_.us; }
    uint64_t pushed() const { return next_seq_; }
    uint64_t popped() const { return popped_; }
    uint64_t ties() const { return ties_; }

private:
    static bool before(const QueuedEvent& a, const QueuedEvent& b) {
        return a.time.us < b.time.us || (a.time.us == b.time.us && a.seq < b.seq);
    }
    QueuedEvent pop_heap();
    QueuedEvent pop_tie(Decisions* decisions);
    QueuedEvent take_ready(Decisions* decisions);
    // Moves now() to the event's time, with the queue's self-checks.
    QueuedEvent popped(const QueuedEvent& e) {
        if (e.time < now_ || popped_ + 1 + size() != next_seq_) [[unlikely]]
            books_error(e);
        now_ = e.time;
        ++popped_;
        return e;
    }
    [[noreturn]] void books_error(const QueuedEvent& e) const;
    [[noreturn]] void push_error(SimTime t, uint32_t kind, uint32_t lane) const;

    // Events due after now_ (once a pop has moved now_ to an instant, none due at it).
    EventList<QueuedEvent> heap_;
    // The events due at now_, in seq order: those taken off the heap when now_ moved to a tie's
    // instant, then those queued at it since.
    EventList<QueuedEvent> ready_;
    std::vector<uint32_t> candidates_;  // indexes into ready_: the first event of each lane
    std::vector<uint32_t> candidate_lanes_;  // and their lanes (Decision::lanes)
    std::vector<uint64_t> lane_seen_;   // per lane: the tie pass that last saw it
    uint64_t tie_pass_ = 0;
    SimTime now_;
    uint64_t next_seq_ = 0;
    uint64_t popped_ = 0;
    uint64_t ties_ = 0;
};

}  // namespace sagasim
