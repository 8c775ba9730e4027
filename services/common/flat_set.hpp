// A compact open-addressing hash set of non-zero 64-bit keys, for the processed-event tables
// (event_id primary keys). Robin Hood linear probing: a key never sits farther from its home slot
// than a key it passed, so a lookup stops as soon as it meets a key nearer its home than the one
// sought would be; that keeps lookups short up to 15/16 full (8.5 to 17 bytes a key). Used for
// lookup only, never iterated, so its layout can never reach the schedule or the output.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace sagasim {

class FlatSet64 {
public:
    bool contains(uint64_t key) const {
        if (slots_.empty()) return false;
        size_t i = home(key);
        for (size_t dist = 0;; ++dist, i = (i + 1) & mask_) {
            const uint64_t k = slots_[i];
            if (k == key) return true;
            if (k == 0 || distance(k, i) < dist) return false;
        }
    }
    // Returns false if the key was already present. Key 0 is reserved for "empty".
    bool insert(uint64_t key) {
        if (contains(key)) return false;
        if ((size_ + 1) * 16 > slots_.size() * 15) grow(slots_.empty() ? 64 : slots_.size() * 2);
        place(key);
        ++size_;
        return true;
    }
    size_t size() const { return size_; }
    size_t slots() const { return slots_.size(); }
    // Room for n keys without growing.
    void reserve(size_t n) {
        size_t want = 64;
        while (want * 15 < n * 16) want *= 2;
        if (want > slots_.size()) grow(want);
    }

private:
    // Fibonacci hashing: the top bits of the product, so that keys that differ in any bits spread.
    size_t home(uint64_t key) const { return size_t((key * 0x9e3779b97f4a7c15ULL) >> shift_); }
    size_t distance(uint64_t key, size_t at) const { return (at - home(key)) & mask_; }
    // Puts an absent key in: it takes the slot of the first key nearer its home than it is, and
    // that key moves on in its place.
    void place(uint64_t key) {
        size_t i = home(key);
        for (size_t dist = 0;; ++dist, i = (i + 1) & mask_) {
            uint64_t& s = slots_[i];
            if (s == 0) {
                s = key;
                return;
            }
            const size_t d = distance(s, i);
            if (d < dist) {
                std::swap(s, key);
                dist = d;
            }
        }
    }
    void grow(size_t slots) {
        std::vector<uint64_t> old;
        old.swap(slots_);
        slots_.assign(slots, 0);
        mask_ = slots - 1;
        shift_ = 64;
        for (size_t s = slots; s > 1; s >>= 1) --shift_;
        for (uint64_t k : old)
            if (k != 0) place(k);
    }

    std::vector<uint64_t> slots_;
    size_t mask_ = 0;
    unsigned shift_ = 64;
    size_t size_ = 0;
};

}  // namespace sagasim
