// The scenario's top level and its world sections: name, run limits, design, inventory, orders,
// generated load, restocks, direct reservations, injected records, success rates, kafka, replicas
// and timing. Each reader reports every problem it finds and fills the Scenario only with values
// that are valid.
#include <array>
#include <set>

#include <fmt/format.h>

#include "sim/scenario/reader.hpp"
#include "sim/scenario/suggest.hpp"

namespace sagasim::scenario_values {

void ScenarioReader::read(const Node& root) {
    if (root.kind != Node::Kind::Map) {
        report(out_, root, fmt::format("expected a map at the top level, got {}", describe(root)));
        return;
    }
    MapReader top(root, "", kTopKeys, out_);
    read_name(top);
    if (const Node* n = top.get("description")) {
        if (auto t = read_scalar(*n, "a string", out_)) s_.description = *t;
    }
    if (const Node* n = top.get("seed")) s_.seed = read_uint(*n, "seed", 0, kUint64Max, out_);
    if (const Node* n = top.get("run")) read_run(*n);
    if (const Node* n = top.get("design")) read_design(*n);
    if (const Node* n = top.get("inventory")) read_inventory(*n);
    if (const Node* n = top.get("orders")) read_orders(*n);
    if (const Node* n = top.get("load")) read_load(*n);
    if (const Node* n = top.get("restocks")) read_restocks(*n);
    if (const Node* n = top.get("reserve")) read_reserve(*n);
    if (const Node* n = top.get("inject")) read_injections(*n);
    if (const Node* n = top.get("payment")) read_success_rate(*n, "payment", s_.payment_success);
    if (const Node* n = top.get("shipment")) read_success_rate(*n, "shipment", s_.shipment_success);
    if (const Node* n = top.get("kafka")) read_kafka(*n);
    // Before faults: a fault's `replica:` is checked against these counts.
    if (const Node* n = top.get("replicas")) read_replicas(*n);
    if (const Node* n = top.get("timing")) read_timing(*n);
    if (const Node* n = top.get("faults")) read_faults(*n);
    read_invariants(top.get("invariants"));
    if (const Node* n = top.get("expect")) read_expect(*n);
}

void ScenarioReader::read_name(const MapReader& top) {
    const Node* n = top.require("name");
    if (!n) return;
    auto t = read_scalar(*n, "a name like payment-declined", out_);
    if (!t) return;
    bool ok = !t->empty();
    for (char c : *t) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!ok) {
        report(out_, *n, fmt::format("a name uses only a-z, 0-9 and '-', got '{}'", display(*t)));
        return;
    }
    s_.name = *t;
}

void ScenarioReader::read_run(const Node& node) {
    MapReader m(node, "run", kRunKeys, out_);
    if (const Node* n = m.get("until")) s_.run.until = read_time(*n, out_);
    if (const Node* n = m.get("quiesce")) set(s_.run.quiesce, read_duration(*n, out_));
    if (const Node* n = m.get("max-steps"))
        set(s_.run.max_steps, read_uint(*n, "max-steps", 1, limits::kMaxStepsMax, out_));
}

// ---- design

Design ScenarioReader::hardened() {
    Design d;
    d.publish = PublishMode::Outbox;
    d.event_ids = EventIdMode::Stable;
    d.early_events = EarlyEvents::Retry;
    d.refund_on_shipment_failure = true;
    d.finalize_reservations = true;
    d.saga_timeout = Duration::seconds(30);
    d.dead_letters = DeadLetters::Declared;
    d.compensations = Compensations::UntilDone;
    d.timeouts = Timeouts::Fenced;
    return d;
}

