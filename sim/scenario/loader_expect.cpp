// The checks a scenario asks for: `invariants:` (all, a list, or all but an exclude list) and
// `expect:` (violations, final statuses, stock, payments, shipments, records per topic). Which
// invariants this build checks is support.hpp's answer.
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
std::vector<std::string_view> status_names(std::string_view (*name_of)(Status),
                                           std::optional<Status> (*from_name)(std::string_view), int count = 16) {
    std::vector<std::string_view> r;
    for (int v = 0; v < count; ++v) {
        const std::string_view name = name_of(Status(v));
        if (from_name(name) != Status(v)) break;
        r.push_back(name);
    }
    return r;
}

}  // namespace

std::vector<std::string_view> invariant_names() {
    std::vector<std::string_view> r;
    for (const auto& i : invariant_catalog()) r.push_back(i.name);
    return r;
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
            report(out_, item, unknown_name("invariant", *name, invariant_names(), 0));
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

void ScenarioReader::read_expect(const Node& node) {
    MapReader m(node, "expect", kExpectKeys, out_);
    if (!m.ok()) return;
    Expect& e = s_.expect;
    if (const Node* n = m.get("violations")) {
        if (n->kind == Node::Kind::Scalar && n->text == "none") {
            e.violations.emplace();
        } else if (n->kind == Node::Kind::Sequence) {
            e.violations = read_invariant_list(*n, "expect.violations");
            // An invariant that is not checked can never be violated.
            for (const Node& item : n->items) {
                const InvariantInfo* info = find_invariant(item.text);
                if (!e.violations || !info || !invariants_ok_) continue;
                bool selected = false;
                for (const auto& name : s_.invariants) selected = selected || name == info->name;
                if (!selected) {
                    report(out_, item,
                           fmt::format("expect.violations names '{}', which 'invariants' does not select",
                                       info->name));
                }
            }
        } else if (n->kind != Node::Kind::Bad) {
            report(out_, *n,
                   fmt::format("expected none or a sequence of invariant names for 'expect.violations', got {}",
                               describe(*n)));
        }
    }
    static const std::vector<std::string_view> kOrderStatuses =
        status_names(order_status_name, order_status_from_name, kOrderStatusCount);
    static const std::vector<std::string_view> kPaymentStatuses =
        status_names(payment_status_name, payment_status_from_name);
    static const std::vector<std::string_view> kShipmentStatuses =
        status_names(shipment_status_name, shipment_status_from_name);
    if (const Node* n = m.get("final"))
        e.final_status = read_status_counts(*n, "expect.final", "order status", kOrderStatuses, order_status_from_name);
    if (const Node* n = m.get("payments")) {
        e.payments =
            read_status_counts(*n, "expect.payments", "payment status", kPaymentStatuses, payment_status_from_name);
    }
    if (const Node* n = m.get("shipments")) {
        e.shipments = read_status_counts(*n, "expect.shipments", "shipment status", kShipmentStatuses,
                                         shipment_status_from_name);
    }
    if (const Node* n = m.get("stock"); n && expect_map(*n, "expect.stock", out_)) {
        std::vector<std::string_view> known;
        for (size_t i = 0; i < s_.skus.size(); ++i) known.push_back(s_.skus.name(SkuId(i)));
        for (size_t i = 0; i < n->keys.size(); ++i) {
            const Node& key = n->keys[i];
            const SkuId id = s_.skus.find(key.text);
            if (id == kNoSku) {
                const std::string hint = suggestion_suffix(key.text, known, {}, 0);
                report(out_, key,
                       fmt::format("unknown SKU '{}' in expect.stock{}", display(key.text),
                                   hint.empty() ? " (no inventory, order, load, restock or inject names it)" : hint));
            }
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
}

}  // namespace sagasim::scenario_values
