// The outbox relay of each service (design `publish: outbox`): events written to the outbox in
// the handler's transaction are published by a relay thread, which sends the oldest row, waits
// for the ack, then marks the row sent in its own transaction. A crash between the send and the
// mark sends the same row again (the same eventId, so consumers drop the copy); a send timeout
// or a down database makes it try again after the back-off.
#pragma once

#include <array>
#include <cstdint>
#include <deque>

#include "sim/host/world.hpp"

namespace sagasim {

class Relay {
public:
    explicit Relay(World& w) : w_(w) {}
    void reset() {
        for (auto& box : outbox_) box.clear();
    }
    // A committed outbox row of service `s` (written by step `cause`).
    void add(Service s, const Event& e, uint64_t cause);
    // The relay of `s` looks for work.
    void wake(Service s);
    void acked(uint32_t job);
    void marked(uint32_t job);
    void timed_out(uint32_t job);

private:
    struct Row {
        Event event;
        uint64_t cause = 0;  // the commit that wrote it
    };
    World& w_;
    std::array<std::deque<Row>, kServiceCount> outbox_;  // committed, not yet marked sent
};

}  // namespace sagasim
