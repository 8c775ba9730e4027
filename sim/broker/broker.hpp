// The Kafka model: per topic, partitions with append-only logs and offsets; per (service, topic)
// a consumer group with its committed offset in each partition and the member that owns each
// partition; per member (a replica of the service, one listener container) its read positions.
// A record is visible to consumers from the step that appends it. Records every consuming group
// has committed past are released, so memory follows what is in flight, not the whole history;
// offsets stay absolute. With one replica per service each group has one member, which owns every
// partition: the layout the seed runs locally.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "services/common/events.hpp"
#include "services/common/service_design.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim {

struct Record {
    Event event;
    SimTime appended_at;
    uint64_t append_step = 0;  // the step that appended it (its causal link)
    // A delay fault: the listeners in hold_mask (bit i: the i-th listener of the topic) may not
    // poll it before hold_until. A duplicate meant for one service is seen only by only_mask.
    SimTime hold_until;
    uint8_t hold_mask = 0;
    uint8_t only_mask = 0xff;
};

// Where a record lives.
struct RecordRef {
    TopicId topic = 0;
    uint32_t partition = 0;
    uint64_t offset = 0;
    bool operator==(const RecordRef&) const = default;
};

class PartitionLog {
public:
    void clear() {
        records_.clear();
        head_ = 0;
        base_ = 0;
    }
    uint64_t end_offset() const { return base_ + records_.size(); }
    uint64_t base_offset() const { return base_; }
    const Record& at(uint64_t offset) const { return records_[size_t(offset - base_)]; }
    uint64_t append(const Record& r) {
        records_.push_back(r);
        return end_offset() - 1;
    }
    // Forgets records below `offset` (every group has committed past them).
    void release_below(uint64_t offset);

private:
    std::vector<Record> records_;
    size_t head_ = 0;  // records_[0, head_) are released but not yet erased
    uint64_t base_ = 0;
};

inline constexpr uint32_t kNoMember = UINT32_MAX;

// One consumer group's hold on one topic: the service's group, for the topic one of its
// listeners consumes (seed-behaviour.md §8.6).
struct GroupCursor {
    Service service = Service::Order;
    Topic topic = Topic::OrderPlaced;
    uint8_t bit = 1;                  // the group's bit among the topic's groups (record masks)
    std::vector<uint64_t> committed;  // committed offset, per partition
    std::vector<uint32_t> owner;      // per partition: the member that owns it, or kNoMember
    std::vector<uint32_t> members;    // its members, by replica
};

// One listener container of one replica: a member of its service's group for one topic. It polls
// the partitions the group assigned it.
struct ListenerCursor {
    Service service = Service::Order;
    Topic topic = Topic::OrderPlaced;
    uint8_t bit = 1;                  // its group's bit
    uint8_t replica = 0;
    uint32_t group = 0;
    std::vector<uint64_t> position;   // next offset to poll, per partition (owned ones only matter)
    uint32_t owned = 0;               // partitions it owns
    uint64_t read = 0;                // the positions' sum, kept while it owns every partition: equal
                                      // to the topic's appended count, nothing is left to poll
};

class Broker {
public:
    // `replicas`: the most replicas each service ever runs (a member per listener each); every
    // partition starts owned by replica 0's member.
    explicit Broker(uint32_t partitions, const ServiceDesign& design = {},
                    const std::array<uint8_t, kServiceCount>& replicas = {1, 1, 1, 1});
    // Empties every log and moves every cursor back to offset 0 (memory is kept).
    void reset();

    uint32_t partitions() const { return partitions_; }
    // Appends to topic/partition; returns the record's offset.
    uint64_t append(TopicId topic, uint32_t partition, const Record& r);
    const Record& record(const RecordRef& ref) const { return logs_[ref.topic][ref.partition].at(ref.offset); }
    // The offset the next record appended to topic/partition will get.
    uint64_t log_end(TopicId topic, uint32_t partition) const { return logs_[topic][partition].end_offset(); }
    uint64_t records_appended(TopicId topic) const { return appended_[topic]; }
    uint64_t records_appended_total() const;