void ScenarioReader::read_design(const Node& node) {
    static constexpr std::array<std::string_view, 2> kBases{"seed", "hardened"};
    if (node.kind == Node::Kind::Scalar) {
        if (node.text == "seed") return;
        if (node.text == "hardened") {
            s_.design = hardened();
            return;
        }
        report(out_, node, unknown_name("design", node.text, kBases));
        return;
    }
    if (node.kind != Node::Kind::Map) {
        if (node.kind != Node::Kind::Bad) {
            report(out_, node,
                   fmt::format("expected seed, hardened or a map of switches for 'design', got {}",
                               describe(node)));
        }
        return;
    }
    MapReader m(node, "design", kDesignKeys, out_);
    Design d;
    const Node* base = m.get("base");
    if (base) {
        if (auto i = read_choice(*base, "design.base", kBases, out_); i && *i == 1) d = hardened();
    }
    const auto choice = [&](std::string_view key, auto& field, std::span<const std::string_view> names, auto values) {
        const Node* n = m.get(key);
        if (!n) return;
        if (auto i = read_choice(*n, m.child_path(key), names, out_)) field = values[*i];
    };
    static constexpr std::array<std::string_view, 3> kPublish{"before-commit", "after-commit", "outbox"};
    static constexpr std::array<std::string_view, 2> kEventIds{"per-publish", "stable"};
    static constexpr std::array<std::string_view, 2> kEarly{"ignore", "retry"};
    choice("publish", d.publish, kPublish,
           std::array{PublishMode::BeforeCommit, PublishMode::AfterCommit, PublishMode::Outbox});
    choice("event-ids", d.event_ids, kEventIds,
           std::array{EventIdMode::PerPublish, EventIdMode::Stable});
    choice("early-events", d.early_events, kEarly,
           std::array{EarlyEvents::Ignore, EarlyEvents::Retry});
    static constexpr std::array<std::string_view, 2> kDeadLetters{"spring-default", "declared"};
    choice("dead-letters", d.dead_letters, kDeadLetters,
           std::array{DeadLetters::SpringDefault, DeadLetters::Declared});
    static constexpr std::array<std::string_view, 2> kCompensations{"skip", "until-done"};
    choice("compensations", d.compensations, kCompensations, std::array{Compensations::Skip, Compensations::UntilDone});
    for (auto [key, field] : {std::pair{"refund-on-shipment-failure", &d.refund_on_shipment_failure},
                              std::pair{"finalize-reservations", &d.finalize_reservations}}) {
        const Node* n = m.get(key);
        if (!n) continue;
        if (auto b = read_bool(*n, out_)) *field = *b;
    }
    if (const Node* n = m.get("saga-timeout")) {
        if (n->kind == Node::Kind::Scalar && n->text == "none") {
            d.saga_timeout.reset();
        } else if (auto t = read_positive_duration(*n, "saga-timeout", out_)) {
            d.saga_timeout = *t;
        }
    }
    static constexpr std::array<std::string_view, 2> kTimeouts{"compensate", "fenced"};
    if (const Node* n = m.get("timeouts")) {
        if (auto i = read_choice(*n, m.child_path("timeouts"), kTimeouts, out_)) {
            d.timeouts = std::array{Timeouts::Compensate, Timeouts::Fenced}[*i];
            if (!d.saga_timeout)
                report(out_, *n,
                       fmt::format("design.timeouts: {} says what a saga timeout does, but there is none; set "
                                   "design.saga-timeout too",
                                   kTimeouts[*i]));
        }
    }
    // Without a saga timeout there is nothing for the switch to say (`base: hardened` with
    // `saga-timeout: none` is the seed's timeouts).
    if (!d.saga_timeout) d.timeouts = Timeouts::Compensate;
    s_.design = d;
}

// ---- world

void ScenarioReader::read_inventory(const Node& node) {
    if (!expect_map(node, "inventory", out_)) return;
    for (size_t i = 0; i < node.keys.size(); ++i) {
        auto sku = read_sku(node.keys[i], s_.skus, out_);
        auto qty = read_int(node.items[i], fmt::format("stock of '{}'", display(node.keys[i].text)), 0,
                            kInt32Max, out_);
        if (sku && qty) s_.inventory.emplace_back(*sku, *qty);
    }
}

std::optional<std::string> ScenarioReader::read_id(const Node& n, std::string_view path, std::string_view what,
                                                   std::map<std::string, int>& ids) {
    auto text = read_scalar(n, "an id", out_);
    if (!text) return std::nullopt;
    bool good = !text->empty() && text->size() <= 64;
    for (char c : *text)
        good = good && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-');
    if (!good) {
        report(out_, n,
               fmt::format("{} must be 1 to 64 letters, digits, '.', '_' or '-', got '{}'", path, display(*text)));
        return std::nullopt;
    }
    auto [it, fresh] = ids.emplace(*text, n.loc.line);
    if (!fresh) {
        report(out_, n, fmt::format("{} id '{}' is given twice (first at line {})", what, *text, it->second));
        return std::nullopt;
    }
    return text;
}

