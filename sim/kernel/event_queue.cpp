// The heap operations of EventQueue, the resolution of ties at one instant, and the self-checks.
#include "sim/kernel/event_queue.hpp"

#include <cstdlib>

#include "sim/kernel/assert.hpp"

namespace sagasim {

void EventQueue::reset() {
    heap_.clear();
    ready_.clear();
    now_ = SimTime{};
    next_seq_ = 0;
    popped_ = 0;
    ties_ = 0;
}

void EventQueue::push_error(SimTime t, uint32_t kind, uint32_t lane) const {
    SIM_ASSERT(t >= now_, "event scheduled in the past: {} < {}", t.us, now_.us);
    SIM_ASSERT(false, "event kind {} or lane {} out of range", kind, lane);
    std::abort();
}

QueuedEvent EventQueue::pop_heap() {
    const QueuedEvent top = heap_.front();
    const QueuedEvent last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
        // Sift the last element down from the root.
        size_t i = 0;
        const size_t n = heap_.size();
        for (;;) {
            size_t child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
            if (!before(heap_[child], last)) break;
            heap_[i] = heap_[child];
            i = child;
        }
        heap_[i] = last;
    }
    return top;
}

// Inlined into pop_tie, its one caller: a tie's every event passes here.
[[gnu::always_inline]] inline QueuedEvent EventQueue::take_ready(Decisions* decisions) {
    if (ready_.size() == 1) {  // the last of a tie: no choice left
        const QueuedEvent e = ready_[0];
        ready_.clear();
        return e;
    }
    // The candidates are the first event of each lane; an event on kLaneFirst goes first.
    if (ready_.size() == 2 && ready_[0].lane() != kLaneFirst && ready_[1].lane() != kLaneFirst) {
        // The common tie: two events. Of two lanes, a choice; of one, the first queued.
        size_t pick = 0;
        if (ready_[0].lane() != ready_[1].lane()) {
            if (decisions != nullptr) {
                const uint32_t lanes[2] = {ready_[0].lane(), ready_[1].lane()};
                pick = decisions->choose(DrawKey{Site::TieEvent, 0, 0, uint32_t(ties_), 0}, 2, lanes);
            }
            ++ties_;
        }
        const QueuedEvent e = ready_[pick];
        ready_[pick] = ready_[1 - pick];
        ready_.pop_back();
        return e;
    }
    ++tie_pass_;
    candidates_.clear();
    candidate_lanes_.clear();
    size_t pick = SIZE_MAX;
    for (size_t i = 0; i < ready_.size(); ++i) {
        const uint32_t lane = ready_[i].lane();
        if (lane == kLaneFirst) {
            pick = i;
            break;
        }
        if (lane >= lane_seen_.size()) lane_seen_.resize(size_t(lane) + 1, 0);
        if (lane_seen_[lane] == tie_pass_) continue;
        lane_seen_[lane] = tie_pass_;
        candidates_.push_back(uint32_t(i));
        candidate_lanes_.push_back(lane);
    }
    if (pick == SIZE_MAX) {
        pick = candidates_[0];
        if (candidates_.size() > 1 && decisions != nullptr) {
            const uint32_t c = decisions->choose(DrawKey{Site::TieEvent, 0, 0, uint32_t(ties_), 0},
                                                 uint32_t(candidates_.size()), candidate_lanes_.data());
            pick = candidates_[c];
        }
        if (candidates_.size() > 1) ++ties_;
    }
    const QueuedEvent e = ready_[pick];
    ready_.erase_at(pick);
    return e;
}

QueuedEvent EventQueue::pop_tie(Decisions* decisions) {
    SIM_ASSERT(!empty(), "pop from an empty event queue");
    // A tie, or the rest of one: every event due at this instant. When now_ has just moved here,
    // the instant's other events are still on the heap, and join after the one just popped; an
    // event queued at the instant since went to ready_ directly.
    while (!heap_.empty() && heap_.front().time == ready_.front().time) ready_.push_back(pop_heap());
    return popped(take_ready(decisions));
}

void EventQueue::books_error(const QueuedEvent& e) const {
    SIM_ASSERT(e.time >= now_, "time went back: {} < {}", e.time.us, now_.us);
    SIM_ASSERT(false, "queue books do not balance: {} popped + {} queued != {} pushed", popped_ + 1, size(),
               next_seq_);
    std::abort();
}


}  // namespace sagasim
