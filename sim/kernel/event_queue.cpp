// The heap operations of EventQueue, with its self-checks.
#include "sim/kernel/event_queue.hpp"

#include "sim/kernel/assert.hpp"

namespace sagasim {

void EventQueue::push(SimTime t, uint32_t kind, uint32_t target, uint64_t arg) {
    SIM_ASSERT(t >= now_, "event scheduled in the past: {} < {}", t.us, now_.us);
    heap_.push_back(QueuedEvent{t, next_seq_++, kind, target, arg});
    // Sift up.
    size_t i = heap_.size() - 1;
    QueuedEvent e = heap_[i];
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        if (!before(e, heap_[parent])) break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = e;
}

QueuedEvent EventQueue::pop() {
    SIM_ASSERT(!heap_.empty(), "pop from an empty event queue");
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
    SIM_ASSERT(top.time >= now_, "time went back: {} < {}", top.time.us, now_.us);
    now_ = top.time;
    ++popped_;
    SIM_ASSERT(popped_ + heap_.size() == next_seq_, "queue books do not balance: {} popped + {} queued != {} pushed",
               popped_, heap_.size(), next_seq_);
    return top;
}

}  // namespace sagasim
