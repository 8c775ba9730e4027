// The host's wiring: its parts, the dispatch of queued events to them, and the scenario's client
// side as the host meets it (REST calls, injected records, the initial stock).
#include "sim/host/host.hpp"

#include <fmt/format.h>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {

Lanes lanes_of(const Scenario& sc) {
    const std::array<uint8_t, kServiceCount> replicas = most_replicas(sc);
    const Broker broker(sc.kafka.partitions, service_design(sc.design), replicas);
    std::vector<std::pair<Service, Topic>> listeners;
    std::vector<uint8_t> replica_of;
    for (size_t l = 0; l < broker.listener_count(); ++l) {
        listeners.emplace_back(broker.cursor(l).service, broker.cursor(l).topic);
        replica_of.push_back(broker.cursor(l).replica);
    }
    return Lanes(listeners, sc.kafka.partitions, sc.design.publish == PublishMode::Outbox,
                 sc.design.saga_timeout.has_value(), replica_of, replicas);
}

Host::Host(const Scenario& sc, const std::vector<FaultIdentity>& fault_ids, const Lanes& lanes, EventQueue& queue,
           Decisions& decisions, StepSink& sink, FaultPhase& phase)
    : w_(sc, fault_ids, lanes, queue, decisions, sink, phase),
      producer_(w_),
      listeners_(w_),
      handlers_(w_),
      errors_(w_),
      process_(w_),
      relay_(w_),
      timers_(w_),
      groups_(w_) {
    w_.producer = &producer_;
    w_.listeners = &listeners_;
    w_.handlers = &handlers_;
    w_.errors = &errors_;
    w_.process = &process_;
    w_.relay = &relay_;
    w_.timers = &timers_;
    w_.groups = &groups_;
    for (uint32_t l = 0; l < w_.broker.listener_count(); ++l) listener_lanes_.push_back(lanes.listener(l));
    const std::array<uint8_t, kServiceCount> replicas = most_replicas(sc);
    for (Service s : kAllServices)
        for (uint8_t r = 0; r < replicas[size_t(s)]; ++r) relay_lanes_[size_t(s)].push_back(lanes.relay(s, r));
}

void Host::reset(size_t orders) {
    w_.broker.reset();
    w_.fault_ledger.reset(w_.sc.faults.size());
    w_.message_faults.reset();
    w_.process_faults.reset();
    w_.order = OrderService(w_.design);
    w_.inventory = InventoryService(w_.design, &w_.sc.skus);
    w_.payment = PaymentService(w_.design);
    w_.shipment = ShipmentService();
    w_.order.mutable_store().reserve(orders);
    w_.inventory.mutable_store().reserve(orders);
    w_.payment.mutable_store().reserve(orders);
    w_.shipment.mutable_store().reserve(orders);
    w_.jobs.reset(w_.broker, listener_lanes_, relay_lanes_);
    w_.subjects.reset(orders);
    w_.crashed = {};
    groups_.reset();
    w_.dash_dlt_partitions = {};
    producer_.reset();
    listeners_.reset();
    handlers_.reset();
    errors_.reset();
    relay_.reset();
    process_.reset();
    injected_ids_.clear();
    injected_numbers_.clear();
}

void Host::start() {
    w_.writes.clear();
    for (const auto& [sku, quantity] : w_.sc.inventory)
        w_.inventory.mutable_store().load_initial(w_.sc.skus.trimmed(sku), quantity, w_.writes);
    if (!w_.sc.inventory.empty()) {
        Step s;
        s.kind = StepKind::InitialStock;
        s.lane = w_.lanes.http(Service::Inventory);
        s.service = uint8_t(Service::Inventory);
        s.writes = w_.writes.writes();
        w_.emit(s);
    }
    process_.start();
    groups_.start();
}

std::vector<uint64_t> Host::records_handled() const {
    const Broker& b = w_.broker;
    std::vector<uint64_t> out(b.group_count(), 0);
    for (size_t g = 0; g < b.group_count(); ++g)
        for (uint32_t p = 0; p < b.partitions(); ++p) out[g] += b.group(g).committed[p];
    return out;
}

Host::Backlog Host::largest_backlog(const std::vector<uint64_t>& before) const {
    const Broker& b = w_.broker;
    const std::vector<uint64_t> now = records_handled();
    Backlog out;
    size_t which = 0;
    for (size_t g = 0; g < b.group_count(); ++g) {
        const GroupCursor& c = b.group(g);
        uint64_t n = 0;
        for (uint32_t p = 0; p < b.partitions(); ++p) n += b.log_end(topic_id(c.topic), p) - c.committed[p];
        if (n > out.left) {
            out.left = n;
            which = g;
        }
    }
    if (out.left == 0) return out;
    const GroupCursor& c = b.group(which);
    out.handled_since = now[which] - (which < before.size() ? before[which] : 0);
    out.text = fmt::format("{}'s listener on {}: {} record{} not yet handled", service_name(c.service),
                           topic_name(c.topic), out.left, out.left == 1 ? "" : "s");
    return out;
}

