// A growable array of queued events for the event queue's hot paths: its append is a compare and
// a store, and the rare growth is a call out of line. (std::vector's push_back inlines its
// reallocation at every call site: the queue's push is inlined into every scheduler of an event,
// and those copies made the run's hot code too big for the instruction cache.) Plain records
// only; memory is kept across clear(), as the run's buffers are.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace sagasim {

template <typename T>
class EventList {
    static_assert(std::is_trivially_copyable_v<T>, "EventList holds plain records");

public:
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    void clear() { size_ = 0; }
    T& operator[](size_t i) { return data_[i]; }
    const T& operator[](size_t i) const { return data_[i]; }
    T& front() { return data_[0]; }
    const T& front() const { return data_[0]; }
    T& back() { return data_[size_ - 1]; }
    void push_back(const T& v) {
        if (size_ == capacity_) [[unlikely]]
            grow();
        data_[size_++] = v;
    }
    void pop_back() { --size_; }
    // Removes element i, keeping the order of the rest.
    void erase_at(size_t i) {
        std::memmove(static_cast<void*>(data_.get() + i), data_.get() + i + 1, (size_ - i - 1) * sizeof(T));
        --size_;
    }

private:
    [[gnu::noinline, gnu::cold]] void grow() {
        const size_t capacity = capacity_ == 0 ? 64 : capacity_ * 2;
        std::unique_ptr<T[]> bigger(new T[capacity]);
        if (size_ != 0) std::memcpy(static_cast<void*>(bigger.get()), data_.get(), size_ * sizeof(T));
        data_ = std::move(bigger);
        capacity_ = capacity;
    }

    std::unique_ptr<T[]> data_;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

}  // namespace sagasim
