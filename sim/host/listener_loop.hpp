// The listener containers (seed-behaviour.md §2.3, §8.2): one consumer thread per (service,
// consumed topic), polling its partitions and handling one record at a time, in offset order
// within a partition. A down, paused or disconnected service does not poll; it is woken when that
// ends.
//
// Ack mode (`kafka.ack-mode`). BATCH, the seed's (its custom container factories keep Spring
// Kafka's default, §8.2): a poll takes what each partition has ready, at most max.poll.records;
// the thread handles those records partition by partition (a poll's records come grouped by
// partition) and commits their offsets after the last (KafkaMessageListenerContainer commits its
// pending acks before the next poll). A failure commits the acks pending before it, then the
// error handler seeks the failed record and the rest of the batch; they are polled again (here the
// retried record is handled first and the next poll follows it; in Spring the poll after the
// back-off returns it with whatever else is ready, partition by partition). So a
// crash redelivers every record of the batch handled since the last commit. RECORD commits each
// record's offset after its handler. Which of several ready partitions goes first is a decision
// (Site::TiePartition) whose seed answer is the record appended first.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/host/world.hpp"

namespace sagasim {

class ListenerLoop {
public:
    explicit ListenerLoop(World& w) : w_(w) {}
    void reset();
    // A wake-up of listener `l`: take the next record of its batch, or commit the batch and poll.
    void on_deliver(uint32_t l);
    // Asks listener `l` to look for work at `at` (no-op if it is busy or will look earlier).
    void wake(uint32_t l, SimTime at);
    // The handler committed its transaction: RECORD commits the offset; BATCH acks the record and
    // takes the next one.
    void handled(uint32_t l);
    // The error handler recovered the record in hand (dead letter sent, or skipped): its offset is
    // committed with what the batch acked before it, and the listener polls again.
    void recovered(uint32_t l);
    // The record in hand failed: the acks pending before it are committed now, before the error
    // handler's back-off, and the rest of the batch is polled again after it.
    void failed(uint32_t l);
    // The offset commit: the record in hand's (RECORD), or every pending ack (BATCH).
    void on_offset_commit(uint32_t l);
    // After a crash of replica `r` of `s`: every listener of it goes back to its committed
    // offsets; what its batches acked and had not committed is lost.
    void rewind(Service s, uint8_t r);
    // After a restart of replica `r` of `s`: every listener of it looks for work.
    void wake_all(Service s, uint8_t r);
    // Whether listener `l` has nothing in hand: no record, no open batch, no acks to commit (where
    // a rebalance waits for it).
    bool between_batches(uint32_t l) const {
        const Batch& b = batches_[l];
        return !w_.jobs[l].busy && !b.open && b.acks.empty();
    }

private:
    struct Batch {
        bool open = false;
        uint32_t taken = 0;           // records handed to the thread from this poll
        uint32_t partition = 0;       // the partition it is draining
        std::vector<uint64_t> end;    // per partition: one past the poll's last record
        std::vector<RecordRef> acks;  // handled or recovered, offset not yet committed
    };
    bool batch_mode() const { return w_.sc.kafka.ack_mode == KafkaConfig::AckMode::Batch; }
    // Which of ready_'s records goes first (Site::TiePartition; asked only when there are two or more).
    size_t pick_partition(uint32_t l);
    // Hands the record at `ref` to the thread: a Deliver step, then the handler.
    void take(uint32_t l, RecordRef ref);
    // Commits the offsets of the batch's acks, an OffsetCommit step each.
    void commit_acks(uint32_t l);
    // One offset commit of the record j.record, whose event is `e`, and its step; a member the
    // group rebalanced without fails it.
    void commit_one(uint32_t l, const Event& e);

    World& w_;
    std::vector<RecordRef> ready_;
    std::vector<Batch> batches_;
    uint32_t ties_ = 0;
};

}  // namespace sagasim
