// Where the checker families report: each violation is counted every time and reported once per
// (invariant, order), stamped with the step being checked. The run takes the new reports after
// each step and raises them as Violation steps.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "sim/check/catalog.hpp"
#include "sim/check/order_book.hpp"
#include "sim/check/violation.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

class Reporter {
public:
    explicit Reporter(const OrderBook& book) : book_(book) {}
    void reset(size_t orders);
    // The step being checked (its number and time): the step that reveals what is found now.
    void at(uint64_t step, SimTime time) {
        step_ = step;
        time_ = time;
    }
    bool enabled(Inv i) const { return enabled_[size_t(i)]; }
    void enable(Inv i) { enabled_[size_t(i)] = true; }
    // `key`: an orderId (> 0), or a negative key for a SKU (sku_key). `about`: the step of the
    // fact the violation is about (a charge never refunded: the charge), where its causal history
    // starts; 0: the step being checked.
    void violate(Inv inv, OrderId key, std::string subject, std::string expected, std::string actual,
                 uint64_t about = 0);
    // The number of the step being checked.
    uint64_t step() const { return step_; }
    static OrderId sku_key(uint32_t sku) { return -OrderId(sku) - 1; }

    // Asked at every step: a count kept beside the deque (whose size() is a computation).
    bool has_new() const { return taken_ < made_; }
    // The index of the first report not yet taken; marks them all taken.
    size_t take_new() {
        const size_t first = taken_;
        taken_ = made_;
        return first;
    }
    // The reports so far (a deque: it grows by blocks, never by copying all it holds, which at
    // a doubling would hold the reports twice).
    Violations& all() { return reported_; }
    const Violations& all() const { return reported_; }
    // Hands every report over whole (never all of them twice), leaving none.
    Violations take_all();
    uint64_t count() const { return count_; }

private:
    const OrderBook& book_;
    std::array<bool, kInvCount> enabled_{};
    PerOrder<uint16_t> seen_orders_;                  // bit i: invariant i reported for the order
    std::map<std::pair<uint8_t, OrderId>, bool> seen_other_;  // SKUs and far orders
    Violations reported_;
    size_t made_ = 0;   // reported_.size()
    size_t taken_ = 0;
    uint64_t count_ = 0;
    uint64_t step_ = 0;
    SimTime time_;
};

}  // namespace sagasim
