// The outbox relays of each service (design `publish: outbox`): events written to the outbox in
// the handler's transaction are published by a relay thread, which claims the oldest row no other
// relay holds (SELECT ... FOR UPDATE SKIP LOCKED), sends it, waits for the ack, then marks it sent.
// Every replica runs its own relay over the service's one outbox table, so a stalled replica's
// relay leaves the next rows to the others, and rows of one service may go out in another order
// than they were written. A crash between the send and the mark releases the row (its lock dies
// with the connection) and it is sent again, by another replica up or after the restart (the same
// eventId, so consumers drop the copy); a send timeout or a down database makes the relay try
// again after the back-off.
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
    // The relays of `s` look for work: each idle one of a replica up and not paused claims a row.
    void wake(Service s);
    void acked(uint32_t job);
    void marked(uint32_t job);
    void timed_out(uint32_t job);
    // The back-off after a send timeout is over (a kEvRetry of the relay's job).
    void backed_off(uint32_t job);
    // The relay `job` died with its process: the row it held is free again.
    void abandoned(uint32_t job);

private:
    static constexpr uint8_t kUnclaimed = 0xff;
    struct Row {
        Event event;
        uint64_t cause = 0;            // the commit that wrote it
        uint8_t claimed = kUnclaimed;  // the replica whose relay holds it
    };
    // The row relay `job` holds.
    std::deque<Row>::iterator held(uint32_t job);
    World& w_;
    std::array<std::deque<Row>, kServiceCount> outbox_;  // committed, not yet marked sent
};

}  // namespace sagasim