namespace {
std::string_view article(std::string_view word) {
    return !word.empty() && std::string_view("AEIOU").find(word[0]) != std::string_view::npos ? "an" : "a";
}
}  // namespace

std::map<OrderId, std::string> Host::stuck_behind_wedges() const {
    std::map<OrderId, std::string> out;
    const Broker& b = w_.broker;
    const std::vector<std::optional<ErrorHandler::Wedge>>& wedges = errors_.wedges();
    for (size_t l = 0; l < wedges.size(); ++l) {
        if (!wedges[l]) continue;
        const ErrorHandler::Wedge& w = *wedges[l];
        const ListenerCursor& c = b.cursor(l);
        const std::vector<uint64_t>& committed = b.committed(l);
        const std::string listener =
            c.replica == 0 ? fmt::format("{}'s listener on {}", service_name(c.service), topic_name(c.topic))
                           : fmt::format("{}-{}'s listener on {}", service_name(c.service), c.replica + 1, topic_name(c.topic));
        const uint32_t have = is_dash_dlt(w.destination) ? w_.dash_dlt_partitions[w.destination - kDashDltBase]
                                                         : w_.sc.kafka.partitions;
        const std::string missing =
            have == 0 ? fmt::format("{} does not exist on this broker", topic_id_name(w.destination))
                      : fmt::format("{} has {} partition{}, none numbered {}", topic_id_name(w.destination), have,
                                    have == 1 ? "" : "s", w.record.partition);
        for (uint32_t p = 0; p < b.partitions(); ++p) {
            const TopicId t = topic_id(c.topic);
            if (b.owner(c.group, p) != l) continue;  // another member's partition: not behind this wedge
            for (uint64_t off = committed[p]; off < b.log_end(t, p); ++off) {
                const RecordRef ref{t, p, off};
                const Record& r = b.record(ref);
                if (!(r.only_mask & c.bit) || r.event.order_id == 0 || out.count(r.event.order_id)) continue;
                const std::string_view type = event_type_name(r.event.type);
                if (ref == w.record) {
                    out[r.event.order_id] = fmt::format(
                        "its {} on {}[{}] offset {} fails every attempt and cannot be dead-lettered ({}), so {} "
                        "retries it forever (step {})",
                        type, topic_name(c.topic), p, off, missing, listener, w.step);
                } else {
                    out[r.event.order_id] = fmt::format(
                        "its {} waits on {}[{}] offset {} behind {}[{}] offset {} ({} {} for order {}), which {} "
                        "retries forever: {}, so that record cannot be dead-lettered (step {})",
                        type, topic_name(c.topic), p, off, topic_name(c.topic), w.record.partition, w.record.offset,
                        article(event_type_name(w.type)), event_type_name(w.type), w.order, listener, missing, w.step);
                }
            }
        }
    }
    return out;
}

void Host::dispatch(const QueuedEvent& e) {
    switch (e.kind()) {
        case kEvDeliver: listeners_.on_deliver(e.target); return;
        case kEvAppend: producer_.on_append(e.arg); return;
        case kEvCrash: process_.crash(w_.process_faults.timed_crashes()[e.arg].second, 0); return;
        case kEvRestart: process_.restart(Service(e.target), uint16_t(e.arg)); return;
        case kEvSessionExpiry: groups_.on_session_expiry(e.target, e.arg); return;
        case kEvPollTimeout: groups_.on_poll_timeout(e.target, e.arg); return;
        case kEvScale: groups_.scale(w_.process_faults.scale_steps()[e.arg].second); return;
        case kEvNemesis: process_.nemesis(); return;
        case kEvWindowBegin: process_.window_begin(w_.process_faults.declared_windows()[e.arg]); return;
        case kEvWindowEnd:
            process_.window_end(Service(e.target), uint8_t(e.arg >> 24), FaultKind(e.arg >> 16 & 0xff),
                                uint16_t(e.arg & 0xffff));
            return;
        case kEvTimer: timers_.fire(e.arg); return;
        case kEvRelay: relay_.wake(Service(e.target)); return;
        default: break;
    }
    Job& j = w_.jobs[e.target];
    if (!j.busy || j.epoch != e.arg) return;  // abandoned by a crash: the thread is gone
    if (process_.stalled(e.target, e)) return;
    switch (e.kind()) {
        case kEvRetry:
            if (j.kind == JobKind::Relay) relay_.backed_off(e.target);
            else errors_.on_retry(e.target);
            break;
        case kEvDecide: handlers_.on_decide(e.target); break;
        case kEvAck: handlers_.on_ack(e.target); break;
        case kEvCommit: handlers_.on_commit(e.target); break;
        case kEvOffsetCommit: listeners_.on_offset_commit(e.target); break;
        case kEvSendTimeout: producer_.on_send_timeout(e.target); break;
        case kEvSendBlocked: producer_.on_send_blocked(e.target); break;
        default: SIM_ASSERT(false, "unknown host event kind {}", e.kind());
    }
}

