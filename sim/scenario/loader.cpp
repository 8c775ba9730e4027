// Scenario loading: checks that the bytes are text, turns yaml-cpp's parse events into a plain
// Node tree (refusing aliases, tags, deep nesting and second documents), then reads every section
// into a Scenario, collecting all errors before throwing. Value parsing lives in values.cpp.
#include "sim/scenario/loader.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/check/catalog.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/scenario/suggest.hpp"
#include "sim/scenario/values.hpp"

namespace sagasim {
namespace {

using namespace scenario_values;

using Keys = std::span<const std::string_view>;

constexpr std::array<std::string_view, 17> kTopKeys{
    "name",     "description", "seed",    "run",     "design", "inventory", "orders",     "load",  "restocks",
    "inject",   "payment",     "shipment", "kafka",  "timing", "faults",    "invariants", "expect"};
constexpr std::array<std::string_view, 3> kRunKeys{"until", "quiesce", "max-steps"};
constexpr std::array<std::string_view, 7> kDesignKeys{
    "base", "publish", "event-ids", "early-events", "refund-on-shipment-failure", "finalize-reservations",
    "saga-timeout"};
constexpr std::array<std::string_view, 4> kOrderKeys{"at", "sku", "quantity", "price"};
constexpr std::array<std::string_view, 6> kLoadKeys{"count", "rate", "start", "skus", "quantity", "price"};
constexpr std::array<std::string_view, 3> kRestockKeys{"at", "sku", "quantity"};
constexpr std::array<std::string_view, 9> kInjectKeys{"at",    "topic", "order-id", "event-id", "sku",
                                                      "quantity", "price", "amount",   "reason"};
constexpr std::array<std::string_view, 1> kRateKeys{"success-rate"};
constexpr std::array<std::string_view, 2> kKafkaKeys{"partitions", "latency"};
constexpr std::array<std::string_view, 5> kTimingKeys{"handle", "publish-ack", "commit", "offset-commit",
                                                      "retry-backoff"};
constexpr std::array<std::string_view, 1> kInvariantKeys{"exclude"};
constexpr std::array<std::string_view, 6> kExpectKeys{"violations", "final",     "stock",
                                                      "payments",   "shipments", "records"};

// Fault parameters (scenario-format.md, "Faults").
constexpr std::array<std::string_view, 8> kDelayKeys{"topic", "probability", "order", "nth",
                                                     "from",  "to",          "service", "by"};
constexpr std::array<std::string_view, 7> kDuplicateKeys{"topic", "probability", "order", "nth",
                                                         "from",  "to",          "service"};
constexpr std::array<std::string_view, 6> kMessageKeys{"topic", "probability", "order", "nth", "from", "to"};
constexpr std::array<std::string_view, 7> kReorderKeys{"topic", "probability", "order", "nth",
                                                       "from",  "to",          "window"};
constexpr std::array<std::string_view, 9> kCrashKeys{"service", "point", "at", "probability", "order",
                                                     "nth",     "from",  "to", "restart-after"};
constexpr std::array<std::string_view, 3> kWindowKeys{"service", "from", "to"};
constexpr std::array<std::string_view, 7> kSlowCommitKeys{"service", "by", "probability", "order",
                                                          "nth",     "from", "to"};
constexpr std::array<std::string_view, 5> kNemesisKeys{"kinds", "interval", "duration", "from", "to"};

constexpr std::array<FaultKindInfo, 11> kFaultKinds{{
    {FaultKind::Delay, "delay", false},
    {FaultKind::Duplicate, "duplicate", false},
    {FaultKind::Republish, "republish", false},
    {FaultKind::Drop, "drop", false},
    {FaultKind::Reorder, "reorder", false},
    {FaultKind::Crash, "crash", true},
    {FaultKind::DbOutage, "db-outage", true},
    {FaultKind::Disconnect, "disconnect", true},
    {FaultKind::SlowCommit, "slow-commit", true},
    {FaultKind::Pause, "pause", true},
    {FaultKind::Nemesis, "nemesis", false},
}};
constexpr std::array<std::string_view, 11> kFaultNames{"delay",      "duplicate",  "republish",   "drop",
                                                       "reorder",    "crash",      "db-outage",   "disconnect",
                                                       "slow-commit", "pause",     "nemesis"};

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
    }
    return {};
}

