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

Broker::Broker(uint32_t partitions, const ServiceDesign& design) : partitions_(partitions) {
    logs_.resize(kTopicIdCount);
    for (auto& t : logs_) t.resize(partitions);
    appended_.assign(kTopicIdCount, 0);
    listeners_of_.resize(kTopicIdCount);
    // One listener per (service, consumed topic): order 6, inventory 4, payment 1, shipment 1 in the
    // seed; a design may add some. A topic's listeners are numbered in consumers_of order (their
    // bits), whatever the service order.
    for (Service s : kAllServices) {
        for (int t = 0; t < kBusinessTopicCount; ++t) {
            const Consumers c = consumers_of(Topic(t), design);
            for (uint8_t i = 0; i < c.count; ++i) {
                if (c.list[i] != s) continue;
                ListenerCursor cur;
                cur.service = s;
                cur.topic = Topic(t);
                cur.position.assign(partitions, 0);
                cur.committed.assign(partitions, 0);
                cur.bit = uint8_t(1u << i);
                listeners_of_[size_t(t)].push_back(uint32_t(cursors_.size()));
                cursors_.push_back(std::move(cur));
            }
        }
    }
}

void Broker::reset() {
    for (auto& t : logs_)
        for (PartitionLog& log : t) log.clear();
    appended_.assign(kTopicIdCount, 0);
    for (ListenerCursor& c : cursors_) {
        c.position.assign(partitions_, 0);
        c.committed.assign(partitions_, 0);
        c.read = 0;
    }
}

uint64_t Broker::append(TopicId topic, uint32_t partition, const Record& r) {
    SIM_ASSERT(partition < partitions_, "partition {} out of range", partition);
    ++appended_[topic];
    const uint64_t offset = logs_[topic][partition].append(r);
    // A topic nothing reads (the DLTs) keeps no records.
    if (listeners_of_[topic].empty()) release(topic, partition);
    return offset;
}

uint64_t Broker::records_appended_total() const {
    uint64_t n = 0;
    for (uint64_t a : appended_) n += a;
    return n;
}

void Broker::ready(size_t listener, SimTime now, std::vector<RecordRef>& out, std::optional<SimTime>* held_until,
                   const uint64_t* limit) {
    out.clear();
    ListenerCursor& c = cursors_[listener];
    const TopicId topic = topic_id(c.topic);
    if (c.read == appended_[topic]) return;  // every record polled or passed over
    for (uint32_t p = 0; p < partitions_; ++p) {
        const PartitionLog& log = logs_[topic][p];
        // Pass over records meant for other listeners only (a duplicate for one service).
        while (c.position[p] < log.end_offset() && !(log.at(c.position[p]).only_mask & c.bit)) {
            if (c.committed[p] == c.position[p]) c.committed[p] += 1;
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
        for (; o < log.end_offset() && o - c.position[p] < cap; ++o) {
            const Record& r = log.at(o);
            if ((r.hold_mask & c.bit) && now < r.hold_until && (r.only_mask & c.bit)) break;
        }
        end[p] = o;
    }
}

void Broker::rewind(size_t listener) {
    ListenerCursor& c = cursors_[listener];
    c.position = c.committed;
    c.read = 0;
    for (uint64_t o : c.committed) c.read += o;
}

void Broker::advance(size_t listener, const RecordRef& ref) {
    ListenerCursor& c = cursors_[listener];
    SIM_ASSERT(c.position[ref.partition] == ref.offset, "listener polled offset {} at position {}", ref.offset,
               c.position[ref.partition]);
    c.position[ref.partition] = ref.offset + 1;
    c.read += 1;
}

void Broker::commit_offset(size_t listener, const RecordRef& ref) {
    ListenerCursor& c = cursors_[listener];
    c.committed[ref.partition] = std::max(c.committed[ref.partition], ref.offset + 1);
    release(ref.topic, ref.partition);
}

void Broker::release(TopicId topic, uint32_t partition) {
    PartitionLog& log = logs_[topic][partition];
    uint64_t low = log.end_offset();
    for (uint32_t l : listeners_of_[topic]) low = std::min(low, cursors_[l].committed[partition]);
    log.release_below(low);
}

uint64_t Broker::unread_total() const {
    uint64_t n = 0;
    for (const ListenerCursor& c : cursors_)
        for (uint32_t p = 0; p < partitions_; ++p)
            n += logs_[topic_id(c.topic)][p].end_offset() - c.position[p];
    return n;
}

}  // namespace sagasim
