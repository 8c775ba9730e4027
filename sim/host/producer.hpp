// The producer of every service, and the broker's side of a send (seed-behaviour.md §8.1). One
// path for every record: a handler's publish, a dead letter, the outbox relay's send and the
// scenario's injected records all go through send(). A send is a Send step; the message faults
// judge it (a Fault step for each that acts); the record reaches its partition after the drawn
// latency (an Append step, then copies made by duplicate or republish faults), or never (Lost);
// and a waiting job gets its ack, or a timeout after 10 s, as send(...).get(10, SECONDS) does.
// A send to a topic or partition the broker does not have blocks its thread for max.block.ms and
// fails (a Lost step): what the order service's dead letters meet on the seed's broker (§8.3).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/host/world.hpp"

namespace sagasim {

inline constexpr uint32_t kNoJob = UINT32_MAX;

class Producer {
public:
    explicit Producer(World& w) : w_(w) {}
    void reset();
    // Sends `e` to topic/partition for `job` (kNoJob: nobody waits for the ack) on step lane
    // `lane`, as service `from` (a Service, whose network a disconnect cuts; kNoService: the
    // scenario's test client), after step `cause`. Returns the last step it raised (the causal
    // link of what follows).
    uint64_t send(uint32_t job, uint8_t from, uint16_t lane, const Event& e, TopicId topic, uint32_t partition,
                  uint64_t cause);
    // The record of in-flight slot `slot` reaches its partition.
    void on_append(uint64_t slot);
    // Job `job`'s send got no ack within 10 s: send(...).get() throws IllegalStateException.
    void on_send_timeout(uint32_t job);
    // Job `job`'s send waited max.block.ms (60 s) for metadata of a topic or partition that does
    // not exist: KafkaProducer.send throws TimeoutException, nothing reaches the broker.
    void on_send_blocked(uint32_t job);
    // Job `job`'s process died while its send waited for metadata: the record never left it (a
    // Lost step after `cause`, the Abandon).
    void abandon_blocked(uint32_t job, uint64_t cause);
    uint64_t inflight() const { return inflight_; }

private:
    struct InflightSend {
        Event event;
        TopicId topic = 0;
        uint32_t partition = 0;
        uint64_t cause = 0;      // the send's last step (the Send, or the last Fault on it)
        uint32_t job = kNoJob;   // the job waiting for the ack, with its epoch then
        uint64_t job_epoch = 0;
        uint64_t send_step = 0;
        MessageVerdict verdict;
        bool in_use = false;
    };
    uint64_t new_slot();
    uint64_t append(const InflightSend& f, const Event& e, uint8_t only_mask, bool copy);

    World& w_;
    std::vector<InflightSend> sends_;  // the first used_ are this run's slots
    size_t used_ = 0;
    std::vector<uint32_t> free_;
    uint64_t inflight_ = 0;
};

}  // namespace sagasim
