// Group membership, removals and rebalances of the listener containers.
#include "sim/host/group_coordinator.hpp"

#include <bit>

#include "sim/host/listener_loop.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {
namespace {

// The Kafka clients' defaults the seed keeps (seed-behaviour.md §8.6); session.timeout.ms is
// kSessionTimeout (sim/faults/process_faults.hpp).
constexpr Duration kMaxPollInterval = Duration::seconds(300);   // max.poll.interval.ms

}  // namespace

void GroupCoordinator::reset() {
    const size_t n = w_.broker.listener_count();
    in_group_.assign(n, 0);
    stopping_.assign(n, 0);
    epoch_.assign(n, 0);
    last_poll_.assign(n, SimTime{0});
    pending_.assign(w_.broker.group_count(), Pending{});
    for (Service s : kAllServices) w_.running[size_t(s)] = uint16_t((1u << w_.sc.replicas[size_t(s)]) - 1);
    for (uint32_t l = 0; l < n; ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        in_group_[l] = (w_.running[size_t(c.service)] >> c.replica & 1) ? 1 : 0;
    }
}

void GroupCoordinator::start() {
    // The first rebalance of a group of several members (the replicas' joins at start-up).
    for (uint32_t g = 0; g < w_.broker.group_count(); ++g) {
        uint32_t members = 0;
        for (uint32_t l : w_.broker.group(g).members) members += in_group_[l];
        if (members > 1) rebalance(g, RebalanceWhy::Join, 0);
    }
    const auto& steps = w_.process_faults.scale_steps();
    for (size_t i = 0; i < steps.size(); ++i)
        w_.queue.push(steps[i].first, kEvScale, 0, i, kLaneProcessBase + uint32_t(steps[i].second.service));
}

Step GroupCoordinator::member_step(uint32_t l, RebalanceWhy why, uint64_t cause) const {
    const ListenerCursor& c = w_.broker.cursor(l);
    Step s;
    s.kind = StepKind::Rebalance;
    s.lane = w_.jobs[l].lane;
    s.service = uint8_t(c.service);
    s.topic = topic_id(c.topic);
    const auto [first, count] = w_.broker.owned_range(l);
    s.partition = first;
    s.count = count;
    s.note = uint8_t(why);
    s.cause = cause;
    return s;
}

void GroupCoordinator::crashed(Service s, uint8_t r) {
    for (uint32_t l = 0; l < in_group_.size(); ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        if (c.service != s || c.replica != r || !in_group_[l]) continue;
        // No more heartbeats: the coordinator removes the member when its session expires.
        w_.queue.push(w_.now() + kSessionTimeout, kEvSessionExpiry, l, epoch_[l], kLaneProcessBase + uint32_t(s));
    }
}

void GroupCoordinator::restarted(Service s, uint8_t r, uint64_t cause) {
    for (uint32_t l = 0; l < in_group_.size(); ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        if (c.service != s || c.replica != r) continue;
        // Back in time, it takes its membership back and the pending session expiry no longer
        // applies; unless the network is cut too: then its heartbeats still cannot reach the
        // coordinator, and the expiry of the cut stands.
        if (in_group_[l]) {
            if (!w_.process_faults.window_end(FaultKind::Disconnect, s, r, w_.now())) ++epoch_[l];
        }
        else if (w_.running[size_t(s)] >> r & 1) join(l, cause);
    }
}

void GroupCoordinator::paused(const FaultWindow& win, uint64_t /*cause*/) {
    const SimTime end = w_.process_faults.end_of(win);
    for (uint32_t l = 0; l < in_group_.size(); ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        if (c.service != win.service || !hits_replica(win.replica, c.replica) || !in_group_[l]) continue;
        // The poll loop is stalled from its last poll: past max.poll.interval.ms the client leaves.
        const SimTime deadline = std::max(last_poll_[l] + kMaxPollInterval, w_.now());
        if (deadline < end)
            w_.queue.push(deadline, kEvPollTimeout, l, epoch_[l], kLaneProcessBase + uint32_t(c.service));
    }
}

void GroupCoordinator::disconnected(const FaultWindow& win) {
    for (uint32_t l = 0; l < in_group_.size(); ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        if (c.service != win.service || !hits_replica(win.replica, c.replica) || !in_group_[l]) continue;
        // Its heartbeat thread cannot reach the coordinator, which removes the member when its
        // session expires; the member finds out when the network is back (seed-behaviour.md §8.6).
        // Windows that overlap or abut are one cut: it counts from the first one's start.
        const auto cut = w_.process_faults.window_span(FaultKind::Disconnect, c.service, c.replica, w_.now());
        if (!cut) continue;
        const SimTime expiry = std::max(cut->from + kSessionTimeout, w_.now());
        if (expiry < cut->to)
            w_.queue.push(expiry, kEvSessionExpiry, l, epoch_[l], kLaneProcessBase + uint32_t(c.service));
    }
}

void GroupCoordinator::on_session_expiry(uint32_t l, uint64_t epoch) {
    const ListenerCursor& c = w_.broker.cursor(l);
    if (epoch != epoch_[l] || !in_group_[l]) return;
    // A crashed replica sends no heartbeats; a running one whose network came back in the
    // meantime has sent them again.
    const bool up = w_.up(c.service, c.replica);
    const auto cut = w_.process_faults.window_span(FaultKind::Disconnect, c.service, c.replica, w_.now());
    if (up && (!cut || cut->from + kSessionTimeout > w_.now())) return;
    remove(l, RebalanceWhy::SessionTimeout, 0);
    // A running member polls on: once the network is back, its poll finds it out of the group
    // and it rejoins (a crashed one rejoins when it restarts).
    if (up) w_.listeners->wake(l, cut->to);
}