void Host::client_order(uint64_t identity, SkuId sku, int32_t quantity, Money price) {
    handlers_.client_request(JobKind::CreateOrder, identity, sku, quantity, price);
}

void Host::client_restock(SkuId sku, int32_t quantity) {
    handlers_.client_request(JobKind::Restock, 0, sku, quantity, Money{});
}

void Host::client_reserve(SkuId sku, int32_t quantity) {
    handlers_.client_request(JobKind::DirectReserve, 0, sku, quantity, Money{});
}

void Host::inject(const Injection& inj, uint64_t identity) {
    Event e;
    e.type = event_type_of(inj.topic);
    e.order_id = inj.order_id;
    e.occurred_at_us = w_.now().us;
    if (const OrderRow* row = w_.order.store().find(inj.order_id)) {
        e.order_number = row->order_number;
        e.sku = row->sku;
        e.quantity = row->quantity;
        e.price = row->price;
    } else {
        // One orderNumber per unknown orderId, so copies of a record keep their key (and partition).
        auto [it, fresh] = injected_numbers_.emplace(inj.order_id, Uuid{});
        if (fresh) {
            uint64_t hi = 0, lo = 0;
            w_.decisions.bits128(DrawKey{Site::OrderNumber, 0, OrderSubjects::unknown(inj.order_id), 0, inj.order_id},
                                 hi, lo);
            it->second = make_uuid_v4(hi, lo);
        }
        e.order_number = it->second;
    }
    if (inj.sku != kNoSku) e.sku = inj.sku;
    if (inj.quantity) e.quantity = *inj.quantity;
    if (inj.price) e.price = *inj.price;
    e.amount = inj.amount ? *inj.amount : times(e.price, e.quantity);
    if (inj.reason) {
        e.reason = ReasonCode::Injected;
        e.reason_text_id = uint32_t(&inj - w_.sc.injections.data());  // its text: the injection's reason
    } else {
        // The seed's own text for the event type, as its producer would write it.
        switch (e.type) {
            case EventType::InventoryFailedEvent:
            case EventType::OrderFailedEvent:
                e.reason = ReasonCode::InsufficientInventory;
                e.reason_sku = e.sku;
                e.reason_requested = e.quantity;
                break;
            case EventType::PaymentFailedEvent: e.reason = ReasonCode::PaymentDeclined; break;
            case EventType::ShipmentFailedEvent:
            case EventType::OrderShipmentFailedEvent: e.reason = ReasonCode::CarrierRejected; break;
            default: break;
        }
    }
    // The eventId: one per `event-id` label (so a byte-identical copy can be sent), else the
    // injection's own; a decision keyed by the label or the injection, never by a counter.
    const auto draw_id = [&](uint64_t subject) {
        const EventId id = w_.decisions.bits64(DrawKey{Site::FreshEventId, 0, subject, 0, inj.order_id}) & ~(1ULL << 63);
        return id == 0 ? EventId{1} : id;
    };
    if (inj.event_label) {
        auto [it, fresh] = injected_ids_.emplace(*inj.event_label, 0);
        if (fresh) it->second = draw_id(mix64(0x6576656e742d6964ULL, *inj.event_label));
        e.event_id = it->second;
    } else {
        e.event_id = draw_id(identity);
    }
    Step s;
    s.kind = StepKind::Inject;
    s.lane = w_.lanes.client();
    s.topic = topic_id(inj.topic);
    s.order = e.order_id;
    s.event_type = uint8_t(e.type);
    s.event_id = e.event_id;
    s.event = &e;
    const uint64_t step = w_.emit(s);
    // KafkaTemplate.send from the test: nobody waits for the ack; the message faults apply.
    producer_.send(kNoJob, kNoService, w_.lanes.client(), e, topic_id(inj.topic), w_.partition_of(e), step);
}

}  // namespace sagasim
