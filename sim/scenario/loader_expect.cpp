// The checks a scenario asks for: `invariants:` (all, a list, or all but an exclude list) and
// `expect:` (violations, exact or allowed; final statuses, stock, payments, shipments, records
// per topic, reservation rows, fields of published events, statuses at a time). Which
// invariants this build checks is support.hpp's answer.
#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "sim/check/catalog.hpp"
#include "sim/scenario/reader.hpp"

namespace sagasim::scenario_values {

namespace {

// A status enum's names, in its order, taken from services/common/status.hpp so that a status
// added there is known here: the values from 0 on whose names read back as themselves, at most
// `count` of them. (The payment and shipment name functions answer for any value; the order
// statuses have a count.)
template <typename Status>
std::vector<std::string_view> names_of(std::string_view (*name_of)(Status),
                                           std::optional<Status> (*from_name)(std::string_view), int count = 16) {
    std::vector<std::string_view> r;
    for (int v = 0; v < count; ++v) {
        const std::string_view name = name_of(Status(v));
        if (from_name(name) != Status(v)) break;
        r.push_back(name);
    }
    return r;
}

// The fields of each event type that `expect.events` can compare (seed-behaviour.md §3), in the
// order of kEventExpectKeys: sku, quantity (reservedQuantity, requestedQuantity), price, amount,
// reason. The header (orderId, orderNumber) is matched by `order-id`.
std::vector<std::string_view> event_fields(EventType t) {
    switch (t) {
        case EventType::OrderPlacedEvent: return {"sku", "quantity", "price"};
        case EventType::InventoryReservedEvent: return {"sku", "quantity"};
        case EventType::InventoryFailedEvent:
        case EventType::OrderFailedEvent: return {"sku", "quantity", "reason"};
        case EventType::OrderConfirmedEvent: return {"quantity", "price"};
        case EventType::PaymentSucceededEvent: return {"amount"};
        case EventType::PaymentFailedEvent: return {"amount", "reason"};
        case EventType::ShipmentFailedEvent:
        case EventType::OrderShipmentFailedEvent: return {"reason"};
        case EventType::OrderPaidEvent:
        case EventType::ShipmentShippedEvent: return {};
    }
    return {};
}

std::span<const std::string_view> order_statuses() { return sagasim::status_names("order"); }

}  // namespace

std::vector<std::string_view> invariant_names() {
    std::vector<std::string_view> r;
    for (const auto& i : invariant_catalog()) r.push_back(i.name);
    return r;
}

std::string unknown_invariant(std::string_view name) {
    const std::vector<std::string_view> names = invariant_names();
    std::string m = unknown_name("invariant", name, names, 0);
    if (!closest_match(name, names)) m += "; 'sagasim list invariants' names them all";
    return m;
}

std::string ScenarioReader::unknown_sku(std::string_view name, std::string_view path) const {
    std::vector<std::string_view> known;
    for (size_t i = 0; i < s_.skus.size(); ++i) known.push_back(s_.skus.name(SkuId(i)));
    const std::string hint = suggestion_suffix(name, known, {}, 0);
    return fmt::format("unknown SKU '{}' in {}{}", display(name), path,
                       hint.empty() ? " (no inventory, order, load, restock or inject names it)" : hint);
}

// Invariant names in catalogue order, each checked: known and listed once.
std::optional<std::vector<std::string>> ScenarioReader::read_invariant_list(const Node& node, std::string_view path) {
    if (!expect_sequence(node, path, out_)) return std::nullopt;
    std::set<std::string_view> listed;
    bool ok = true;
    for (const Node& item : node.items) {
        auto name = read_scalar(item, "an invariant name", out_);
        if (!name) {
            ok = false;
            continue;
        }
        const InvariantInfo* info = find_invariant(*name);
        if (!info) {
            report(out_, item, unknown_invariant(*name));
            ok = false;
        } else if (listed.count(info->name)) {
            report(out_, item, fmt::format("invariant '{}' is listed twice in {}", info->name, path));
            ok = false;
        } else {
            listed.insert(info->name);
        }
    }
    if (!ok) return std::nullopt;
    std::vector<std::string> r;
    for (const auto& i : invariant_catalog())
        if (listed.count(i.name)) r.emplace_back(i.name);
    return r;
}

void ScenarioReader::read_invariants(const Node* node) {
    const auto all_but = [&](const std::vector<std::string>& excluded) {
        s_.invariants.clear();
        for (const auto& i : invariant_catalog()) {
            bool out = false;
            for (const auto& e : excluded) out = out || e == i.name;
            if (!out) s_.invariants.emplace_back(i.name);
        }
    };
    if (!node || (node->kind == Node::Kind::Scalar && node->text == "all")) {
        all_but({});
        return;
    }
    if (node->kind == Node::Kind::Sequence && node->items.empty()) {
        report(out_, *node, "checks nothing; leave 'invariants' out to check all");
        invariants_ok_ = false;
        return;
    }
    if (node->kind == Node::Kind::Sequence) {
        auto list = read_invariant_list(*node, "invariants");
        if (list) s_.invariants = *list;
        invariants_ok_ = list.has_value();
        return;
    }
    if (node->kind == Node::Kind::Map) {
        MapReader m(*node, "invariants", kInvariantKeys, out_);
        if (const Node* ex = m.require("exclude")) {
            auto list = read_invariant_list(*ex, "invariants.exclude");
            if (list) all_but(*list);
            invariants_ok_ = list.has_value();
            if (list && s_.invariants.empty()) {
                report(out_, *ex, "checks nothing; leave 'invariants' out to check all");
                invariants_ok_ = false;
            }
        } else {
            invariants_ok_ = false;
        }
        return;
    }
    invariants_ok_ = false;
    if (node->kind != Node::Kind::Bad) {
        report(out_, *node,
               fmt::format("expected all, a sequence of invariant names or {{exclude: [...]}} for 'invariants', "
                           "got {}",
                           describe(*node)));
    }
}

template <typename Status>
std::optional<std::map<Status, uint64_t>> ScenarioReader::read_status_counts(
    const Node& node, std::string_view path, std::string_view what, std::span<const std::string_view> names,
    std::optional<Status> (*from_name)(std::string_view)) {
    if (!expect_map(node, path, out_)) return std::nullopt;
    std::map<Status, uint64_t> r;
    bool ok = true;
    for (size_t i = 0; i < node.keys.size(); ++i) {
        const Node& key = node.keys[i];
        auto status = from_name(key.text);
        if (!status) report(out_, key, unknown_name(what, key.text, names));
        auto count = read_uint(node.items[i], join_path(path, key.text), 0, kUint64Max, out_);
        if (status && count) r[*status] = *count;
        else ok = false;
    }
    if (!ok) return std::nullopt;
    return r;
}

void ScenarioReader::read_expected_violations(const Node& n) {
    Expect& e = s_.expect;
    if (n.kind == Node::Kind::Scalar && n.text == "none") {
        e.violations.emplace();
        return;
    }
    const Node* list = &n;
    std::string path = "expect.violations";
    if (n.kind == Node::Kind::Map) {
        MapReader m(n, path, kAllowedKeys, out_);
        list = m.require("allowed");
        if (!list) return;
        path = m.child_path("allowed");
    } else if (n.kind != Node::Kind::Sequence) {
        if (n.kind != Node::Kind::Bad) {
            report(out_, n,
                   fmt::format("expected none, a sequence of invariant names or {{allowed: [...]}} for "
                               "'expect.violations', got {}",
                               describe(n)));
        }
        return;
    }
    e.violations = read_invariant_list(*list, path);
    e.violations_allowed = e.violations && list != &n;
    if (!e.violations || !invariants_ok_) return;
    // An invariant that is not checked can never be violated.
    for (const Node& item : list->items) {
        const InvariantInfo* info = find_invariant(item.text);
        bool selected = false;
        for (const auto& name : s_.invariants) selected = selected || name == info->name;
        if (!selected)
            report(out_, item, fmt::format("{} names '{}', which 'invariants' does not select", path, info->name));
    }
}

void ScenarioReader::read_expected_events(const Node& node) {
    if (!expect_sequence(node, "expect.events", out_)) return;
    for (size_t i = 0; i < node.items.size(); ++i) {
        const Node& item = node.items[i];
        MapReader m(item, index_path("expect.events", i), kEventExpectKeys, out_);
        if (!m.ok()) continue;
        EventExpectation x;
        x.loc = item.loc;
        bool ok = true;
        const Node* topic = m.require("topic");
        const bool topic_ok = set(x.topic, opt(topic, [&](const Node& n) { return read_topic(n, out_); }));
        ok &= topic_ok;
        ok &= set(x.order_id, opt(m.require("order-id"), [&](const Node& n) { return read_order_id(n); }));
        if (const Node* n = m.get("sku")) {
            x.sku = read_scalar(*n, "a SKU like SKU-1", out_);
            if (x.sku && s_.skus.find(*x.sku) == kNoSku) {
                report(out_, *n, unknown_sku(*x.sku, m.path()));
                x.sku.reset();
            }
            ok &= x.sku.has_value();
        }
        ok &= read_event_fields(m, x.quantity, x.price, x.amount, x.reason);
        if (topic_ok) {
            // Each field given must be one of the topic's event.
            const EventType type = event_type_of(x.topic);
            const std::vector<std::string_view> fields = event_fields(type);
            for (std::string_view key : std::span(kEventExpectKeys).subspan(2)) {
                const Node* n = m.get(key);
                if (!n || std::find(fields.begin(), fields.end(), key) != fields.end()) continue;
                report(out_, *n,
                       fields.empty()
                           ? fmt::format("{} has no '{}'; only its order can be expected", event_type_name(type), key)
                           : fmt::format("{} has no '{}'; use {}", event_type_name(type), key, join_choices(fields)));
                ok = false;
            }
        }
        if (ok) s_.expect.events.push_back(std::move(x));
    }
}

void ScenarioReader::read_expected_statuses_at(const Node& node) {
    if (!expect_sequence(node, "expect.at", out_)) return;
    for (size_t i = 0; i < node.items.size(); ++i) {
        MapReader m(node.items[i], index_path("expect.at", i), kStatusAtKeys, out_);
        if (!m.ok()) continue;
        StatusAtExpectation x;
        bool ok = set(x.time, opt(m.require("time"), [&](const Node& n) { return read_time(n, out_); }));
        ok &= set(x.status, opt(m.require("status"), [&](const Node& n) {
                      return read_status_counts(n, m.child_path("status"), "order status", order_statuses(),
                                                order_status_from_name);
                  }));
        if (ok) s_.expect.at.push_back(std::move(x));
    }
}

void ScenarioReader::read_expect(const Node& node) {
    MapReader m(node, "expect", kExpectKeys, out_);
    if (!m.ok()) return;
    Expect& e = s_.expect;
    if (const Node* n = m.get("violations")) read_expected_violations(*n);
    const auto kPaymentStatuses = sagasim::status_names("payment");
    const auto kShipmentStatuses = sagasim::status_names("shipment");
    if (const Node* n = m.get("final"))
        e.final_status = read_status_counts(*n, "expect.final", "order status", order_statuses(), order_status_from_name);
    if (const Node* n = m.get("payments")) {
        e.payments =
            read_status_counts(*n, "expect.payments", "payment status", kPaymentStatuses, payment_status_from_name);
    }
    if (const Node* n = m.get("shipments")) {
        e.shipments = read_status_counts(*n, "expect.shipments", "shipment status", kShipmentStatuses,
                                         shipment_status_from_name);
    }
    if (const Node* n = m.get("stock"); n && expect_map(*n, "expect.stock", out_)) {
        for (size_t i = 0; i < n->keys.size(); ++i) {
            const Node& key = n->keys[i];
            const SkuId id = s_.skus.find(key.text);
            if (id == kNoSku) report(out_, key, unknown_sku(key.text, "expect.stock"));
            auto v = read_int(n->items[i], fmt::format("stock of '{}'", display(key.text)),
                              std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), out_);
            if (id != kNoSku && v) e.stock[id] = *v;
        }
    }
    if (const Node* n = m.get("records"); n && expect_map(*n, "expect.records", out_)) {
        std::vector<std::string_view> names;
        for (int i = 0; i < kTopicIdCount; ++i) names.push_back(topic_id_name(TopicId(i)));
        for (size_t i = 0; i < n->keys.size(); ++i) {
            const Node& key = n->keys[i];
            std::optional<TopicId> id;
            for (int t = 0; t < kTopicIdCount; ++t)
                if (names[size_t(t)] == key.text) id = TopicId(t);
            if (!id) report(out_, key, unknown_name("topic", key.text, names, 0));
            auto count = read_uint(n->items[i], join_path("expect.records", key.text), 0, kUint64Max, out_);
            if (id && count) e.records[*id] = *count;
        }
    }
    if (const Node* n = m.get("reservations"))
        e.reservations = read_uint(*n, "expect.reservations", 0, kUint64Max, out_);
    if (const Node* n = m.get("events")) read_expected_events(*n);
    if (const Node* n = m.get("at")) read_expected_statuses_at(*n);
}

}  // namespace sagasim::scenario_values

namespace sagasim {

std::span<const std::string_view> status_names(std::string_view kind) {
    using scenario_values::names_of;
    static const std::vector<std::string_view> kOrder =
        names_of(order_status_name, order_status_from_name, kOrderStatusCount);
    static const std::vector<std::string_view> kPayment = names_of(payment_status_name, payment_status_from_name);
    static const std::vector<std::string_view> kShipment = names_of(shipment_status_name, shipment_status_from_name);
    if (kind == "order") return kOrder;
    if (kind == "payment") return kPayment;
    if (kind == "shipment") return kShipment;
    return {};
}

}  // namespace sagasim
