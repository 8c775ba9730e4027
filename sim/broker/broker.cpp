// The partition logs and listener cursors of broker.hpp.
#include "sim/broker/broker.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

namespace sagasim {

void PartitionLog::release_below(uint64_t offset) {
    if (offset <= base_ + head_) return;
    head_ = size_t(offset - base_);
    // Erase in bulk once half the vector is released: amortised O(1) per record.
    if (head_ * 2 >= records_.size() && head_ >= 64) {
        records_.erase(records_.begin(), records_.begin() + ptrdiff_t(head_));
        base_ += head_;
        head_ = 0;
    }
}

Broker::Broker(uint32_t partitions, const ServiceDesign& design, const std::array<uint8_t, kServiceCount>& replicas)
    : partitions_(partitions) {
    logs_.resize(kTopicIdCount);
    for (auto& t : logs_) t.resize(partitions);
    appended_.assign(kTopicIdCount, 0);
    groups_of_.resize(kTopicIdCount);
    // One group per (service, consumed topic): order 6, inventory 4, payment 1, shipment 1 in the
    // seed; a design may add some. A topic's groups are numbered in consumers_of order (their
    // bits), whatever the service order.
    for (Service s : kAllServices) {
        for (int t = 0; t < kBusinessTopicCount; ++t) {
            const Consumers c = consumers_of(Topic(t), design);
            for (uint8_t i = 0; i < c.count; ++i) {
                if (c.list[i] != s) continue;
                GroupCursor g;
                g.service = s;
                g.topic = Topic(t);
                g.bit = uint8_t(1u << i);
                groups_of_[size_t(t)].push_back(uint32_t(groups_.size()));
                groups_.push_back(std::move(g));
            }
        }
    }
    uint8_t most = 1;
    for (uint8_t r : replicas) most = std::max(most, r);
    for (uint8_t r = 0; r < most; ++r) {
        for (uint32_t gi = 0; gi < groups_.size(); ++gi) {
            GroupCursor& g = groups_[gi];
            if (r >= replicas[size_t(g.service)]) continue;
            ListenerCursor cur;
            cur.service = g.service;
            cur.topic = g.topic;
            cur.bit = g.bit;
            cur.replica = r;
            cur.group = gi;
            g.members.push_back(uint32_t(cursors_.size()));
            cursors_.push_back(std::move(cur));
        }
    }
    reset();
}

void Broker::reset() {
    for (auto& t : logs_)
        for (PartitionLog& log : t) log.clear();
    appended_.assign(kTopicIdCount, 0);
    for (GroupCursor& g : groups_) {
        g.committed.assign(partitions_, 0);
        g.owner.assign(partitions_, g.members.front());
    }
    for (ListenerCursor& c : cursors_) {
        c.position.assign(partitions_, 0);
        c.owned = c.replica == 0 ? partitions_ : 0;
        c.read = 0;
    }
}

void Broker::assign(uint32_t gi, const std::vector<uint32_t>& members) {
    GroupCursor& g = groups_[gi];
    for (uint32_t m : g.members) cursors_[m].owned = 0;
    const uint32_t n = uint32_t(members.size());
    uint32_t p = 0;
    for (uint32_t i = 0; i < n; ++i) {
        ListenerCursor& c = cursors_[members[i]];
        const uint32_t count = partitions_ / n + (i < partitions_ % n ? 1 : 0);
        for (uint32_t k = 0; k < count; ++k, ++p) {
            if (g.owner[p] != members[i]) c.position[p] = g.committed[p];
            g.owner[p] = members[i];
        }
        c.owned = count;
    }
    for (; p < partitions_; ++p) g.owner[p] = kNoMember;  // no member: nobody reads it
    for (uint32_t m : g.members) {
        ListenerCursor& c = cursors_[m];
        c.read = 0;
        if (c.owned == partitions_)
            for (uint64_t o : c.position) c.read += o;
    }
}

void Broker::revoke(size_t listener) {
    ListenerCursor& c = cursors_[listener];
    GroupCursor& g = groups_[c.group];
    for (uint32_t p = 0; p < partitions_; ++p)
        if (g.owner[p] == uint32_t(listener)) g.owner[p] = kNoMember;
    c.owned = 0;
}

std::pair<uint32_t, uint32_t> Broker::owned_range(size_t listener) const {
    const ListenerCursor& c = cursors_[listener];
    for (uint32_t p = 0; p < partitions_; ++p)
        if (owns(c, listener, p)) return {p, c.owned};
    return {0, 0};
}

uint64_t Broker::append(TopicId topic, uint32_t partition, const Record& r) {
    SIM_ASSERT(partition < partitions_, "partition {} out of range", partition);
    ++appended_[topic];
    const uint64_t offset = logs_[topic][partition].append(r);
    // A topic nothing reads (the DLTs) keeps no records.
    if (groups_of_[topic].empty()) release(topic, partition);
    return offset;
}

uint64_t Broker::records_appended_total() const {
    uint64_t n = 0;
    for (uint64_t a : appended_) n += a;
    return n;
}

void Broker::ready_scan(size_t listener, SimTime now, std::vector<RecordRef>& out, std::optional<SimTime>* held_until,
                        const uint64_t* limit) {
    ListenerCursor& c = cursors_[listener];
    const TopicId topic = topic_id(c.topic);
    const bool all = c.owned == partitions_;
    if (c.owned == 0) return;
    std::vector<uint64_t>& committed = groups_[c.group].committed;
    for (uint32_t p = 0; p < partitions_; ++p) {
        if (!all && !owns(c, listener, p)) continue;
        const PartitionLog& log = logs_[topic][p];
        // Pass over records meant for other groups only (a duplicate for one service).
        while (c.position[p] < log.end_offset() && !(log.at(c.position[p]).only_mask & c.bit)) {
            if (committed[p] == c.position[p]) committed[p] += 1;
            c.position[p] += 1;
            c.read += 1;
        }
        if (c.position[p] >= log.end_offset() || (limit && c.position[p] >= limit[p])) continue;
        const Record& r = log.at(c.position[p]);
        if ((r.hold_mask & c.bit) && now < r.hold_until) {
            if (held_until && (!*held_until || r.hold_until < **held_until)) *held_until = r.hold_until;
            continue;
        }
        out.push_back(RecordRef{topic, p, c.position[p]});
    }
    // Earliest append first; equal times keep the lower partition first (an insertion sort: a
    // listener has a few partitions, and a stable sort would allocate).
    for (size_t i = 1; i < out.size(); ++i) {
        const RecordRef r = out[i];
        const SimTime t = record(r).appended_at;
        size_t j = i;
        for (; j > 0 && t < record(out[j - 1]).appended_at; --j) out[j] = out[j - 1];
        out[j] = r;
    }
}

void Broker::batch_end(size_t listener, SimTime now, uint32_t cap, std::vector<uint64_t>& end) const {
    const ListenerCursor& c = cursors_[listener];
    const TopicId topic = topic_id(c.topic);
    end.resize(partitions_);
    for (uint32_t p = 0; p < partitions_; ++p) {
        const PartitionLog& log = logs_[topic][p];
        uint64_t o = c.position[p];
        if (!owns(c, listener, p)) {
            end[p] = o;
            continue;
        }
        for (; o < log.end_offset() && o - c.position[p] < cap; ++o) {
            const Record& r = log.at(o);
            if ((r.hold_mask & c.bit) && now < r.hold_until && (r.only_mask & c.bit)) break;
        }
        end[p] = o;
    }
}

void Broker::rewind(size_t listener) {
    ListenerCursor& c = cursors_[listener];
    const std::vector<uint64_t>& committed = groups_[c.group].committed;
    c.read = 0;
    for (uint32_t p = 0; p < partitions_; ++p) {
        if (owns(c, listener, p)) c.position[p] = committed[p];
        c.read += c.position[p];
    }
}

void Broker::advance(size_t listener, const RecordRef& ref) {
    ListenerCursor& c = cursors_[listener];
    SIM_ASSERT(c.position[ref.partition] == ref.offset, "listener polled offset {} at position {}", ref.offset,
               c.position[ref.partition]);
    c.position[ref.partition] = ref.offset + 1;
    c.read += 1;
}

bool Broker::commit_offset(size_t listener, const RecordRef& ref) {
    ListenerCursor& c = cursors_[listener];
    if (!owns(c, listener, ref.partition)) return false;
    std::vector<uint64_t>& committed = groups_[c.group].committed;
    committed[ref.partition] = std::max(committed[ref.partition], ref.offset + 1);
    release(ref.topic, ref.partition);
    return true;
}

void Broker::release(TopicId topic, uint32_t partition) {
    PartitionLog& log = logs_[topic][partition];
    uint64_t low = log.end_offset();
    for (uint32_t g : groups_of_[topic]) low = std::min(low, groups_[g].committed[partition]);
    log.release_below(low);
}

uint64_t Broker::unread_total() const {
    uint64_t n = 0;
    for (const GroupCursor& g : groups_)
        for (uint32_t p = 0; p < partitions_; ++p) {
            const uint32_t m = g.owner[p];
            const uint64_t at = m == kNoMember ? g.committed[p] : cursors_[m].position[p];
            n += logs_[topic_id(g.topic)][p].end_offset() - at;
        }
    return n;
}

}  // namespace sagasim
