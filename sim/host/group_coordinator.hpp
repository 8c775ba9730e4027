// The consumer groups' coordinator (seed-behaviour.md §8.6): which replicas of a service run,
// which of their listener containers are members of the service's group for their topic, and the
// rebalances that share a topic's partitions among the members.
//
// A rebalance starts when a member joins (a replica starts, scales up or comes back after it was
// removed), leaves (a scale-down) or is removed: its heartbeats stopped (a crashed replica, after
// session.timeout.ms, 45 s: a crashed replica, or one disconnected from the brokers that long) or
// its poll loop stalled in one iteration for longer than
// max.poll.interval.ms (300 s, a pause). The clients' default assignor is RangeAssignor, whose
// protocol is eager: every member gives up its partitions and rejoins at its next poll, so the
// rebalance completes only when every member still in the group has finished the batch in hand
// and committed its acks (onPartitionsRevoked); a crashed member that has not yet been removed
// holds it up until its session expires. Then each member gets a contiguous range of partitions
// (members in replica order) and resumes each new one from the committed offset: a Rebalance
// step on its lane. A member removed while its thread still runs is a zombie: its handler may
// still commit and publish, its offset commit fails (CommitFailedException), and it rejoins at its
// next poll. A replica that restarts within the session timeout takes its old membership back
// (as with static membership; the seed's clients would wait for the old session to expire).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/host/world.hpp"

namespace sagasim {

class GroupCoordinator {
public:
    explicit GroupCoordinator(World& w) : w_(w) {}
    // The scenario's replicas run and are members from the start.
    void reset();
    // Groups of more than one member share their partitions out; the scale steps are queued.
    void start();
    // Replica `r` of `s` crashed: session.timeout.ms later its members are removed.
    void crashed(Service s, uint8_t r);
    // Replica `r` of `s` restarted: members removed meanwhile join again.
    void restarted(Service s, uint8_t r, uint64_t cause);
    // A pause window began: members it stalls past max.poll.interval.ms are removed then.
    void paused(const FaultWindow& win, uint64_t cause);
    // A disconnect window began: no heartbeat reaches the coordinator, so members it cuts off for
    // session.timeout.ms are removed then, as a crashed replica's are.
    void disconnected(const FaultWindow& win);
    void on_session_expiry(uint32_t member, uint64_t epoch);
    void on_poll_timeout(uint32_t member, uint64_t epoch);
    // An autoscaler step: replicas start (join) or stop (leave once their batch is done).
    void scale(const ScaleOrder& order);
    // Listener `l` is about to poll, with nothing in hand: false if it must not poll now (its group
    // is rebalancing, or it is not a member and cannot join). Notes the poll for max.poll.interval.
    bool may_poll(uint32_t l);
    bool in_group(uint32_t l) const { return in_group_[l] != 0; }
    // Its replica was scaled away: it finishes the batch in hand, then leaves.
    bool stopping(uint32_t l) const { return stopping_[l] != 0; }

private:
    // Begins a rebalance of group `g` (if none is under way) and completes it if it can.
    void rebalance(uint32_t g, RebalanceWhy why, uint64_t cause);
    // Completes the rebalance of `g` once every member still in it is settled.
    void try_complete(uint32_t g);
    bool settled(uint32_t l) const;
    void remove(uint32_t l, RebalanceWhy why, uint64_t cause);
    void join(uint32_t l, uint64_t cause);
    Step member_step(uint32_t l, RebalanceWhy why, uint64_t cause) const;

    World& w_;
    std::vector<uint8_t> in_group_;     // per listener
    std::vector<uint8_t> stopping_;     // per listener: its replica was scaled away
    std::vector<uint64_t> epoch_;       // per listener: bumped at every join and removal
    std::vector<SimTime> last_poll_;    // per listener
    struct Pending {
        bool on = false;
        RebalanceWhy why = RebalanceWhy::None;
        uint64_t cause = 0;
    };
    std::vector<Pending> pending_;      // per group
};

}  // namespace sagasim
