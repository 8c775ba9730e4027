// The World's own helpers: the service behind a name, a job's step, fresh eventIds.
#include "sim/host/world.hpp"

#include "sim/broker/partitioner.hpp"

namespace sagasim {
namespace {

ServiceDesign service_design_of(const Design& d) {
    ServiceDesign s;
    s.early_events_retry = d.early_events == EarlyEvents::Retry;
    s.refund_on_shipment_failure = d.refund_on_shipment_failure;
    s.finalize_reservations = d.finalize_reservations;
    s.saga_timeout = d.saga_timeout.has_value();
    s.fenced_timeouts = s.saga_timeout && d.timeouts == Timeouts::Fenced;
    s.failure_path_commits = d.publish != PublishMode::BeforeCommit;
    return s;
}

}  // namespace

ServiceDesign service_design(const Design& d) { return service_design_of(d); }

World::World(const Scenario& scenario, const std::vector<FaultIdentity>& ids, const Lanes& lane_table, EventQueue& q,
             Decisions& d, StepSink& s, FaultPhase& p)
    : sc(scenario),
      design(service_design_of(scenario.design)),
      fault_ids(ids),
      lanes(lane_table),
      queue(q),
      decisions(d),
      sink(s),
      phase(p),
      broker(scenario.kafka.partitions, design, most_replicas(scenario)),
      message_faults(scenario, ids, p, design, fault_ledger),
      process_faults(scenario, ids, p, fault_ledger),
      order(design),
      inventory(design, &scenario.skus) {}

ServiceRuntime& World::runtime(Service s) {
    switch (s) {
        case Service::Order: return order;
        case Service::Inventory: return inventory;
        case Service::Payment: return payment;
        case Service::Shipment: return shipment;
    }
    return order;
}

bool World::topic_accepts(TopicId topic, uint32_t partition) {
    if (!is_dash_dlt(topic)) return partition < sc.kafka.partitions;
    uint32_t& n = dash_dlt_partitions[size_t(topic - kDashDltBase)];
    if (n == 0 && sc.kafka.auto_create_topics) n = sc.kafka.auto_create_partitions;
    return partition < n;
}

EventId World::fresh_event_id(OrderId o) {
    const uint64_t bits = decisions.bits64(subjects.next(Site::FreshEventId, OrderSite::FreshEventId, o));
    const EventId id = bits & ~(1ULL << 63);
    return id == 0 ? 1 : id;
}

uint8_t World::worker_replica(Service s) const {
    for (uint16_t m = up_replicas(s); m != 0; m = uint16_t(m & (m - 1))) {
        const auto r = uint8_t(std::countr_zero(m));
        if (!process_faults.window_end(FaultKind::Pause, s, r, now())) return r;
    }
    return first_up(s);
}

uint32_t World::partition_of(const Event& e) const {
    PartitionOf& c = partition_cache_[size_t(e.order_number.lo ^ e.order_number.hi) & (partition_cache_.size() - 1)];
    if (c.partition == UINT32_MAX || c.key != e.order_number) c = {e.order_number, partition_for_order(e.order_number, broker.partitions())};
    return c.partition;
}

}  // namespace sagasim
