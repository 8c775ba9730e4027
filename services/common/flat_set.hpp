// A compact open-addressing hash set of non-zero 64-bit keys, for the processed-event tables
// (event_id primary keys). Filled up to 80% (about 10 to 20 bytes a key); used for lookup only,
// never iterated, so its order can never reach the schedule or the output.
#pragma once

#include <cstdint>
#include <vector>

namespace sagasim {

class FlatSet64 {
public:
    bool contains(uint64_t key) const {
        if (slots_.empty()) return false;
        for (size_t i = index(key);; i = (i + 1) & mask_) {
            if (slots_[i] == key) return true;
            if (slots_[i] == 0) return false;
        }
    }
    // Returns false if the key was already present. Key 0 is reserved for "empty".
    bool insert(uint64_t key) {
        if ((size_ + 1) * 5 > slots_.size() * 4) grow(slots_.empty() ? 64 : slots_.size() * 2);
        for (size_t i = index(key);; i = (i + 1) & mask_) {
            if (slots_[i] == key) return false;
            if (slots_[i] == 0) {
                slots_[i] = key;
                ++size_;
                return true;
            }
        }
    }
    size_t size() const { return size_; }
    // Room for n keys without growing.
    void reserve(size_t n) {
        size_t want = 64;
        while (want * 4 < n * 5) want *= 2;
        if (want > slots_.size()) grow(want);
    }

private:
    size_t index(uint64_t key) const {
        uint64_t h = key * 0x9e3779b97f4a7c15ULL;
        return size_t(h >> 20) & mask_;
    }
    void grow(size_t slots) {
        std::vector<uint64_t> old;
        old.swap(slots_);
        slots_.assign(slots, 0);
        mask_ = slots_.size() - 1;
        size_ = 0;
        for (uint64_t k : old)
            if (k != 0) insert(k);
    }

    std::vector<uint64_t> slots_;
    size_t mask_ = 0;
    size_t size_ = 0;
};

}  // namespace sagasim
