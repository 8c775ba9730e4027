// The `faults:` section: each entry is a one-key map naming the fault kind, whose parameters are
// checked for the kind (scenario-format.md, "Faults"), with an optional `id:` naming the fault for
// the decision source, traces and tapes.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "sim/scenario/reader.hpp"

namespace sagasim::scenario_values {
namespace {

// Fault parameters (scenario-format.md, "Faults").
constexpr std::array<std::string_view, 9> kDelayKeys{"topic", "probability", "order", "nth", "from",
                                                     "to",    "service",     "by",    "id"};
constexpr std::array<std::string_view, 8> kDuplicateKeys{"topic", "probability", "order", "nth",
                                                         "from",  "to",          "service", "id"};
constexpr std::array<std::string_view, 7> kMessageKeys{"topic", "probability", "order", "nth", "from", "to", "id"};
constexpr std::array<std::string_view, 8> kReorderKeys{"topic", "probability", "order", "nth",
                                                       "from",  "to",          "window", "id"};
constexpr std::array<std::string_view, 11> kCrashKeys{"service", "replica", "point", "at", "probability", "order",
                                                      "nth",     "from",    "to",    "restart-after", "id"};
constexpr std::array<std::string_view, 5> kWindowKeys{"service", "replica", "from", "to", "id"};
constexpr std::array<std::string_view, 9> kSlowCommitKeys{"service", "replica", "by", "probability", "order",
                                                          "nth",     "from",    "to", "id"};
constexpr std::array<std::string_view, 6> kNemesisKeys{"kinds", "interval", "duration", "from", "to", "id"};
constexpr std::array<std::string_view, 4> kScaleKeys{"service", "at", "replicas", "id"};

// Words people write for a parameter that has another name here.
constexpr std::array<SuggestAlias, 6> kFaultAliases{{
    {"delay", "by"}, {"slow-commit", "by"}, {"reorder", "window"}, {"prob", "probability"},
    {"start", "from"}, {"until", "to"},
}};

}  // namespace

Keys fault_keys(FaultKind k) {
    switch (k) {
        case FaultKind::Delay: return kDelayKeys;
        case FaultKind::Duplicate: return kDuplicateKeys;
        case FaultKind::Republish:
        case FaultKind::Drop: return kMessageKeys;
        case FaultKind::Reorder: return kReorderKeys;
        case FaultKind::Crash: return kCrashKeys;
        case FaultKind::DbOutage:
        case FaultKind::Disconnect:
        case FaultKind::Pause: return kWindowKeys;
        case FaultKind::SlowCommit: return kSlowCommitKeys;
        case FaultKind::Nemesis: return kNemesisKeys;
        case FaultKind::Scale: return kScaleKeys;
    }
    return {};
}

// `republish` stands for the producing handler running twice for one input (scenario-format.md):
// OrderPlacedEvent is sent only by createOrder, which nothing re-runs (the producer is idempotent
// and a client retry places a new order), so a fresh-eventId copy of it has no mechanism in the
// seed (issue: republish only where a mechanism exists). "*" leaves that topic out.
bool ScenarioReader::republish_has_mechanism(const Node& topic, const FaultSpec& f) {
    if (f.all_topics || std::find(f.topics.begin(), f.topics.end(), Topic::OrderPlaced) == f.topics.end()) return true;
    const Node* at = &topic;
    if (topic.kind == Node::Kind::Sequence)
        for (const Node& item : topic.items)
            if (item.kind == Node::Kind::Scalar && item.text == topic_name(Topic::OrderPlaced)) at = &item;
    report(out_, *at,
           "republish cannot act on order-placed-topic: OrderPlacedEvent is sent only by createOrder, which "
           "nothing in the seed runs twice (a client retry places a new order); use duplicate for a "
           "redelivered record");
    return false;
}

void ScenarioReader::read_faults(const Node& node) {
    if (!expect_sequence(node, "faults", out_)) return;
    if (node.items.size() > limits::kFaultsMax) {
        report(out_, node.items[limits::kFaultsMax],
               fmt::format("more than {} faults; a scenario may have at most {}", limits::kFaultsMax, limits::kFaultsMax));
        return;
    }
    for (size_t i = 0; i < node.items.size(); ++i) read_fault(node.items[i], i);
    check_replicas();
}

void ScenarioReader::check_replicas() {
    for (const auto& [node, index] : replica_nodes_) {
        const FaultSpec& f = s_.faults[index];
        const size_t svc = size_t(*f.service);
        const unsigned n = unsigned(*f.replica) + 1;
        const unsigned start = s_.replicas[svc];
        unsigned scaled = 0;  // the largest scale target of the service, 0 without one
        for (const FaultSpec& g : s_.faults)
            if (g.kind == FaultKind::Scale && g.service == f.service) scaled = std::max(scaled, unsigned(*g.scale_to));
        if (n <= std::max(start, scaled)) continue;
        const std::string scale_text = scaled == 0 ? std::string("no scale step brings more")
                                                   : fmt::format("its scale steps bring at most {}", scaled);
        report(out_, *node,
               fmt::format("replica {} is beyond {}'s replicas ({}, and {})", n, service_name(*f.service), start,
                           scale_text));
    }
}

// Reads `from` and `to`, which are required (both) for a window fault.
bool ScenarioReader::read_window(const MapReader& m, FaultSpec& f, bool required) {
    const Node* from = required ? m.require("from") : m.get("from");
    const Node* to = required ? m.require("to") : m.get("to");
    bool ok = !required || (from && to);
    if (from) ok &= set(f.from, read_time(*from, out_));
    if (to) ok &= set(f.to, read_time(*to, out_));
    if (f.from && f.to && *f.from >= *f.to) {
        report(out_, *from,
               fmt::format("'from' ({}) must be before 'to' ({}) in {}", display(from->text), display(to->text),
                           m.path()));
        ok = false;
    }
    return ok;
}

bool ScenarioReader::read_fault(const Node& item, size_t index) {
    const std::string path = index_path("faults", index);
    if (item.kind != Node::Kind::Map) {
        if (item.kind != Node::Kind::Bad) {
            report(out_, item,
                   fmt::format("expected a one-key map like {{delay: {{...}}}} for '{}', got {}", path,
                               describe(item)));
        }
        return false;
    }
    if (item.keys.size() != 1) {
        if (item.keys.empty()) {
            report(out_, item, fmt::format("{} is empty; name one fault kind, like {{delay: {{...}}}}", path));
            return false;
        }
        std::string names;
        for (const Node& k : item.keys) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", display(k.text));
        // `- delay:` with its parameters written below it but not indented under it.
        std::string hint;
        const Keys params = section_keys(item.keys[0].text);
        bool all_params = !params.empty();
        for (size_t i = 1; i < item.keys.size(); ++i) {
            bool known = false;
            for (std::string_view p : params) known = known || p == item.keys[i].text;
            all_params = all_params && known;
        }
        if (all_params) hint = fmt::format("; indent the parameters under '{}'", item.keys[0].text);
        report(out_, item,
               fmt::format("{} must have one key, the fault kind, got {} ({}){}", path, item.keys.size(), names, hint));
        return false;
    }
    const Node& kind_node = item.keys[0];
    const FaultKindInfo* info = nullptr;
    for (const auto& k : kFaultKinds)
        if (k.name == kind_node.text) info = &k;
    if (!info) {
        report(out_, kind_node,
               fmt::format("unknown key '{}' in {}{}", display(kind_node.text), path,
                           suggestion_suffix(kind_node.text, kFaultNames, {}, kFaultNames.size())));
        return false;
    }
    FaultSpec f;
    f.kind = info->kind;
    f.loc = kind_node.loc;
    const Keys keys = fault_keys(info->kind);
    MapReader m(item.items[0], join_path(path, info->name), keys, out_, kFaultAliases);
    if (!m.ok()) return false;
    bool ok = true;
    const auto optional_uint = [&](std::string_view key, std::optional<uint32_t>& field) {
        if (const Node* n = m.get(key)) {
            auto v = read_uint(*n, key, 1, kUint32Max, out_);
            if (v) field = uint32_t(*v);
            ok &= v.has_value();
        }
    };
    const auto narrowing = [&] {
        optional_uint("order", f.order);
        optional_uint("nth", f.nth);
        if (const Node* n = m.get("probability")) ok &= (f.probability = read_probability(*n, out_)).has_value();
    };
    const auto service = [&](bool required) {
        const Node* n = required ? m.require("service") : m.get("service");
        if (n) ok &= (f.service = read_service(*n, out_)).has_value();
        else ok &= !required;
    };
    // `replica: N` of a process fault (1-based in the file, 0-based in the FaultSpec); whether the
    // service has that many replicas is checked after every fault is read (check_replicas).
    const Node* replica = std::find(keys.begin(), keys.end(), "replica") != keys.end() ? m.get("replica") : nullptr;
    if (replica) {
        auto v = read_uint(*replica, "replica", 1, kReplicasMax, out_);
        if (v) f.replica = uint8_t(*v - 1);
        ok &= v.has_value();
    }
    const auto by = [&] {
        const Node* n = m.require("by");
        ok &= n && (f.by = read_duration_range(*n, out_)).has_value();
    };
    switch (info->kind) {
        case FaultKind::Delay:
        case FaultKind::Duplicate:
        case FaultKind::Republish:
        case FaultKind::Drop:
        case FaultKind::Reorder: {
            const Node* t = m.require("topic");
            ok &= t && read_topic_selection(*t, m.child_path("topic"), f.all_topics, f.topics, out_);
            if (t && info->kind == FaultKind::Republish) ok &= republish_has_mechanism(*t, f);
            narrowing();
            ok &= read_window(m, f, false);
            if (info->kind == FaultKind::Delay) by();
            if (info->kind == FaultKind::Delay || info->kind == FaultKind::Duplicate) service(false);
            if (info->kind == FaultKind::Reorder) {
                const Node* n = m.require("window");
                ok &= n && (f.window = read_positive_duration(*n, "window", out_)).has_value();
            }
            // A service narrowing must name a consumer of one of the fault's topics.
            if (f.service && !f.all_topics && !f.topics.empty()) {
                bool consumes = false;
                for (Topic t2 : f.topics) {
                    const Consumers c = consumers_of(t2);
                    for (uint8_t k = 0; k < c.count; ++k) consumes = consumes || c.list[k] == *f.service;
                }
                if (!consumes) {
                    report(out_, *m.get("service"),
                           fmt::format("service '{}' consumes none of the topics of {}", service_name(*f.service),
                                       m.path()));
                    ok = false;
                }
            }
            break;
        }
        case FaultKind::Crash: {
            service(true);
            const Node* point = m.get("point");
            const Node* at = m.get("at");
            if (point && at) {
                report(out_, *at, fmt::format("a crash takes 'point' or 'at', not both, in {}", m.path()));
                ok = false;
            } else if (!point && !at) {
                report(out_, m.node(), fmt::format("a crash needs 'point' or 'at' in {}", m.path()));
                ok = false;
            }
            if (point) {
                static constexpr std::array<std::string_view, 3> kPoints{"before-publish", "after-publish",
                                                                         "after-commit"};
                auto i = read_choice(*point, m.child_path("point"), kPoints, out_);
                if (i) f.point = CrashPoint(*i);
                ok &= i.has_value();
                narrowing();
                ok &= read_window(m, f, false);
            }
            if (at) {
                ok &= set(f.at, read_time(*at, out_));
                if (!point) {
                    for (std::string_view key : {"probability", "order", "nth", "from", "to"}) {
                        if (const Node* n = m.get(key)) {
                            report(out_, m.node().keys[size_t(n - m.node().items.data())],
                                   fmt::format("'{}' has no meaning for a crash at a fixed time ('at') in {}", key,
                                               m.path()));
                            ok = false;
                        }
                    }
                }
            }
            if (const Node* n = m.get("restart-after")) ok &= set(f.restart_after, read_duration(*n, out_));
            break;
        }
        case FaultKind::DbOutage:
        case FaultKind::Disconnect:
        case FaultKind::Pause:
            service(true);
            ok &= read_window(m, f, true);
            break;
        case FaultKind::SlowCommit:
            service(true);
            ok &= read_window(m, f, false);
            if (m.get("by") || !f.from || !f.to) {
                by();
                narrowing();
            } else {
                // The window form (the nemesis's slow-commit): every commit that begins in the
                // window waits until it ends; nothing is drawn, so nothing narrows it.
                for (std::string_view key : {"probability", "order", "nth"}) {
                    if (const Node* n = m.get(key)) {
                        report(out_, *n,
                               fmt::format("'{}' needs 'by' in {}: without 'by', every commit that begins "
                                           "between 'from' and 'to' waits until 'to'",
                                           key, m.path()));
                        ok = false;
                    }
                }
            }
            break;
        case FaultKind::Nemesis: {
            const Node* kinds = m.require("kinds");
            if (kinds && expect_sequence(*kinds, m.child_path("kinds"), out_)) {
                if (kinds->items.empty()) {
                    report(out_, *kinds, fmt::format("{} must not be empty", m.child_path("kinds")));
                    ok = false;
                }
                for (const Node& k : kinds->items) {
                    auto name = read_scalar(k, "a fault kind", out_);
                    if (!name) {
                        ok = false;
                        continue;
                    }
                    const FaultKindInfo* ki = nullptr;
                    for (const auto& cand : kFaultKinds)
                        if (cand.name == *name) ki = &cand;
                    if (!ki) {
                        report(out_, k, unknown_name("fault kind", *name, kFaultNames, 0));
                        ok = false;
                    } else if (ki->kind == FaultKind::Scale) {
                        report(out_, k,
                               "a nemesis draws crash, db-outage, disconnect, slow-commit or pause, not scale; an "
                               "autoscaler step is a scale fault of its own, at a fixed time");
                        ok = false;
                    } else if (!ki->process) {
                        report(out_, k,
                               fmt::format("a nemesis draws process faults (crash, db-outage, disconnect, "
                                           "slow-commit or pause), got '{}'",
                                           *name));
                        ok = false;
                    } else {
                        f.kinds.push_back(ki->kind);
                    }
                }
            } else {
                ok = false;
            }
            const Node* interval = m.require("interval");
            ok &= interval && (f.interval = read_positive_duration(*interval, "interval", out_)).has_value();
            const Node* duration = m.require("duration");
            ok &= duration && (f.duration = read_duration_range(*duration, out_)).has_value();
            ok &= read_window(m, f, false);
            break;
        }
        case FaultKind::Scale: {
            service(true);
            const Node* at = m.require("at");
            ok &= at && set(f.at, read_time(*at, out_));
            const Node* n = m.require("replicas");
            if (n && n->kind == Node::Kind::Scalar && !n->quoted && n->text == "0") {
                report(out_, *n,
                       "scale to 0 replicas would stop the service for good; a scale step keeps at least 1 "
                       "(for an outage use crash with restart-after, or pause)");
                ok = false;
            } else if (n) {
                auto v = read_uint(*n, "replicas", 1, kReplicasMax, out_);
                if (v) f.scale_to = uint8_t(*v);
                ok &= v.has_value();
            } else {
                ok = false;
            }
            break;
        }
    }
    if (const Node* n = m.get("id")) {
        auto id = read_id(*n, m.child_path("id"), "fault", fault_ids_);
        if (id) f.id = *id;
        ok &= id.has_value();
    }
    if (!ok) return false;
    if (replica) replica_nodes_.emplace_back(replica, s_.faults.size());
    s_.faults.push_back(std::move(f));
    return true;
}

}  // namespace sagasim::scenario_values
