// A table of rows keyed by orderId: dense for the ids an IDENTITY sequence hands out (1, 2, ...),
// with a sparse map for ids far beyond them (an injected record may name any id). A few bytes per
// row instead of a hash node; lookup only, never iterated, so its order can never reach the
// schedule or the output.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "services/common/ids.hpp"

namespace sagasim {

template <typename T>
class ByOrder {
public:
    const T* find(OrderId id) const {
        if (id >= 1 && size_t(id) <= dense_.size())
            return present_[size_t(id) - 1] ? &dense_[size_t(id) - 1] : nullptr;
        auto it = sparse_.find(id);
        return it == sparse_.end() ? nullptr : &it->second;
    }
    T* find(OrderId id) { return const_cast<T*>(static_cast<const ByOrder*>(this)->find(id)); }
    void put(OrderId id, const T& value) {
        if (T* s = dense_slot(id)) {
            const size_t i = size_t(id) - 1;
            size_ += present_[i] ? 0 : 1;
            present_[i] = true;
            *s = value;
            return;
        }
        auto [it, fresh] = sparse_.insert_or_assign(id, value);
        size_ += fresh ? 1 : 0;
    }
    void erase(OrderId id) {
        if (id >= 1 && size_t(id) <= dense_.size()) {
            const size_t i = size_t(id) - 1;
            size_ -= present_[i] ? 1 : 0;
            present_[i] = false;
            return;
        }
        size_ -= sparse_.erase(id);
    }
    size_t size() const { return size_; }
    // Room for ids 1..n without growing.
    void reserve(size_t n) {
        dense_.reserve(n);
        present_.reserve(n);
    }

private:
    // The dense slot of `id`, growing the dense range to hold it if it is near; nullptr if far.
    T* dense_slot(OrderId id) {
        if (id < 1) return nullptr;
        if (size_t(id) > dense_.size()) {
            if (size_t(id) > dense_.size() + kNear || sparse_.count(id)) return nullptr;
            dense_.resize(size_t(id));
            present_.resize(size_t(id), false);
        }
        return &dense_[size_t(id) - 1];
    }
    static constexpr size_t kNear = 4096;
    std::vector<T> dense_;
    std::vector<bool> present_;  // one bit a row
    std::map<OrderId, T> sparse_;
    size_t size_ = 0;
};

}  // namespace sagasim
