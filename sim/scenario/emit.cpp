// Scenario -> YAML text (emit.hpp). Flow maps for list entries, as the shipped scenarios write
// them; strings in double quotes (JSON's escapes are YAML's).
#include "sim/scenario/emit.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/check/catalog.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/reader.hpp"

namespace sagasim {
namespace {

std::string str_quoted(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }
std::string dur(Duration d) { return d.us == 0 ? std::string("0s") : format_duration(d); }
std::string at(SimTime t) { return dur(Duration{t.us}); }
std::string money(Money m) {
    const int64_t a = m.cents < 0 ? -m.cents : m.cents;
    return fmt::format("\"{}{}.{:02}\"", m.cents < 0 ? "-" : "", a / 100, a % 100);
}
// Parts per million as the shortest decimal that parses back to them: 50000 -> 0.05, 1000000 -> 1.0.
std::string probability(Ppm p) {
    if (p >= kPpmOne) return "1.0";
    std::string frac = fmt::format("{:06}", p);
    while (frac.size() > 1 && frac.back() == '0') frac.pop_back();
    return "0." + frac;
}
std::string duration_range(const Range<Duration>& r) {
    return r.min == r.max ? dur(r.min) : fmt::format("[{}, {}]", dur(r.min), dur(r.max));
}
std::string rate_unit(Duration u) {
    if (u == Duration::millis(1)) return "ms";
    if (u == Duration::seconds(60)) return "m";
    return "s";
}
std::string crash_point(CrashPoint p) {
    switch (p) {
        case CrashPoint::BeforePublish: return "before-publish";
        case CrashPoint::AfterPublish: return "after-publish";
        case CrashPoint::AfterCommit: return "after-commit";
    }
    return "?";
}
std::string kind_name(FaultKind k) {
    for (const FaultKindInfo& f : fault_kinds())
        if (f.kind == k) return std::string(f.name);
    return "?";
}

// "{a: 1, b: 2}" from the pairs given, in order.
std::string flow(const std::vector<std::pair<std::string, std::string>>& kv) {
    std::string s = "{";
    for (size_t i = 0; i < kv.size(); ++i) s += (i ? ", " : "") + kv[i].first + ": " + kv[i].second;
    return s + "}";
}

std::string topics(const FaultSpec& f) {
    if (f.all_topics) return "\"*\"";
    if (f.topics.size() == 1) return std::string(topic_name(f.topics[0]));
    std::string s = "[";
    for (size_t i = 0; i < f.topics.size(); ++i) s += (i ? ", " : "") + std::string(topic_name(f.topics[i]));
    return s + "]";
}

std::string fault(const FaultSpec& f) {
    std::vector<std::pair<std::string, std::string>> kv;
    const bool message = f.kind == FaultKind::Delay || f.kind == FaultKind::Duplicate ||
                         f.kind == FaultKind::Republish || f.kind == FaultKind::Drop || f.kind == FaultKind::Reorder;
    if (message) kv.emplace_back("topic", topics(f));
    if (f.service) kv.emplace_back("service", std::string(service_name(*f.service)));
    if (f.replica) kv.emplace_back("replica", fmt::format("{}", unsigned(*f.replica) + 1));  // 1-based in the file
    if (f.point) kv.emplace_back("point", crash_point(*f.point));
    if (f.at) kv.emplace_back("at", at(*f.at));
    if (f.scale_to) kv.emplace_back("replicas", fmt::format("{}", unsigned(*f.scale_to)));
    if (f.probability) kv.emplace_back("probability", probability(*f.probability));
    if (f.order) kv.emplace_back("order", fmt::format("{}", *f.order));
    if (f.nth) kv.emplace_back("nth", fmt::format("{}", *f.nth));
    if (f.from) kv.emplace_back("from", at(*f.from));
    if (f.to) kv.emplace_back("to", at(*f.to));
    if (f.by) kv.emplace_back("by", duration_range(*f.by));
    if (f.window) kv.emplace_back("window", dur(*f.window));
    if (f.restart_after) kv.emplace_back("restart-after", dur(*f.restart_after));
    if (f.kind == FaultKind::Nemesis) {
        std::string k = "[";
        for (size_t i = 0; i < f.kinds.size(); ++i) k += (i ? ", " : "") + kind_name(f.kinds[i]);
        kv.emplace_back("kinds", k + "]");
        if (f.interval) kv.emplace_back("interval", dur(*f.interval));
        if (f.duration) kv.emplace_back("duration", duration_range(*f.duration));
    }
    if (!f.id.empty()) kv.emplace_back("id", f.id);
    return fmt::format("{{{}: {}}}", kind_name(f.kind), flow(kv));
}

// The switches that differ from `base`, as they are written.
std::vector<std::pair<std::string, std::string>> switches(const Design& d, const Design& base) {
    std::vector<std::pair<std::string, std::string>> kv;
    if (d.publish != base.publish)
        kv.emplace_back("publish", d.publish == PublishMode::Outbox        ? "outbox"
                                   : d.publish == PublishMode::AfterCommit ? "after-commit"
                                                                           : "before-commit");
    if (d.event_ids != base.event_ids)
        kv.emplace_back("event-ids", d.event_ids == EventIdMode::Stable ? "stable" : "per-publish");
    if (d.early_events != base.early_events)
        kv.emplace_back("early-events", d.early_events == EarlyEvents::Retry ? "retry" : "ignore");
    if (d.refund_on_shipment_failure != base.refund_on_shipment_failure)
        kv.emplace_back("refund-on-shipment-failure", d.refund_on_shipment_failure ? "true" : "false");
    if (d.finalize_reservations != base.finalize_reservations)
        kv.emplace_back("finalize-reservations", d.finalize_reservations ? "true" : "false");
    if (d.saga_timeout != base.saga_timeout) kv.emplace_back("saga-timeout", d.saga_timeout ? dur(*d.saga_timeout) : "none");
    if (d.dead_letters != base.dead_letters)
        kv.emplace_back("dead-letters", d.dead_letters == DeadLetters::Declared ? "declared" : "spring-default");
    if (d.compensations != base.compensations)
        kv.emplace_back("compensations", d.compensations == Compensations::UntilDone ? "until-done" : "skip");
    // Without a saga timeout the switch says nothing (and the loader refuses it).
    if (d.saga_timeout && d.timeouts != base.timeouts)
        kv.emplace_back("timeouts", d.timeouts == Timeouts::Fenced ? "fenced" : "compensate");
    return kv;
}

// `seed`, `hardened`, or the switches from whichever of the two is nearer.
std::string design(const Design& d) {
    const auto from_seed = switches(d, Design{});
    const auto from_hardened = switches(d, hardened_design());
    if (from_seed.empty()) return "seed";
    if (from_hardened.empty()) return "hardened";
    if (from_seed.size() <= from_hardened.size()) return flow(from_seed);
    auto kv = from_hardened;
    kv.insert(kv.begin(), {"base", "hardened"});
    return flow(kv);
}

template <typename Map, typename Name>
std::string counts(const Map& m, Name name) {
    std::vector<std::pair<std::string, std::string>> kv;
    for (const auto& [k, v] : m) kv.emplace_back(std::string(name(k)), fmt::format("{}", v));
    return flow(kv);
}

std::string expect(const Scenario& sc) {
    const Expect& e = sc.expect;
    std::string s = "expect:\n";
    if (e.violations) {
        std::string list = "[";
        for (size_t i = 0; i < e.violations->size(); ++i) list += (i ? ", " : "") + (*e.violations)[i];
        list += "]";
        if (e.violations_allowed) s += "  violations: {allowed: " + list + "}\n";
        else s += "  violations: " + (e.violations->empty() ? std::string("none") : list) + "\n";
    }
    if (e.final_status) s += "  final: " + counts(*e.final_status, order_status_name) + "\n";
    if (!e.stock.empty()) s += "  stock: " + counts(e.stock, [&](SkuId k) { return str_quoted(sc.skus.name(k)); }) + "\n";
    if (e.payments) s += "  payments: " + counts(*e.payments, payment_status_name) + "\n";
    if (e.shipments) s += "  shipments: " + counts(*e.shipments, shipment_status_name) + "\n";
    if (!e.records.empty()) s += "  records: " + counts(e.records, topic_id_name) + "\n";
    if (e.reservations) s += fmt::format("  reservations: {}\n", *e.reservations);
    if (!e.events.empty()) {
        s += "  events:\n";
        for (const EventExpectation& ev : e.events) {
            std::vector<std::pair<std::string, std::string>> kv{{"topic", std::string(topic_name(ev.topic))},
                                                                 {"order-id", fmt::format("{}", ev.order_id)}};
            if (ev.sku) kv.emplace_back("sku", str_quoted(*ev.sku));
            if (ev.quantity) kv.emplace_back("quantity", fmt::format("{}", *ev.quantity));
            if (ev.price) kv.emplace_back("price", money(*ev.price));
            if (ev.amount) kv.emplace_back("amount", money(*ev.amount));
            if (ev.reason) kv.emplace_back("reason", str_quoted(*ev.reason));
            s += "    - " + flow(kv) + "\n";
        }
    }
    if (!e.at.empty()) {
        s += "  at:\n";
        for (const StatusAtExpectation& a : e.at)
            s += "    - " + flow({{"time", at(a.time)}, {"status", counts(a.status, order_status_name)}}) + "\n";
    }
    return s;
}

std::string invariants(const Scenario& sc) {
    const auto all = invariant_catalog();
    if (sc.invariants.size() == all.size()) return "";
    if (sc.invariants.empty()) return "invariants: []\n";
    std::string s = "invariants: [";
    for (size_t i = 0; i < sc.invariants.size(); ++i) s += (i ? ", " : "") + sc.invariants[i];
    return s + "]\n";
}

}  // namespace

std::string emit_scenario(const Scenario& sc, const std::string& header) {
    std::string s = header;
    const Scenario d;  // the defaults
    s += "name: " + sc.name + "\n";
    if (!sc.description.empty()) s += "description: " + str_quoted(sc.description) + "\n";
    if (sc.seed) s += fmt::format("seed: {}\n", *sc.seed);
    {
        std::vector<std::pair<std::string, std::string>> kv;
        if (sc.run.until) kv.emplace_back("until", at(*sc.run.until));
        if (sc.run.quiesce != d.run.quiesce) kv.emplace_back("quiesce", dur(sc.run.quiesce));
        if (sc.run.max_steps != d.run.max_steps) kv.emplace_back("max-steps", fmt::format("{}", sc.run.max_steps));
        if (!kv.empty()) s += "run: " + flow(kv) + "\n";
    }
    if (!sc.design.is_seed()) s += "design: " + design(sc.design) + "\n";
    if (!sc.inventory.empty()) {
        std::vector<std::pair<std::string, std::string>> kv;
        for (const auto& [sku, n] : sc.inventory) kv.emplace_back(str_quoted(sc.skus.name(sku)), fmt::format("{}", n));
        s += "inventory: " + flow(kv) + "\n";
    }
    if (!sc.orders.empty()) {
        s += "orders:\n";
        for (const OrderRequest& o : sc.orders) {
            std::vector<std::pair<std::string, std::string>> kv{{"at", at(o.at)},
                                                                 {"sku", str_quoted(sc.skus.name(o.sku))},
                                                                 {"quantity", fmt::format("{}", o.quantity)},
                                                                 {"price", money(o.price)}};
            if (!o.id.empty()) kv.emplace_back("id", o.id);
            s += "  - " + flow(kv) + "\n";
        }
    }
    if (sc.load) {
        const Load& l = *sc.load;
        std::string skus = "[";
        for (size_t i = 0; i < l.skus.size(); ++i) skus += (i ? ", " : "") + str_quoted(sc.skus.name(l.skus[i]));
        s += "load: " +
             flow({{"count", fmt::format("{}", l.count)},
                   {"rate", fmt::format("{}/{}", l.rate_count, rate_unit(l.rate_unit))},
                   {"start", at(l.start)},
                   {"skus", skus + "]"},
                   {"quantity", fmt::format("[{}, {}]", l.quantity.min, l.quantity.max)},
                   {"price", fmt::format("[{}, {}]", money(l.price.min), money(l.price.max))}}) +
             "\n";
    }
    for (const auto& [key, list] : {std::pair{"restocks", &sc.restocks}, std::pair{"reserve", &sc.direct_reserves}}) {
        if (list->empty()) continue;
        s += fmt::format("{}:\n", key);
        for (const Restock& r : *list)
            s += "  - " +
                 flow({{"at", at(r.at)}, {"sku", str_quoted(sc.skus.name(r.sku))}, {"quantity", fmt::format("{}", r.quantity)}}) +
                 "\n";
    }
    if (!sc.injections.empty()) {
        s += "inject:\n";
        for (const Injection& in : sc.injections) {
            std::vector<std::pair<std::string, std::string>> kv{{"at", at(in.at)},
                                                                 {"topic", std::string(topic_name(in.topic))},
                                                                 {"order-id", fmt::format("{}", in.order_id)}};
            if (in.event_label) kv.emplace_back("event-id", fmt::format("{}", *in.event_label));
            if (in.sku != kNoSku) kv.emplace_back("sku", str_quoted(sc.skus.name(in.sku)));
            if (in.quantity) kv.emplace_back("quantity", fmt::format("{}", *in.quantity));
            if (in.price) kv.emplace_back("price", money(*in.price));
            if (in.amount) kv.emplace_back("amount", money(*in.amount));
            if (in.reason) kv.emplace_back("reason", str_quoted(*in.reason));
            s += "  - " + flow(kv) + "\n";
        }
    }
    if (sc.payment_success != d.payment_success)
        s += "payment: {success-rate: " + probability(sc.payment_success) + "}\n";
    if (sc.shipment_success != d.shipment_success)
        s += "shipment: {success-rate: " + probability(sc.shipment_success) + "}\n";
    {
        const KafkaConfig& k = sc.kafka;
        std::vector<std::pair<std::string, std::string>> kv;
        if (k.partitions != d.kafka.partitions) kv.emplace_back("partitions", fmt::format("{}", k.partitions));
        if (k.latency.min != d.kafka.latency.min || k.latency.max != d.kafka.latency.max)
            kv.emplace_back("latency", fmt::format("[{}, {}]", dur(k.latency.min), dur(k.latency.max)));
        if (k.auto_create_topics != d.kafka.auto_create_topics)
            kv.emplace_back("auto-create-topics", k.auto_create_topics ? "true" : "false");
        if (k.auto_create_partitions != d.kafka.auto_create_partitions)
            kv.emplace_back("auto-create-partitions", fmt::format("{}", k.auto_create_partitions));
        if (k.ack_mode != d.kafka.ack_mode)
            kv.emplace_back("ack-mode", std::string(scenario_values::kAckModes[size_t(k.ack_mode)]));
        if (k.max_poll_records != d.kafka.max_poll_records)
            kv.emplace_back("max-poll-records", fmt::format("{}", k.max_poll_records));
        if (!kv.empty()) s += "kafka: " + flow(kv) + "\n";
    }
    {
        std::vector<std::pair<std::string, std::string>> kv;
        for (size_t i = 0; i < sc.replicas.size(); ++i)
            if (sc.replicas[i] != d.replicas[i])
                kv.emplace_back(std::string(scenario_values::kReplicaKeys[i]), fmt::format("{}", unsigned(sc.replicas[i])));
        if (!kv.empty()) s += "replicas: " + flow(kv) + "\n";
    }
    {
        const Timing& t = sc.timing;
        const Timing& dt = d.timing;
        std::vector<std::pair<std::string, std::string>> kv;
        if (t.handle != dt.handle) kv.emplace_back("handle", dur(t.handle));
        if (t.publish_ack != dt.publish_ack) kv.emplace_back("publish-ack", dur(t.publish_ack));
        if (t.commit != dt.commit) kv.emplace_back("commit", dur(t.commit));
        if (t.offset_commit != dt.offset_commit) kv.emplace_back("offset-commit", dur(t.offset_commit));
        if (t.retry_backoff != dt.retry_backoff) kv.emplace_back("retry-backoff", dur(t.retry_backoff));
        if (!kv.empty()) s += "timing: " + flow(kv) + "\n";
    }
    if (!sc.faults.empty()) {
        s += "faults:\n";
        for (const FaultSpec& f : sc.faults) s += "  - " + fault(f) + "\n";
    }
    s += invariants(sc);
    if (!sc.expect.empty()) s += expect(sc);
    return s;
}

}  // namespace sagasim
