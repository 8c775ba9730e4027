// The listener containers (seed-behaviour.md §2.3, §8.2): one consumer thread per (service,
// consumed topic), polling its partitions and handling one record at a time, in offset order
// within a partition, then committing its offset. Which of several ready partitions it polls is a
// decision (Site::TiePartition) whose seed answer is the record appended first. A down, paused or
// disconnected service does not poll; it is woken when that ends.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/host/world.hpp"

namespace sagasim {

class ListenerLoop {
public:
    explicit ListenerLoop(World& w) : w_(w) {}
    void reset() { ties_ = 0; }
    // A wake-up of listener `l`: poll a record if it is idle and one is ready.
    void on_deliver(uint32_t l);
    // Asks listener `l` to look for work at `at` (no-op if it is busy or will look earlier).
    void wake(uint32_t l, SimTime at);
    // The handler is done with the record: commit its offset, then look for the next one.
    void on_offset_commit(uint32_t l);
    // After a crash of `s`: every listener of it goes back to its committed offsets.
    void rewind(Service s);
    // After a restart of `s`: every listener of it looks for work.
    void wake_all(Service s);

private:
    World& w_;
    std::vector<RecordRef> ready_;
    uint32_t ties_ = 0;
};

}  // namespace sagasim