void GroupCoordinator::on_poll_timeout(uint32_t l, uint64_t epoch) {
    const ListenerCursor& c = w_.broker.cursor(l);
    if (epoch != epoch_[l] || !in_group_[l]) return;
    if (!w_.process_faults.window_end(FaultKind::Pause, c.service, c.replica, w_.now())) return;
    remove(l, RebalanceWhy::PollTimeout, 0);
}

void GroupCoordinator::scale(const ScaleOrder& order) {
    const Service s = order.service;
    if (!w_.phase.active(w_.now())) {
        w_.fault_ledger.late(order.fault, w_.now());
        return;
    }
    const uint8_t now_running = uint8_t(std::popcount(w_.running[size_t(s)]));
    if (now_running == order.replicas) return;
    Step st;
    st.kind = StepKind::Fault;
    st.lane = w_.lanes.process(s);
    st.service = uint8_t(s);
    st.fault = uint16_t(order.fault + 1);
    st.fault_kind = uint8_t(FaultKind::Scale);
    st.count = order.replicas;
    const uint64_t step = w_.emit(st);
    w_.running[size_t(s)] = uint16_t((1u << order.replicas) - 1);
    for (uint32_t l = 0; l < in_group_.size(); ++l) {
        const ListenerCursor& c = w_.broker.cursor(l);
        if (c.service != s) continue;
        if (c.replica >= now_running && c.replica < order.replicas) {
            stopping_[l] = 0;
            if (!in_group_[l]) join(l, step);
        } else if (c.replica >= order.replicas && in_group_[l]) {
            // A graceful stop: the container finishes the batch in hand, commits it and leaves.
            stopping_[l] = 1;
            rebalance(c.group, RebalanceWhy::Leave, step);
            w_.listeners->wake(l, w_.now());
        }
    }
}

bool GroupCoordinator::may_poll(uint32_t l) {
    const ListenerCursor& c = w_.broker.cursor(l);
    if (!in_group_[l]) {
        // A zombie (or a replica scaled back up) joins at its poll; a stopped one stays out.
        if (!stopping_[l] && w_.up(c.service, c.replica)) join(l, 0);
        return false;
    }
    if (pending_[c.group].on) {
        try_complete(c.group);  // this member has reached its poll: it may be the last one awaited
        return false;
    }
    last_poll_[l] = w_.now();
    return true;
}

bool GroupCoordinator::settled(uint32_t l) const {
    if (!in_group_[l]) return true;
    const ListenerCursor& c = w_.broker.cursor(l);
    if (w_.jobs[l].busy || !w_.listeners->between_batches(l)) return false;
    if (stopping_[l]) return true;
    if (!w_.up(c.service, c.replica)) return false;  // crashed, not yet removed: holds the rebalance up
    const SimTime now = w_.now();
    return !w_.process_faults.window_end(FaultKind::Pause, c.service, c.replica, now) &&
           !w_.process_faults.window_end(FaultKind::Disconnect, c.service, c.replica, now);
}

void GroupCoordinator::rebalance(uint32_t g, RebalanceWhy why, uint64_t cause) {
    Pending& p = pending_[g];
    if (!p.on) p = Pending{true, why, cause};
    try_complete(g);
}

void GroupCoordinator::try_complete(uint32_t g) {
    Pending& p = pending_[g];
    if (!p.on) return;
    const GroupCursor& group = w_.broker.group(g);
    bool all = true;
    for (uint32_t l : group.members) {
        if (settled(l)) continue;
        all = false;
        // A member held up by a pause or a disconnect reaches its poll when that window ends.
        const ListenerCursor& c = w_.broker.cursor(l);
        const SimTime now = w_.now();
        const auto paused = w_.process_faults.window_end(FaultKind::Pause, c.service, c.replica, now);
        const auto cut = w_.process_faults.window_end(FaultKind::Disconnect, c.service, c.replica, now);
        if (paused || cut) w_.listeners->wake(l, std::max(paused.value_or(now), cut.value_or(now)));
    }
    if (!all) return;
    p.on = false;
    std::vector<uint32_t> members;
    for (uint32_t l : group.members) {
        if (!in_group_[l]) continue;
        if (stopping_[l]) {
            in_group_[l] = 0;
            stopping_[l] = 0;
            ++epoch_[l];
            continue;
        }
        members.push_back(l);
    }
    for (uint32_t l : group.members)
        if (!in_group_[l]) w_.broker.revoke(l);
    w_.broker.assign(g, members);
    for (uint32_t l : members) {
        Step s = member_step(l, p.why, p.cause);
        w_.jobs[l].last_step = w_.emit(s);
        w_.listeners->wake(l, w_.now());
    }
}

void GroupCoordinator::remove(uint32_t l, RebalanceWhy why, uint64_t cause) {
    in_group_[l] = 0;
    ++epoch_[l];
    // Its generation is over: its offset commits fail from now on.
    w_.broker.revoke(l);
    Step s = member_step(l, why, cause);
    const uint64_t step = w_.emit(s);
    rebalance(w_.broker.cursor(l).group, why, step);
}

void GroupCoordinator::join(uint32_t l, uint64_t cause) {
    in_group_[l] = 1;
    ++epoch_[l];
    last_poll_[l] = w_.now();
    rebalance(w_.broker.cursor(l).group, RebalanceWhy::Join, cause);
}

}  // namespace sagasim