void ScenarioReader::read_orders(const Node& node) {
    if (!expect_sequence(node, "orders", out_)) return;
    for (size_t i = 0; i < node.items.size(); ++i) {
        MapReader m(node.items[i], index_path("orders", i), kOrderKeys, out_);
        if (!m.ok()) continue;
        OrderRequest o;
        bool ok = true;
        ok &= set(o.at, opt(m.require("at"), [&](const Node& n) { return read_time(n, out_); }));
        ok &= set(o.sku, opt(m.require("sku"), [&](const Node& n) { return read_sku(n, s_.skus, out_); }));
        ok &= set(o.quantity, opt(m.require("quantity"), [&](const Node& n) {
                      return read_int(n, "quantity", 1, kInt32Max, out_);
                  }));
        ok &= set(o.price, opt(m.require("price"), [&](const Node& n) {
                      return read_money(n, "price", Money{1}, out_);
                  }));
        if (const Node* n = m.get("id")) {
            auto id = read_id(*n, m.child_path("id"), "order", order_ids_);
            if (id) o.id = *id;
            ok &= id.has_value();
        }
        if (ok) s_.orders.push_back(o);
    }
}

void ScenarioReader::read_load(const Node& node) {
    MapReader m(node, "load", kLoadKeys, out_);
    if (!m.ok()) return;
    Load l;
    bool ok = true;
    ok &= set(l.count, opt(m.require("count"), [&](const Node& n) {
                  return read_uint(n, "count", 1, limits::kLoadCountMax, out_);
              }));
    if (const Node* n = m.require("rate")) {
        if (auto t = read_scalar(*n, "a rate like 200/s", out_)) {
            auto r = parse_rate(*t);
            if (r.value) {
                l.rate_count = r.value->count;
                l.rate_unit = r.value->unit;
            } else {
                report(out_, *n, r.error);
                ok = false;
            }
        }
    }
    if (const Node* n = m.get("start")) ok &= set(l.start, read_time(*n, out_));
    if (const Node* n = m.require("skus"); n && expect_sequence(*n, "load.skus", out_)) {
        if (n->items.empty()) report(out_, *n, "load.skus must not be empty");
        for (const Node& item : n->items) {
            if (auto sku = read_sku(item, s_.skus, out_)) l.skus.push_back(*sku);
        }
    }
    if (const Node* n = m.get("quantity")) ok &= set(l.quantity, read_int_range(*n, "quantity", 1, out_));
    if (const Node* n = m.get("price")) ok &= set(l.price, read_money_range(*n, "price", Money{1}, out_));
    if (ok) s_.load = l;
}

std::vector<const Node*> ScenarioReader::read_stock_requests(const Node& node, std::string_view section,
                                                             int32_t min_quantity, std::vector<Restock>& to) {
    std::vector<const Node*> sku_nodes;
    if (!expect_sequence(node, section, out_)) return sku_nodes;
    for (size_t i = 0; i < node.items.size(); ++i) {
        MapReader m(node.items[i], index_path(section, i), kRestockKeys, out_);
        if (!m.ok()) continue;
        Restock r;
        bool ok = true;
        const Node* sku = m.require("sku");
        ok &= set(r.at, opt(m.require("at"), [&](const Node& n) { return read_time(n, out_); }));
        ok &= set(r.sku, opt(sku, [&](const Node& n) { return read_sku(n, s_.skus, out_); }));
        ok &= set(r.quantity, opt(m.require("quantity"), [&](const Node& n) {
                      return read_int(n, "quantity", min_quantity, kInt32Max, out_);
                  }));
        if (!ok) continue;
        to.push_back(r);
        sku_nodes.push_back(sku);
    }
    return sku_nodes;
}

void ScenarioReader::read_restocks(const Node& node) { read_stock_requests(node, "restocks", 0, s_.restocks); }

void ScenarioReader::read_reserve(const Node& node) {
    // The seed's ReserveInventoryRequest: quantity @Min(1) (seed-behaviour.md §5.2).
    const std::vector<const Node*> sku_nodes = read_stock_requests(node, "reserve", 1, s_.direct_reserves);
    std::set<std::string_view> stocked;  // the hint's candidates
    for (const auto& entry : s_.inventory) stocked.insert(s_.skus.name(s_.skus.trimmed(entry.first)));
    for (const Restock& r : s_.restocks) stocked.insert(s_.skus.name(s_.skus.trimmed(r.sku)));
    const std::vector<std::string_view> names(stocked.begin(), stocked.end());
    for (size_t i = 0; i < sku_nodes.size(); ++i) {
        const SkuId sku = s_.direct_reserves[i].sku;
        if (sku_ever_stocked(s_, sku)) continue;
        const std::string hint = suggestion_suffix(s_.skus.name(sku), names, {}, 0);
        report(out_, *sku_nodes[i],
               fmt::format("unknown SKU '{}' in reserve (no inventory or restock stocks it, so the request "
                           "could only get a 404){}",
                           display(s_.skus.name(sku)), hint));
    }
}

std::optional<OrderId> ScenarioReader::read_order_id(const Node& n) {
    return read_int(n, "order-id", 1, std::numeric_limits<int64_t>::max(), out_);
}

