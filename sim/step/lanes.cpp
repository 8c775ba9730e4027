// The lane table of a run's topology.
#include "sim/step/lanes.hpp"

#include <array>

#include <fmt/format.h>

namespace sagasim {

std::string_view lane_kind_name(LaneKind k) {
    static constexpr std::array<std::string_view, 9> kNames{"listener", "http",      "relay",  "saga-timeout", "producer",
                                                            "process",  "partition", "client", "checker"};
    return kNames[size_t(k)];
}

uint16_t Lanes::add(LaneKind kind, uint8_t service, uint8_t topic, uint32_t partition, std::string name) {
    lanes_.push_back(LaneInfo{kind, service, topic, partition, std::move(name)});
    kinds_.push_back(kind);
    return uint16_t(lanes_.size() - 1);
}

Lanes::Lanes(const std::vector<std::pair<Service, Topic>>& listeners, uint32_t partitions, bool relays,
             bool saga_timeout, const std::vector<uint8_t>& replica_of,
             const std::array<uint8_t, kServiceCount>& replicas)
    : partitions_(partitions), first_replica_(listeners.size()) {
    for (size_t l = 0; l < replica_of.size(); ++l)
        if (replica_of[l] != 0) {
            first_replica_ = l;
            break;
        }
    first_listener_ = uint16_t(lanes_.size());
    for (size_t l = 0; l < first_replica_; ++l) {
        const auto& [s, t] = listeners[l];
        add(LaneKind::Listener, uint8_t(s), topic_id(t), 0, fmt::format("{}/{}", service_name(s), topic_name(t)));
    }
    http_.assign(kServiceCount, 0);
    relay_.assign(kServiceCount, 0);
    producer_.assign(kServiceCount, 0);
    process_.assign(kServiceCount, 0);
    for (Service s : kAllServices) {
        const std::string_view n = service_name(s);
        // Only the order and inventory services take REST requests of the scenario.
        if (s == Service::Order || s == Service::Inventory)
            http_[size_t(s)] = add(LaneKind::Http, uint8_t(s), 0xff, 0, fmt::format("{}/http", n));
        if (relays) relay_[size_t(s)] = add(LaneKind::Relay, uint8_t(s), 0xff, 0, fmt::format("{}/relay", n));
        producer_[size_t(s)] = add(LaneKind::Producer, uint8_t(s), 0xff, 0, fmt::format("{}/producer", n));
        process_[size_t(s)] = add(LaneKind::Process, uint8_t(s), 0xff, 0, fmt::format("{}/process", n));
    }
    if (saga_timeout) saga_timeout_ = add(LaneKind::SagaTimeout, uint8_t(Service::Order), 0xff, 0, "order/saga-timeout");
    first_partition_ = uint16_t(lanes_.size());
    const auto add_partitions = [&](int from, int to) {
        for (int t = from; t < to; ++t)
            for (uint32_t p = 0; p < partitions; ++p)
                add(LaneKind::Partition, 0xff, uint8_t(t), p, fmt::format("kafka/{}/{}", topic_id_name(TopicId(t)), p));
    };
    add_partitions(0, kDashDltBase);
    client_ = add(LaneKind::Client, 0xff, 0xff, 0, "client");
    checker_ = add(LaneKind::Checker, 0xff, 0xff, 0, "checker");
    // The `<topic>-dlt` topics came later than the lanes above: theirs go last, so the others keep
    // their numbers.
    first_dash_dlt_ = uint16_t(lanes_.size());
    add_partitions(kDashDltBase, kTopicIdCount);
    // Replicas after the first (seed-behaviour.md §8.6): "inventory-2/process", and the listeners
    // in the broker's order.
    for (Service s : kAllServices)
        for (uint8_t r = 1; r < replicas[size_t(s)]; ++r)
            other_processes_[size_t(s)].push_back(
                add(LaneKind::Process, uint8_t(s), 0xff, 0, fmt::format("{}-{}/process", service_name(s), r + 1)));
    for (size_t l = first_replica_; l < listeners.size(); ++l) {
        const auto& [s, t] = listeners[l];
        other_listeners_.push_back(add(LaneKind::Listener, uint8_t(s), topic_id(t), 0,
                                       fmt::format("{}-{}/{}", service_name(s), replica_of[l] + 1, topic_name(t))));
    }
    // Each replica runs its own relay ("inventory-2/relay"); these came after the lanes above.
    if (relays)
        for (Service s : kAllServices)
            for (uint8_t r = 1; r < replicas[size_t(s)]; ++r)
                other_relays_[size_t(s)].push_back(
                    add(LaneKind::Relay, uint8_t(s), 0xff, 0, fmt::format("{}-{}/relay", service_name(s), r + 1)));
}

}  // namespace sagasim