    // The listeners (group members): replica 0's, one per (service, consumed topic) in a fixed
    // order, then replica 1's in the same order, and so on.
    size_t listener_count() const { return cursors_.size(); }
    ListenerCursor& cursor(size_t listener) { return cursors_[listener]; }
    const ListenerCursor& cursor(size_t listener) const { return cursors_[listener]; }
    // The groups: one per (service, consumed topic), in the order of replica 0's listeners.
    size_t group_count() const { return groups_.size(); }
    const GroupCursor& group(size_t g) const { return groups_[g]; }
    // The committed offsets of the listener's group.
    const std::vector<uint64_t>& committed(size_t listener) const { return groups_[cursors_[listener].group].committed; }
    // The groups that consume `topic` (one or two).
    const std::vector<uint32_t>& groups_of(TopicId topic) const { return groups_of_[topic]; }
    // The member of group `g` that owns `partition` (kNoMember: none, during a rebalance).
    uint32_t owner(uint32_t g, uint32_t partition) const { return groups_[g].owner[partition]; }
    // A rebalance's outcome: `members` (in the assignor's order) share the group's partitions as
    // Kafka's RangeAssignor does (contiguous ranges, the first members one more when they do not
    // divide evenly); each member resumes a partition it did not own from the committed offset.
    void assign(uint32_t g, const std::vector<uint32_t>& members);
    // The member is out of the group: it owns nothing until the next assignment.
    void revoke(size_t listener);
    // The first partition and how many the member owns (a range, by the assignor).
    std::pair<uint32_t, uint32_t> owned_range(size_t listener) const;

    // The records the listener could poll now: the next record of each of its partitions that it
    // may read now, the one appended first at the front (ties: the lowest partition). A consumer
    // thread takes records one at a time, in offset order within each partition, so a held record
    // holds back its partition; which partition goes first among several is the caller's choice
    // (Kafka's fetches interleave partitions; Site::TiePartition). Records not meant for this
    // listener are passed over (and their offsets committed). If none can be read now but one is
    // held, *held_until says when to look again.
    // With `limit`, only records below limit[partition] count (the poll's batch, batch_end).
    void ready(size_t listener, SimTime now, std::vector<RecordRef>& out, std::optional<SimTime>* held_until,
               const uint64_t* limit = nullptr) {
        out.clear();
        // Inline, for the polls that find nothing: every record polled or passed over.
        const ListenerCursor& c = cursors_[listener];
        if (c.owned == partitions_ && c.read == appended_[topic_id(c.topic)]) return;
        ready_scan(listener, now, out, held_until, limit);
    }
    // What a poll now returns of each partition (BATCH ack mode, seed-behaviour.md §8.2): the
    // records from the listener's position up to the first it may not read yet (a held record) or
    // the log's end, at most `cap` of them. end[p] is one past the last such offset.
    void batch_end(size_t listener, SimTime now, uint32_t cap, std::vector<uint64_t>& end) const;
    // After a crash: the listener's position goes back to its committed offsets.
    void rewind(size_t listener);
    // The listener took the record at ref (its position moves past it).
    void advance(size_t listener, const RecordRef& ref);
    // Offset commit for the record at ref (record ack mode: offset + 1). False when the listener no
    // longer owns the partition: the group rebalanced without it (a zombie's CommitFailedException).
    bool commit_offset(size_t listener, const RecordRef& ref);
    // Records unread by any listener, over all topics (work left in the broker).
    uint64_t unread_total() const;
    // The bit of the group among `topic`'s groups.
    uint8_t bit_of_group(uint32_t g) const { return groups_[g].bit; }

private:
    void release(TopicId topic, uint32_t partition);
    // ready() past its fast path: the scan of the listener's partitions.
    void ready_scan(size_t listener, SimTime now, std::vector<RecordRef>& out, std::optional<SimTime>* held_until,
                    const uint64_t* limit);

    uint32_t partitions_;
    std::vector<std::vector<PartitionLog>> logs_;  // [topic][partition]
    std::vector<uint64_t> appended_;
    bool owns(const ListenerCursor& c, size_t listener, uint32_t p) const {
        return groups_[c.group].owner[p] == uint32_t(listener);
    }
    std::vector<ListenerCursor> cursors_;
    std::vector<GroupCursor> groups_;
    std::vector<std::vector<uint32_t>> groups_of_;
};

}  // namespace sagasim