bool ScenarioReader::read_event_fields(const MapReader& m, std::optional<int32_t>& quantity,
                                       std::optional<Money>& price, std::optional<Money>& amount,
                                       std::optional<std::string>& reason) {
    bool ok = true;
    if (const Node* n = m.get("quantity")) ok &= set(quantity, read_int(*n, "quantity", 0, kInt32Max, out_));
    if (const Node* n = m.get("price")) ok &= set(price, read_money(*n, "price", Money{0}, out_));
    if (const Node* n = m.get("amount")) ok &= set(amount, read_money(*n, "amount", Money{0}, out_));
    if (const Node* n = m.get("reason")) ok &= set(reason, read_scalar(*n, "a string", out_));
    return ok;
}

void ScenarioReader::read_injections(const Node& node) {
    if (!expect_sequence(node, "inject", out_)) return;
    for (size_t i = 0; i < node.items.size(); ++i) {
        const Node& item = node.items[i];
        MapReader m(item, index_path("inject", i), kInjectKeys, out_);
        if (!m.ok()) continue;
        Injection in;
        in.loc = item.loc;
        bool ok = true;
        ok &= set(in.at, opt(m.require("at"), [&](const Node& n) { return read_time(n, out_); }));
        ok &= set(in.topic, opt(m.require("topic"), [&](const Node& n) { return read_topic(n, out_); }));
        ok &= set(in.order_id, opt(m.require("order-id"), [&](const Node& n) { return read_order_id(n); }));
        if (const Node* n = m.get("event-id")) {
            auto v = read_uint(*n, "event-id", 1, kUint32Max, out_);
            ok &= v.has_value();
            if (v) in.event_label = uint32_t(*v);
        }
        if (const Node* n = m.get("sku")) ok &= set(in.sku, read_sku(*n, s_.skus, out_));
        ok &= read_event_fields(m, in.quantity, in.price, in.amount, in.reason);
        if (ok) s_.injections.push_back(std::move(in));
    }
}

void ScenarioReader::read_success_rate(const Node& node, std::string_view section, Ppm& rate) {
    MapReader m(node, std::string(section), kRateKeys, out_);
    if (const Node* n = m.get("success-rate")) set(rate, read_probability(*n, out_));
}

void ScenarioReader::read_kafka(const Node& node) {
    MapReader m(node, "kafka", kKafkaKeys, out_);
    if (const Node* n = m.get("partitions")) {
        if (auto v = read_uint(*n, "partitions", 1, 1024, out_)) s_.kafka.partitions = uint32_t(*v);
    }
    if (const Node* n = m.get("latency")) set(s_.kafka.latency, read_duration_range(*n, out_));
    if (const Node* n = m.get("auto-create-topics")) set(s_.kafka.auto_create_topics, read_bool(*n, out_));
    if (const Node* n = m.get("auto-create-partitions")) {
        if (auto v = read_uint(*n, "auto-create-partitions", 1, 1024, out_))
            s_.kafka.auto_create_partitions = uint32_t(*v);
    }
    if (const Node* n = m.get("ack-mode")) {
        if (auto i = read_choice(*n, "kafka.ack-mode", kAckModes, out_)) s_.kafka.ack_mode = KafkaConfig::AckMode(*i);
    }
    if (const Node* n = m.get("max-poll-records")) {
        if (auto v = read_uint(*n, "max-poll-records", 1, 100000, out_)) s_.kafka.max_poll_records = uint32_t(*v);
    }
}

void ScenarioReader::read_replicas(const Node& node) {
    MapReader m(node, "replicas", kReplicaKeys, out_);
    for (size_t i = 0; i < kReplicaKeys.size(); ++i) {
        const Node* n = m.get(kReplicaKeys[i]);
        if (!n) continue;
        if (auto v = read_uint(*n, fmt::format("replicas of {}", kReplicaKeys[i]), 1, kReplicasMax, out_))
            s_.replicas[i] = uint8_t(*v);
    }
}

void ScenarioReader::read_timing(const Node& node) {
    MapReader m(node, "timing", kTimingKeys, out_);
    const std::array<Duration*, 5> fields{&s_.timing.handle, &s_.timing.publish_ack, &s_.timing.commit,
                                          &s_.timing.offset_commit, &s_.timing.retry_backoff};
    for (size_t i = 0; i < kTimingKeys.size(); ++i) {
        if (const Node* n = m.get(kTimingKeys[i])) set(*fields[i], read_duration(*n, out_));
    }
}

}  // namespace sagasim::scenario_values
