// The lanes of a run: the threads and places where steps happen, as the trace's header lists
// them and a timeline draws them. A service has a lane per listener thread (one per consumed
// topic and replica), its REST request threads, its producer, its process per replica (crash,
// restart, fault windows, rebalances),
// and, in designs that have them, its outbox relay per replica and the saga-timeout task; the broker has a
// lane per topic partition; the scenario's client and the checkers have one each. Built once per
// scenario from the topology; the same for every run of it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/service_design.hpp"
#include "services/common/topics.hpp"

namespace sagasim {

enum class LaneKind : uint8_t { Listener, Http, Relay, SagaTimeout, Producer, Process, Partition, Client, Checker };
std::string_view lane_kind_name(LaneKind k);

struct LaneInfo {
    LaneKind kind;
    uint8_t service = 0xff;  // Service, or 0xff (partition, client, checker)
    uint8_t topic = 0xff;    // TopicId (listener, partition)
    uint32_t partition = 0;  // partition lanes
    std::string name;        // "inventory/order-placed-topic", "order/http", "kafka/order-placed-topic/0"
};

class Lanes {
public:
    // `listeners` are the (service, topic) of the broker's listeners, in its order, and
    // `replica_of` their replicas (empty: all 0): replica 0's come first; the other replicas'
    // ("inventory-2/...") get lanes after all others, so that a run with one replica per service
    // keeps its lane numbers. `replicas`: the most each service runs.
    Lanes(const std::vector<std::pair<Service, Topic>>& listeners, uint32_t partitions, bool relays,
          bool saga_timeout, const std::vector<uint8_t>& replica_of = {},
          const std::array<uint8_t, kServiceCount>& replicas = {1, 1, 1, 1});
    const std::vector<LaneInfo>& all() const { return lanes_; }
    const LaneInfo& info(uint16_t lane) const { return lanes_[lane]; }
    LaneKind kind(uint16_t lane) const { return kinds_[lane]; }
    uint16_t listener(size_t l) const {
        return l < first_replica_ ? uint16_t(first_listener_ + l) : other_listeners_[l - first_replica_];
    }
    uint16_t http(Service s) const { return per_service(http_, s); }
    // The outbox relay of replica `replica` (designs with publish: outbox; 0 otherwise).
    uint16_t relay(Service s, uint8_t replica = 0) const {
        if (replica == 0 || other_relays_[size_t(s)].empty()) return per_service(relay_, s);
        return other_relays_[size_t(s)][replica - 1];
    }
    uint16_t saga_timeout() const { return saga_timeout_; }
    uint16_t producer(Service s) const { return per_service(producer_, s); }
    uint16_t process(Service s, uint8_t replica = 0) const {
        return replica == 0 ? per_service(process_, s) : other_processes_[size_t(s)][replica - 1];
    }
    uint16_t partition(uint8_t topic, uint32_t p) const {
        if (is_dash_dlt(topic)) return uint16_t(first_dash_dlt_ + (topic - kDashDltBase) * partitions_ + p);
        return uint16_t(first_partition_ + topic * partitions_ + p);
    }
    uint16_t client() const { return client_; }
    uint16_t checker() const { return checker_; }

private:
    uint16_t add(LaneKind kind, uint8_t service, uint8_t topic, uint32_t partition, std::string name);
    static uint16_t per_service(const std::vector<uint16_t>& v, Service s) { return v[size_t(s)]; }

    std::vector<LaneInfo> lanes_;
    std::vector<LaneKind> kinds_;  // lanes_[i].kind, packed for the per-step sinks
    uint32_t partitions_;
    uint16_t first_listener_ = 0, first_partition_ = 0, saga_timeout_ = 0, client_ = 0, checker_ = 0;
    uint16_t first_dash_dlt_ = 0;
    std::vector<uint16_t> http_, relay_, producer_, process_;
    size_t first_replica_ = SIZE_MAX;
    std::vector<uint16_t> other_listeners_;
    std::array<std::vector<uint16_t>, kServiceCount> other_processes_;
    std::array<std::vector<uint16_t>, kServiceCount> other_relays_;
};

}  // namespace sagasim
