// How many choices a subject has made at a site: the `index` of the next DrawKey. A flat
// open-addressing table from a 64-bit key (site, fault and subject mixed) to a count, cleared in
// O(1) between runs by a generation stamp. Lookup only, never iterated, so its order can never
// reach the schedule or the output. Callers with a dense subject (an orderId) keep their own
// counters and use this for the rest.
#pragma once

#include <cstdint>
#include <vector>

namespace sagasim {

class DrawCounters {
public:
    // Forgets every count (the table keeps its memory).
    void reset() {
        if (++generation_ == 0) {  // the stamp wrapped: clear for real
            for (Slot& s : slots_) s.generation = 0;
            generation_ = 1;
        }
        size_ = 0;
    }
    // The count for `key`, then one more.
    uint32_t next(uint64_t key) {
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        for (size_t i = index(key);; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.generation != generation_) {
                s = Slot{key, 1, generation_};
                ++size_;
                return 0;
            }
            if (s.key == key) return s.count++;
        }
    }

private:
    struct Slot {
        uint64_t key = 0;
        uint32_t count = 0;
        uint32_t generation = 0;
    };
    size_t index(uint64_t key) const { return size_t((key * 0x9e3779b97f4a7c15ULL) >> 20) & mask_; }
    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
        mask_ = slots_.size() - 1;
        const uint32_t live = generation_;
        size_ = 0;
        for (const Slot& s : old) {
            if (s.generation != live) continue;
            for (size_t i = index(s.key);; i = (i + 1) & mask_) {
                if (slots_[i].generation != live) {
                    slots_[i] = s;
                    ++size_;
                    break;
                }
            }
        }
    }

    std::vector<Slot> slots_;
    size_t mask_ = 0;
    size_t size_ = 0;
    uint32_t generation_ = 1;
};

}  // namespace sagasim