// Words people write for a parameter that has another name here.
constexpr std::array<SuggestAlias, 6> kFaultAliases{{
    {"delay", "by"}, {"slow-commit", "by"}, {"reorder", "window"}, {"prob", "probability"},
    {"start", "from"}, {"until", "to"},
}};

// ---------------------------------------------------------------------------------------------
// Bytes to text.

// The position (1-based line, byte column) of offset `at` in `text`.
std::pair<int, int> position_of(std::string_view text, size_t at) {
    int line = 1, column = 1;
    for (size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// Length of the valid UTF-8 sequence at text[i], or 0 if it is not one (overlong forms,
// surrogates and code points above U+10FFFF are not).
size_t utf8_length(std::string_view text, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    uint32_t cp = 0, min = 0;
    if ((c & 0xe0) == 0xc0) {
        n = 2;
        cp = c & 0x1f;
        min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
        cp = c & 0x0f;
        min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return n;
}

// Reports (and returns false) if `text` is not UTF-8 text: a NUL byte, another control character
// than tab, CR and LF, or a byte sequence that is not UTF-8.
bool check_text(std::string_view text, DiagnosticList& out) {
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::string why;
        if (c == 0) why = "it contains a NUL byte";
        else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            why = fmt::format("it contains the control character 0x{:02x}", c);
        const size_t n = why.empty() ? utf8_length(text, i) : 0;
        if (why.empty() && n == 0) why = "it is not valid UTF-8";
        if (!why.empty()) {
            const auto [line, column] = position_of(text, i);
            out.error(line, column, fmt::format("not a text file ({})", why));
            return false;
        }
        i += n;
    }
    return true;
}

// True if the text holds nothing but blanks, comments and document markers.
bool is_blank_yaml(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        const size_t b = line.find_first_not_of(" \t\r\xef\xbb\xbf");
        if (b == std::string::npos || line[b] == '#') continue;
        const std::string_view rest = std::string_view(line).substr(b, 3);
        if ((rest == "---" || rest == "...") && line.find_first_not_of(" \t\r", b + 3) == std::string::npos) continue;
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// YAML events to a Node tree.

constexpr int kDepthMax = 64;

SourceLoc loc_of(const YAML::Mark& m) {
    if (m.is_null()) return {1, 1};
    return {m.line + 1, m.column + 1};
}

struct TooDeep {
    YAML::Mark mark;
};
struct SecondDocument {
    YAML::Mark mark;
};

class TreeBuilder : public YAML::EventHandler {
public:
    explicit TreeBuilder(DiagnosticList& out) : out_(out) {}
    bool has_root() const { return has_root_; }
    Node& root() { return root_; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { add(make(Node::Kind::Null, mark)); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        // Never expanded: that is what keeps a billion-laughs file small.
        out_.error(mark.line + 1, mark.column + 1, "aliases are not supported; write the value out");
        add(make(Node::Kind::Bad, mark));
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  const std::string& value) override {
        Node n = make(check_tag(mark, tag) ? Node::Kind::Scalar : Node::Kind::Bad, mark);
        n.text = value;
        n.quoted = tag == "!";
        add(std::move(n));
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        open(mark, tag, Node::Kind::Sequence);
    }
    void OnSequenceEnd() override { stack_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        open(mark, tag, Node::Kind::Map);
    }
    void OnMapEnd() override { stack_.pop_back(); }

private:
    static Node make(Node::Kind kind, const YAML::Mark& mark) {
        Node n;
        n.kind = kind;
        n.loc = loc_of(mark);
        return n;
    }

    // "?" is a plain node and "!" a quoted scalar; anything else was written as a tag.
    bool check_tag(const YAML::Mark& mark, const std::string& tag) {
        if (tag == "?" || tag == "!" || tag.empty()) return true;
        constexpr std::string_view kCore = "tag:yaml.org,2002:";
        const std::string shown = tag.starts_with(kCore) ? "!!" + tag.substr(kCore.size()) : tag;
        out_.error(mark.line + 1, mark.column + 1,
                   fmt::format("YAML tags are not supported, got '{}'", display(shown)));
        return false;
    }

    void open(const YAML::Mark& mark, const std::string& tag, Node::Kind kind) {
        if (int(stack_.size()) >= kDepthMax) throw TooDeep{mark};
        const bool tag_ok = check_tag(mark, tag);
        Node* n = add(make(kind, mark));
        // A tagged collection is still walked, so that its contents end up somewhere, but its
        // readers skip it.
        if (!tag_ok) n->kind = Node::Kind::Bad;
        stack_.push_back(n);
    }

    // Appends `n` to the innermost open collection (as a map key or value, alternately). The
    // open collections are never appended to their parents again while open, so the pointers on
    // the stack stay valid.
    Node* add(Node n) {
        if (stack_.empty()) {
            root_ = std::move(n);
            has_root_ = true;
            return &root_;
        }
        Node& parent = *stack_.back();
        if (parent.kind == Node::Kind::Sequence) {
            parent.items.push_back(std::move(n));
            return &parent.items.back();
        }
        if (parent.keys.size() == parent.items.size()) {
            parent.keys.push_back(std::move(n));
            return &parent.keys.back();
        }
        // yaml-cpp marks an empty value (`key:`) where the next token starts, often the next line;
        // its key is the better place to point at.
        if (n.kind == Node::Kind::Null) n.loc = parent.keys.back().loc;
        parent.items.push_back(std::move(n));
        return &parent.items.back();
    }

    DiagnosticList& out_;
    Node root_;
    bool has_root_ = false;
    std::vector<Node*> stack_;
};

// Stops at the start of a second document.
class SecondDocumentProbe : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override { throw SecondDocument{mark}; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// The tree of the file's one document, or nullopt after reporting why there is none.
std::optional<Node> parse_yaml(std::string_view text, DiagnosticList& out) {
    std::istringstream in{std::string(text)};
    TreeBuilder builder(out);
    try {
        YAML::Parser parser(in);
        parser.HandleNextDocument(builder);
        if (builder.has_root()) {
            SecondDocumentProbe probe;
            parser.HandleNextDocument(probe);
        }
    } catch (const TooDeep& e) {
        const SourceLoc l = loc_of(e.mark);
        out.error(l.line, l.column, fmt::format("nesting deeper than {} levels is not supported", kDepthMax));
        return std::nullopt;
    } catch (const SecondDocument& e) {
        const SourceLoc l = loc_of(e.mark);
        out.error(l.line, l.column, "a second YAML document; a scenario file holds exactly one");
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        const SourceLoc l = loc_of(e.mark);
        out.error(l.line, l.column, fmt::format("invalid YAML: {}", e.msg));
        return std::nullopt;
    } catch (const std::exception& e) {
        out.error(1, 1, fmt::format("invalid YAML: {}", e.what()));
        return std::nullopt;
    }
    if (!builder.has_root() || (builder.root().kind == Node::Kind::Null && is_blank_yaml(text))) {
        out.error(1, 1, "the file is empty; a scenario needs at least 'name'");
        return std::nullopt;
    }
    return std::move(builder.root());
}

// ---------------------------------------------------------------------------------------------
// Sections.

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr uint64_t kUint32Max = std::numeric_limits<uint32_t>::max();
constexpr uint64_t kUint64Max = std::numeric_limits<uint64_t>::max();

std::vector<std::string_view> invariant_names() {
    std::vector<std::string_view> r;
    for (const auto& i : invariant_catalog()) r.push_back(i.name);
    return r;
}

class ScenarioReader {
public:
    ScenarioReader(Scenario& s, DiagnosticList& out, const LoadOptions& options)
        : s_(s), out_(out), options_(options) {}

    void read(const Node& root) {
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
        if (const Node* n = top.get("inject")) read_injections(*n);
        if (const Node* n = top.get("payment")) read_success_rate(*n, "payment", s_.payment_success);
        if (const Node* n = top.get("shipment")) read_success_rate(*n, "shipment", s_.shipment_success);
        if (const Node* n = top.get("kafka")) read_kafka(*n);
        if (const Node* n = top.get("timing")) read_timing(*n);
        if (const Node* n = top.get("faults")) read_faults(*n);
        read_invariants(top.get("invariants"));
        if (const Node* n = top.get("expect")) read_expect(*n);
    }

private:
    void read_name(const MapReader& top) {
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

    void read_run(const Node& node) {
        MapReader m(node, "run", kRunKeys, out_);
        if (const Node* n = m.get("until")) s_.run.until = read_time(*n, out_);
        if (const Node* n = m.get("quiesce")) set(s_.run.quiesce, read_duration(*n, out_));
        if (const Node* n = m.get("max-steps")) set(s_.run.max_steps, read_uint(*n, "max-steps", 1, kUint64Max, out_));
    }

    // ---- design

    static Design hardened() {
        Design d;
        d.publish = PublishMode::Outbox;
        d.event_ids = EventIdMode::Stable;
        d.early_events = EarlyEvents::Retry;
        d.refund_on_shipment_failure = true;
        d.finalize_reservations = true;
        d.saga_timeout = Duration::seconds(30);
        return d;
    }

    void read_design(const Node& node) {
        static constexpr std::array<std::string_view, 2> kBases{"seed", "hardened"};
        if (node.kind == Node::Kind::Scalar) {
            if (node.text == "seed") return;
            if (node.text == "hardened") {
                s_.design = hardened();
                if (!options_.allow_unimplemented) report(out_, node, "design 'hardened' is not supported yet");
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
        // Each switch that differs from the seed design, with the node that set it.
        std::vector<const Node*> set_here;
        const auto choice = [&](std::string_view key, auto& field, auto seed_value,
                                std::span<const std::string_view> names, auto values) {
            const Node* n = m.get(key);
            if (!n) return;
            if (auto i = read_choice(*n, m.child_path(key), names, out_)) {
                field = values[*i];
                if (field != seed_value) set_here.push_back(n);
            }
        };
        static constexpr std::array<std::string_view, 3> kPublish{"before-commit", "after-commit", "outbox"};
        static constexpr std::array<std::string_view, 2> kEventIds{"per-publish", "stable"};
        static constexpr std::array<std::string_view, 2> kEarly{"ignore", "retry"};
        choice("publish", d.publish, PublishMode::BeforeCommit, kPublish,
               std::array{PublishMode::BeforeCommit, PublishMode::AfterCommit, PublishMode::Outbox});
        choice("event-ids", d.event_ids, EventIdMode::PerPublish, kEventIds,
               std::array{EventIdMode::PerPublish, EventIdMode::Stable});
        choice("early-events", d.early_events, EarlyEvents::Ignore, kEarly,
               std::array{EarlyEvents::Ignore, EarlyEvents::Retry});
        for (auto [key, field] : {std::pair{"refund-on-shipment-failure", &d.refund_on_shipment_failure},
                                  std::pair{"finalize-reservations", &d.finalize_reservations}}) {
            const Node* n = m.get(key);
            if (!n) continue;
            if (auto b = read_bool(*n, out_)) {
                *field = *b;
                if (*b) set_here.push_back(n);
            }
        }
        if (const Node* n = m.get("saga-timeout")) {
            if (n->kind == Node::Kind::Scalar && n->text == "none") {
                d.saga_timeout.reset();
            } else if (auto t = read_positive_duration(*n, "saga-timeout", out_)) {
                d.saga_timeout = *t;
                set_here.push_back(n);
            }
        }
        s_.design = d;
        if (options_.allow_unimplemented || d.is_seed()) return;
        if (base && base->text == "hardened") report(out_, *base, "design 'hardened' is not supported yet");
        for (const Node* n : set_here) {
            const std::string& key = node.keys[size_t(n - node.items.data())].text;
            report(out_, *n, fmt::format("design switch '{}: {}' is not supported yet", key, display(n->text)));
        }
    }

    // ---- world

    void read_inventory(const Node& node) {
        if (!expect_map(node, "inventory", out_)) return;
        for (size_t i = 0; i < node.keys.size(); ++i) {
            auto sku = read_sku(node.keys[i], s_.skus, out_);
            auto qty = read_int(node.items[i], fmt::format("stock of '{}'", display(node.keys[i].text)), 0,
                                kInt32Max, out_);
            if (sku && qty) s_.inventory.emplace_back(*sku, *qty);
        }
    }

    void read_orders(const Node& node) {
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
            if (ok) s_.orders.push_back(o);
        }
    }

    void read_load(const Node& node) {
        MapReader m(node, "load", kLoadKeys, out_);
        if (!m.ok()) return;
        Load l;
        bool ok = true;
        ok &= set(l.count, opt(m.require("count"), [&](const Node& n) {
                      return read_uint(n, "count", 1, kUint64Max, out_);
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

    void read_restocks(const Node& node) {
        if (!expect_sequence(node, "restocks", out_)) return;
        for (size_t i = 0; i < node.items.size(); ++i) {
            MapReader m(node.items[i], index_path("restocks", i), kRestockKeys, out_);
            if (!m.ok()) continue;
            Restock r;
            bool ok = true;
            ok &= set(r.at, opt(m.require("at"), [&](const Node& n) { return read_time(n, out_); }));
            ok &= set(r.sku, opt(m.require("sku"), [&](const Node& n) { return read_sku(n, s_.skus, out_); }));
            ok &= set(r.quantity, opt(m.require("quantity"), [&](const Node& n) {
                          return read_int(n, "quantity", 0, kInt32Max, out_);
                      }));
            if (ok) s_.restocks.push_back(r);
        }
    }

    void read_injections(const Node& node) {
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
            ok &= set(in.order_id, opt(m.require("order-id"), [&](const Node& n) {
                          return read_int(n, "order-id", 1, std::numeric_limits<int64_t>::max(), out_);
                      }));
            if (const Node* n = m.get("event-id")) {
                auto v = read_uint(*n, "event-id", 1, kUint32Max, out_);
                ok &= v.has_value();
                if (v) in.event_label = uint32_t(*v);
            }
            if (const Node* n = m.get("sku")) ok &= set(in.sku, read_sku(*n, s_.skus, out_));
            if (const Node* n = m.get("quantity")) {
                in.quantity = read_int(*n, "quantity", 0, kInt32Max, out_);
                ok &= in.quantity.has_value();
            }
            if (const Node* n = m.get("price")) ok &= (in.price = read_money(*n, "price", Money{0}, out_)).has_value();
            if (const Node* n = m.get("amount")) {
                ok &= (in.amount = read_money(*n, "amount", Money{0}, out_)).has_value();
            }
            if (const Node* n = m.get("reason")) ok &= (in.reason = read_scalar(*n, "a string", out_)).has_value();
            if (ok) s_.injections.push_back(std::move(in));
        }
    }

    void read_success_rate(const Node& node, std::string_view section, Ppm& rate) {
        MapReader m(node, std::string(section), kRateKeys, out_);
        if (const Node* n = m.get("success-rate")) set(rate, read_probability(*n, out_));
    }

    void read_kafka(const Node& node) {
        MapReader m(node, "kafka", kKafkaKeys, out_);
        if (const Node* n = m.get("partitions")) {
            if (auto v = read_uint(*n, "partitions", 1, 1024, out_)) s_.kafka.partitions = uint32_t(*v);
        }
        if (const Node* n = m.get("latency")) set(s_.kafka.latency, read_duration_range(*n, out_));
    }

    void read_timing(const Node& node) {
        MapReader m(node, "timing", kTimingKeys, out_);
        const std::array<Duration*, 5> fields{&s_.timing.handle, &s_.timing.publish_ack, &s_.timing.commit,
                                              &s_.timing.offset_commit, &s_.timing.retry_backoff};
        for (size_t i = 0; i < kTimingKeys.size(); ++i) {
            if (const Node* n = m.get(kTimingKeys[i])) set(*fields[i], read_duration(*n, out_));
        }
    }

    // ---- faults

    void read_faults(const Node& node);
    bool read_fault(const Node& item, size_t index);
    bool read_window(const MapReader& m, FaultSpec& f, bool required);

    // ---- checks

    void read_invariants(const Node* node);
    std::optional<std::vector<std::string>> read_invariant_list(const Node& node, std::string_view path,
                                                                bool selecting);
    void read_expect(const Node& node);
    template <typename Status>
    std::optional<std::map<Status, uint64_t>> read_status_counts(const Node& node, std::string_view path,
                                                                 std::string_view what,
                                                                 std::span<const std::string_view> names,
                                                                 std::optional<Status> (*from_name)(std::string_view));

    // Assigns `v` to `field` if it holds a value; returns whether it did.
    template <typename T, typename U>
    static bool set(T& field, const std::optional<U>& v) {
        if (v) field = T(*v);
        return v.has_value();
    }
    // Applies `f` to `node` if it is there.
    template <typename F>
    static auto opt(const Node* node, F f) -> decltype(f(*node)) {
        if (!node) return std::nullopt;
        return f(*node);
    }

    Scenario& s_;
    DiagnosticList& out_;
    LoadOptions options_;
    bool invariants_ok_ = true;  // `invariants:` was read without error
};

void ScenarioReader::read_faults(const Node& node) {
    if (!expect_sequence(node, "faults", out_)) return;
    for (size_t i = 0; i < node.items.size(); ++i) read_fault(node.items[i], i);
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
                           suggestion_suffix(kind_node.text, kFaultNames, {}, 11)));
        return false;
    }
    FaultSpec f;
    f.kind = info->kind;
    f.loc = kind_node.loc;
    MapReader m(item.items[0], join_path(path, info->name), fault_keys(info->kind), out_, kFaultAliases);
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
            by();
            narrowing();
            ok &= read_window(m, f, false);
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
    }
    if (!options_.allow_unimplemented) {
        report(out_, kind_node,
               fmt::format("fault '{}' is not supported yet (it arrives with the fault catalogue)", info->name));
        ok = false;
    }
    if (ok) s_.faults.push_back(std::move(f));
    return ok;
}

// ---- invariants and expectations

// Invariant names in catalogue order, each checked: known, listed once and, when `selecting` (or
// for expect.violations), implemented in this build.
std::optional<std::vector<std::string>> ScenarioReader::read_invariant_list(const Node& node, std::string_view path,
                                                                            bool selecting) {
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
            if (selecting && !info->implemented && !options_.allow_unimplemented) {
                report(out_, item, fmt::format("invariant '{}' is not supported yet", info->name));
                ok = false;
            }
        }
    }
    if (!ok) return std::nullopt;
    std::vector<std::string> r;
    for (const auto& i : invariant_catalog())
        if (listed.count(i.name)) r.emplace_back(i.name);
    return r;
}

void ScenarioReader::read_invariants(const Node* node) {
    const auto all_implemented_but = [&](const std::vector<std::string>& excluded) {
        s_.invariants.clear();
        for (const auto& i : invariant_catalog()) {
            if (!i.implemented) continue;
            bool out = false;
            for (const auto& e : excluded) out = out || e == i.name;
            if (!out) s_.invariants.emplace_back(i.name);
        }
    };
    if (!node || (node->kind == Node::Kind::Scalar && node->text == "all")) {
        all_implemented_but({});
        return;
    }
    if (node->kind == Node::Kind::Sequence) {
        auto list = read_invariant_list(*node, "invariants", true);
        if (list) s_.invariants = *list;
        invariants_ok_ = list.has_value();
        return;
    }
    if (node->kind == Node::Kind::Map) {
        MapReader m(*node, "invariants", kInvariantKeys, out_);
        if (const Node* ex = m.require("exclude")) {
            auto list = read_invariant_list(*ex, "invariants.exclude", false);
            if (list) all_implemented_but(*list);
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
            e.violations = read_invariant_list(*n, "expect.violations", true);
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
    static constexpr std::array<std::string_view, kOrderStatusCount> kOrderStatuses{
        "PENDING", "CONFIRMED", "FAILED", "PAID", "PAYMENT_FAILED", "SHIPPED", "SHIPMENT_FAILED"};
    static constexpr std::array<std::string_view, 2> kPaymentStatuses{"SUCCEEDED", "FAILED"};
    static constexpr std::array<std::string_view, 2> kShipmentStatuses{"SHIPPED", "FAILED"};
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

std::string read_file_bytes(const std::string& path, DiagnosticList& out, bool& ok) {
    ok = false;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        out.error(1, 1, fmt::format("cannot read the file: {}", std::strerror(errno)));
        return {};
    }
    std::string bytes;
    std::array<char, 65536> buf{};
    size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) bytes.append(buf.data(), n);
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) {
        out.error(1, 1, fmt::format("cannot read the file: {}", std::strerror(err)));
        return {};
    }
    ok = true;
    return bytes;
}

}  // namespace

std::span<const std::string_view> top_level_keys() { return kTopKeys; }

std::span<const std::string_view> section_keys(std::string_view section) {
    static const std::map<std::string_view, Keys> kSections{
        {"run", kRunKeys},         {"design", kDesignKeys},     {"orders[]", kOrderKeys},
        {"load", kLoadKeys},       {"restocks[]", kRestockKeys}, {"inject[]", kInjectKeys},
        {"payment", kRateKeys},    {"shipment", kRateKeys},     {"kafka", kKafkaKeys},
        {"timing", kTimingKeys},   {"invariants", kInvariantKeys}, {"expect", kExpectKeys},
    };
    if (auto it = kSections.find(section); it != kSections.end()) return it->second;
    for (const auto& k : kFaultKinds)
        if (k.name == section) return fault_keys(k.kind);
    return {};
}

std::span<const FaultKindInfo> fault_kinds() { return kFaultKinds; }

Scenario load_scenario_text(std::string_view text, const std::string& path_for_messages, const LoadOptions& options) {
    DiagnosticList out(path_for_messages);
    Scenario s;
    s.path = path_for_messages;
    s.sha256 = sha256_hex(text);
    if (!check_text(text, out)) out.throw_if_any();
    std::optional<Node> root = parse_yaml(text, out);
    if (!root) out.throw_if_any();
    check_keys(*root, out);
    ScenarioReader(s, out, options).read(*root);
    out.throw_if_any();
    return s;
}

Scenario load_scenario_file(const std::string& path, const LoadOptions& options) {
    DiagnosticList out(path);
    bool ok = false;
    const std::string bytes = read_file_bytes(path, out, ok);
    if (!ok) out.throw_if_any();
    return load_scenario_text(bytes, path, options);
}

}  // namespace sagasim
