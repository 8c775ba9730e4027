// Counting and deduplicating violation reports.
#include "sim/check/reporter.hpp"

namespace sagasim {

void Reporter::reset(size_t orders) {
    seen_orders_.reset(orders);
    seen_other_.clear();
    reported_.clear();
    made_ = 0;
    taken_ = 0;
    count_ = 0;
    step_ = 0;
    time_ = SimTime{};
}

void Reporter::violate(Inv inv, OrderId key, std::string subject, std::string expected, std::string actual,
                       uint64_t about) {
    ++count_;
    const uint16_t bit = uint16_t(1u << size_t(inv));
    uint16_t* seen = key > 0 ? seen_orders_.get(key) : nullptr;
    if (seen != nullptr) {
        if (*seen & bit) return;
        *seen |= bit;
    } else if (!seen_other_.emplace(std::pair{uint8_t(inv), key}, true).second) {
        return;
    }
    Violation v;
    v.inv = inv;
    v.invariant = inv_name(inv);
    v.time = time_;
    v.step = step_;
    v.about_step = about;
    if (key > 0) {
        v.order = key;
        if (const OrderFacts* f = book_.find(key); f && f->order_number != Uuid{}) v.order_number = f->order_number.str();
    }
    v.subject = std::move(subject);
    v.expected = std::move(expected);
    v.actual = std::move(actual);
    reported_.push_back(std::move(v));
    ++made_;
}

Violations Reporter::take_all() {
    Violations out;
    out.swap(reported_);
    made_ = 0;
    taken_ = 0;
    return out;
}

}  // namespace sagasim
