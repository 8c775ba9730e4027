// The trace's line parser: header, steps, footer, each checked against docs/trace-format.md.
#include "reports/trace_reader.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include <fmt/format.h>

#include "reports/step_line.hpp"
#include "sim/scenario/user_file.hpp"

namespace sagasim::reports {

using nlohmann::json;
using nlohmann::ordered_json;

const std::vector<std::string>& trace_step_kinds() {
    static const std::vector<std::string> kinds{
        "initial-stock", "client-request", "restock", "direct-reserve", "inject",  "send",   "fault",        "lost",
        "append",        "ack",            "timeout", "deliver", "decide",        "commit",       "rollback",
        "offset-commit", "retry",          "dead-letter", "skip", "done",         "abandon",      "crash",
        "restart",       "window-begin",   "window-end",  "timer", "phase-end",   "violation",     "rebalance"};
    return kinds;
}

int32_t StringTable::intern(std::string_view s) {
    const auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    const auto id = int32_t(list_.size());
    list_.emplace_back(s);
    index_.emplace(list_.back(), id);
    return id;
}

namespace {

// Lookups by std::string_view into maps keyed by std::string.
struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
};
template <class V>
using ViewMap = std::unordered_map<std::string, V, ViewHash, std::equal_to<>>;  // lookup only

const ViewMap<uint8_t>& kind_index() {
    static const ViewMap<uint8_t> kinds = [] {
        ViewMap<uint8_t> m;
        for (size_t i = 0; i < trace_step_kinds().size(); ++i) m.emplace(trace_step_kinds()[i], uint8_t(i));
        return m;
    }();
    return kinds;
}

// The keys a write may have.
const std::set<std::string, std::less<>> kWriteKeys{"write", "orderId", "sku",    "quantity", "price", "from",
                                                    "to",    "move",    "before", "after",    "status", "amount"};

// A value shown in a message: at most 40 characters of its JSON.
std::string shown(const json& v) {
    std::string s = v.dump(-1, ' ', true, json::error_handler_t::replace);
    if (s.size() > 40) s = s.substr(0, 40) + "...";
    return s;
}

class Parser {
public:
    Parser(std::string_view text, const std::string& path, ReadPath how) : text_(text), fast_(how == ReadPath::Fast) {
        trace_.path = path;
    }

    Trace run() {
        if (text_.empty()) fail(1, 1, "the file is empty; a trace begins with a header record");
        size_t pos = 0;
        while (pos < text_.size()) {
            const size_t nl = text_.find('\n', pos);
            const bool whole = nl != std::string_view::npos;
            line_ = text_.substr(pos, whole ? nl - pos : std::string_view::npos);
            pos = whole ? nl + 1 : text_.size();
            ++line_no_;
            if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
            check_chars();
            if (line_.size() > kTraceLineMax)
                fail(int(kTraceLineMax) + 1, fmt::format("the line has {} characters; a trace line may have at most {}",
                                                         line_.size(), kTraceLineMax));
            if (!whole && !footer_seen_)
                fail(int(line_.size()) + 1,
                     fmt::format("the trace is cut short in the middle of line {} (no newline and no footer record)",
                                 line_no_));
            if (footer_seen_) fail(1, "nothing may follow the footer record");
            // The step lines sagasim writes take the fast path; anything else, and every error,
            // the full one.
            if (fast_ && line_no_ > 1 && fast_step()) continue;
            record(parse());
        }
        if (!footer_seen_)
            fail(line_no_, 1,
                 fmt::format("the trace ends after step {} without its footer record (it was cut short)",
                             trace_.steps.size()));
        return std::move(trace_);
    }

private:
    [[noreturn]] void fail(int line, int column, std::string message) const {
        throw TraceError({Diagnostic{trace_.path, line, column, std::move(message)}});
    }
    [[noreturn]] void fail(int column, std::string message) const { fail(line_no_, column, std::move(message)); }

    // The column of `"key":` on the current line (1 when it is not found).
    int column_of(std::string_view key) const {
        const std::string quoted = fmt::format("\"{}\":", key);
        const size_t at = line_.find(quoted);
        return at == std::string_view::npos ? 1 : int(at) + 1;
    }

    void check_chars() const {
        const void* nul = std::memchr(line_.data(), '\0', line_.size());
        if (nul != nullptr)
            fail(int(static_cast<const char*>(nul) - line_.data()) + 1, "not a text file (it contains a NUL byte)");
    }

    json parse() const {
        try {
            // A key twice in one object is an error, not one of its values read (the fast path
            // refuses it too).
            std::vector<std::set<std::string, std::less<>>> open;
            const json::parser_callback_t keys = [&](int, json::parse_event_t event, json& parsed) {
                if (event == json::parse_event_t::object_start) open.emplace_back();
                else if (event == json::parse_event_t::object_end) open.pop_back();
                else if (event == json::parse_event_t::key && parsed.is_string() &&
                         !open.back().insert(parsed.get<std::string>()).second)
                    fail(column_of(parsed.get<std::string>()),
                         fmt::format("key '{}' appears twice in one object", parsed.get<std::string>()));
                return true;
            };
            json j = json::parse(line_.begin(), line_.end(), keys);
            if (!j.is_object()) fail(1, "expected a JSON object (a trace has one record per line)");
            return j;
        } catch (const json::parse_error& e) {
            if (line_no_ == 1) not_a_trace();
            fail(std::max<int>(1, int(e.byte)), "invalid JSON (a trace has one JSON object per line)");
        } catch (const json::out_of_range& e) {
            // nlohmann_json refuses a number no double holds (1e999) with out_of_range 406, not a
            // parse_error; its message quotes the number, which locates it (a finding of
            // fuzz_trace_reader: it escaped as an exception that was no TraceError).
            if (line_no_ == 1) not_a_trace();
            const std::string_view what = e.what();
            const size_t open = what.find('\'');
            const size_t close = what.rfind('\'');
            const std::string_view number =
                open != std::string_view::npos && close > open ? what.substr(open + 1, close - open - 1) : std::string_view{};
            const size_t at = number.empty() ? std::string::npos : line_.find(number);
            fail(at == std::string::npos ? 1 : int(at) + 1,
                 fmt::format("invalid JSON: the number {} is out of range", number));
        }
    }

    [[noreturn]] void not_a_trace() const {
        fail(1, "not a sagasim trace (it does not begin with {\"record\":\"header\",\"format\":\"sagasim-trace\",...})");
    }

    void record(const json& j) {
        const auto r = j.find("record");
        if (line_no_ == 1) {
            if (r == j.end() || *r != "header" || j.value("format", json()) != "sagasim-trace") not_a_trace();
            return header(j);
        }
        if (r == j.end()) return step(j);
        if (*r == "footer") return footer(j);
        if (*r == "header") fail(column_of("record"), "a second header record (a trace has one, on its first line)");
        fail(column_of("record"), fmt::format("unknown record {}; expected \"header\", \"footer\" or a step", shown(*r)));
    }

    uint64_t u64(const json& j, std::string_view key) const {
        const json& v = j.at(std::string(key));
        if (!v.is_number_unsigned())
            fail(column_of(key), fmt::format("'{}' must be an unsigned integer, got {}", key, shown(v)));
        return v.get<uint64_t>();
    }
    const std::string& str(const json& j, std::string_view key) const {
        const json& v = j.at(std::string(key));
        if (!v.is_string()) fail(column_of(key), fmt::format("'{}' must be a string, got {}", key, shown(v)));
        return v.get_ref<const std::string&>();
    }
    void need(const json& j, std::initializer_list<std::string_view> keys, std::string_view what) const {
        for (std::string_view k : keys)
            if (!j.contains(std::string(k))) fail(1, fmt::format("the {} record has no '{}'", what, k));
    }
    void only(const json& j, const std::set<std::string>& keys, std::string_view what) const {
        for (const auto& [k, v] : j.items())
            if (!keys.count(k)) fail(column_of(k), fmt::format("unknown key '{}' in the {} record", k, what));
    }

    void header(const json& j) {
        need(j, {"version"}, "header");
        const json& v = j.at("version");
        if (!v.is_number_unsigned() || v.get<uint64_t>() != uint64_t(kTraceReadVersion))
            fail(column_of("version"), fmt::format("trace format version {} is not supported; this sagasim reads version {}",
                                                   shown(v), kTraceReadVersion));
        only(j,
             {"record", "format", "version", "tool", "scenario", "name", "sha256", "seed", "tape", "design", "topics",
              "lanes", "faults", "invariants"},
             "header");
        need(j, {"tool", "scenario", "name", "sha256", "seed", "design", "topics", "lanes", "faults", "invariants"},
             "header");
        for (const char* k : {"tool", "scenario", "name", "sha256"}) (void)str(j, k);
        if (j.contains("tape")) (void)str(j, "tape");
        (void)u64(j, "seed");
        for (const char* k : {"topics", "lanes", "faults", "invariants"})
            if (!j.at(k).is_array()) fail(column_of(k), fmt::format("'{}' must be an array", k));
        if (!j.at("design").is_object()) fail(column_of("design"), "'design' must be an object");
        for (const json& l : j.at("lanes")) {
            if (!l.is_object() || !l.contains("name") || !l.contains("kind") || !l.at("name").is_string() ||
                !l.at("kind").is_string())
                fail(column_of("lanes"), "each lane must be an object with a 'name' and a 'kind'");
            for (const auto& [k, x] : l.items()) {
                if (k != "name" && k != "kind" && k != "service" && k != "topic" && k != "partition")
                    fail(column_of("lanes"), fmt::format("unknown key '{}' in a lane", k));
                if (k == "partition" ? !x.is_number_unsigned() : !x.is_string())
                    fail(column_of("lanes"), fmt::format("a lane's '{}' has the wrong type", k));
            }
        }
        for (const json& f : j.at("faults"))
            if (!f.is_object() || !f.contains("id") || !f.at("id").is_string() || !f.contains("kind") ||
                !f.at("kind").is_string())
                fail(column_of("faults"), "each fault must be an object with an 'id' and a 'kind'");
        for (const json& i : j.at("invariants"))
            if (!i.is_string()) fail(column_of("invariants"), "each invariant must be a string");
        trace_.lanes = j.at("lanes").size();
        trace_.header = ordered_json::parse(line_.begin(), line_.end());
    }

    void footer(const json& j) {
        only(j,
             {"record", "steps", "digest", "verdict", "end", "virtual_time_us", "decisions", "violations", "counters",
              "fault_acted"},
             "footer");
        need(j, {"steps", "digest", "verdict", "end", "virtual_time_us", "decisions", "violations", "counters",
                 "fault_acted"},
             "footer");
        const uint64_t steps = u64(j, "steps");
        if (steps != trace_.steps.size())
            fail(column_of("steps"), fmt::format("the footer counts {} steps but the trace has {}", steps,
                                                 trace_.steps.size()));
        for (const char* k : {"digest", "verdict", "end"}) (void)str(j, k);
        const std::string& verdict = str(j, "verdict");
        if (verdict != "PASS" && verdict != "FAIL" && verdict != "INCONCLUSIVE")
            fail(column_of("verdict"), fmt::format("unknown verdict '{}'; expected PASS, FAIL or INCONCLUSIVE", verdict));
        for (const char* k : {"virtual_time_us", "decisions", "violations"}) (void)u64(j, k);
        if (!j.at("counters").is_object()) fail(column_of("counters"), "'counters' must be an object");
        for (const auto& [k, v] : j.at("counters").items())
            if (!v.is_number_unsigned()) fail(column_of("counters"), fmt::format("counter '{}' must be an unsigned integer", k));
        const json& acted = j.at("fault_acted");
        if (!acted.is_array() || acted.size() != trace_.header.at("faults").size())
            fail(column_of("fault_acted"), fmt::format("'fault_acted' must be an array of {} counts, one per fault of the header",
                                                       trace_.header.at("faults").size()));
        for (const json& a : acted)
            if (!a.is_number_unsigned()) fail(column_of("fault_acted"), "each 'fault_acted' count must be an unsigned integer");
        footer_seen_ = true;
        trace_.footer = ordered_json::parse(line_.begin(), line_.end());
    }

    int32_t intern_str(const json& j, std::string_view key) { return trace_.strings.intern(str(j, key)); }

    // A step line read by the fast path (step_line.hpp): true when it was read and is valid; false
    // when the full path must read it (which then finds the same step, or the error).
    bool fast_step() {
        if (line_.substr(0, 8) != "{\"step\":" || !line_tokens_.parse(line_)) return false;
        using T = LineValue::Type;
        TraceStep s;
        bool step = false, t = false, kind = false, lane = false, invariant = false;
        for (const LineField& f : line_tokens_.top()) invariant = invariant || f.key == "invariant";
        const LineField* violation_field[6] = {};  // invariant, orderNumber, subject, expected, actual, history
        const LineField* writes = nullptr;
        for (const LineField& f : line_tokens_.top()) {
            const LineValue& v = f.value;
            const bool u = v.type == T::Unsigned, text = v.type == T::String;
            switch (key_of(f.key)) {
                case Key::Unknown: return false;
                case Key::Known:
                    if (f.key == "kind") {
                        const auto k = kind_index().find(v.text);
                        if (!text || k == kind_index().end()) return false;
                        s.kind = k->second;
                        kind = true;
                    } else {
                        if (!u) return false;
                        if (f.key == "step") s.step = v.number, step = true;
                        else if (f.key == "t") s.t = v.number, t = true;
                        else if (v.number >= trace_.lanes) return false;
                        else s.lane = uint32_t(v.number), lane = true;
                    }
                    break;
                case Key::Cause: if (!u || v.number == 0) return false; s.cause = v.number; break;  // 0: the full path's error
                case Key::Offset: if (!u) return false; s.offset = v.number; break;
                case Key::Partition: if (!u) return false; s.partition = int64_t(v.number & 0x7fffffffffffffffULL); break;
                case Key::Attempt: if (!u) return false; s.attempt = uint32_t(v.number); break;
                case Key::Readers: if (!u) return false; s.readers = uint32_t(v.number); break;
                case Key::Assigned: if (!u) return false; s.assigned = uint32_t(v.number); break;
                case Key::Outbox: if (!u) return false; s.outbox = uint32_t(v.number); break;
                case Key::Append: if (!u) return false; s.append = v.number; break;
                case Key::OrderId: if (!u) return false; s.order = int64_t(v.number); break;
                case Key::Copy:
                    if (v.type != T::True && v.type != T::False) return false;
                    s.copy = v.type == T::True;
                    break;
                case Key::Text: if (!text) return false; s.*text_member(f.key) = trace_.strings.intern(v.text); break;
                case Key::Writes: if (v.type != T::Array) return false; writes = &f; break;
                case Key::Invariant: violation_field[0] = &f; break;
                case Key::ViolationPart: {
                    if (!invariant) return false;
                    static constexpr std::string_view kParts[] = {"orderNumber", "subject", "expected", "actual", "history"};
                    for (size_t i = 0; i < 5; ++i)
                        if (f.key == kParts[i]) violation_field[i + 1] = &f;
                    break;
                }
            }
        }
        if (!step || !t || !kind || !lane || s.step != trace_.steps.size() + 1) return false;
        if (!trace_.steps.empty() && s.t < trace_.steps.back().t) return false;
        if (s.cause != 0 && s.cause >= s.step) return false;
        std::vector<StatusWrite> statuses;
        if (writes != nullptr && !fast_writes(s, writes->value, statuses)) return false;
        TraceViolation v;
        if (invariant) {
            for (size_t i : {0, 1, 2, 3, 4})
                if (violation_field[i] != nullptr && violation_field[i]->value.type != T::String) return false;
            if (!violation_field[3] || !violation_field[4] || !violation_field[5] ||
                violation_field[5]->value.type != T::Array)
                return false;
            v.step = s.step;
            v.invariant = violation_field[0]->value.text;
            if (violation_field[1]) v.order_number = violation_field[1]->value.text;
            if (violation_field[2]) v.subject = violation_field[2]->value.text;
            v.expected = violation_field[3]->value.text;
            v.actual = violation_field[4]->value.text;
            const LineValue& h = violation_field[5]->value;
            for (uint32_t i = h.first; i < h.first + h.count; ++i) {
                const LineValue& x = line_tokens_.elements()[i];
                if (x.type != T::Unsigned || x.number == 0 || x.number > s.step) return false;
                v.history.push_back(x.number);
            }
            s.violation = int32_t(trace_.violations.size());
            trace_.violations.push_back(std::move(v));
        }
        trace_.status_writes.insert(trace_.status_writes.end(), statuses.begin(), statuses.end());
        trace_.steps.push_back(s);
        return true;
    }

    // The fast path's writes, in the same words as writes() makes.
    bool fast_writes(TraceStep& s, const LineValue& array, std::vector<StatusWrite>& statuses) {
        using T = LineValue::Type;
        std::string words;
        std::vector<std::pair<std::string_view, const LineValue*>> fields;
        for (uint32_t e = array.first; e < array.first + array.count; ++e) {
            const LineValue& w = line_tokens_.elements()[e];
            if (w.type != T::Object) return false;
            std::string_view kind, to;
            bool has_kind = false, has_to = false;
            const LineValue* order = nullptr;
            fields.clear();
            for (uint32_t k = w.first; k < w.first + w.count; ++k) {
                const LineField& f = line_tokens_.object_fields()[k];
                if (!kWriteKeys.count(f.key) || (f.value.type != T::String && f.value.type != T::Unsigned)) return false;
                if (f.key == "write") {
                    if (f.value.type != T::String) return false;
                    kind = f.value.text;
                    has_kind = true;
                    continue;
                }
                if (f.key == "orderId") order = &f.value;
                if (f.key == "to" && f.value.type == T::String) to = f.value.text, has_to = true;
                fields.emplace_back(f.key, &f.value);
            }
            if (!has_kind) return false;
            std::sort(fields.begin(), fields.end());  // as the full path's std::map iterates them
            std::string one(kind);
            for (const auto& [k, x] : fields)
                one += fmt::format(" {}={}", k, x->type == T::String ? std::string(x->text) : std::to_string(x->number));
            if (order != nullptr && order->type == T::Unsigned && (kind == "order-created" || kind == "order-status")) {
                if (kind == "order-created") to = "PENDING", has_to = true;
                if (has_to)
                    statuses.push_back({s.step, int64_t(order->number), trace_.strings.intern(to)});
            }
            words += (words.empty() ? "" : "; ") + one;
        }
        s.writes = trace_.strings.intern(words);
        return true;
    }

    void step(const json& j) {
        need(j, {"step", "t", "kind", "lane"}, "step");
        TraceStep s;
        s.step = u64(j, "step");
        if (s.step != trace_.steps.size() + 1)
            fail(column_of("step"), fmt::format("expected step {}, got step {} (steps are numbered 1, 2, 3, ... with no gap)",
                                                trace_.steps.size() + 1, s.step));
        s.t = u64(j, "t");
        if (!trace_.steps.empty() && s.t < trace_.steps.back().t)
            fail(column_of("t"), fmt::format("step {} is at time {}, before step {} at {}; time never goes back", s.step,
                                             s.t, s.step - 1, trace_.steps.back().t));
        const std::string& kind = str(j, "kind");
        const auto k = kind_index().find(kind);
        if (k == kind_index().end()) fail(column_of("kind"), fmt::format("unknown step kind '{}'", kind));
        s.kind = k->second;
        const uint64_t lane = u64(j, "lane");
        if (lane >= trace_.lanes)
            fail(column_of("lane"), fmt::format("lane {} is not one of the header's {} lanes", lane, trace_.lanes));
        s.lane = uint32_t(lane);
        for (const auto& [key, v] : j.items()) field(j, s, key, v);
        trace_.steps.push_back(s);
    }

    enum class Key { Unknown, Known, Cause, Offset, Partition, Attempt, Readers, Assigned, Outbox, Append, OrderId, Copy, Text, Writes,
                     Invariant, ViolationPart };

    // The keys whose value is a string kept in the string table, and where each goes.
    static int32_t TraceStep::*text_member(std::string_view key) {
        static const ViewMap<int32_t TraceStep::*> members{
            {"service", &TraceStep::service}, {"topic", &TraceStep::topic},   {"event", &TraceStep::event},
            {"eventId", &TraceStep::event_id}, {"fault", &TraceStep::fault},  {"faultKind", &TraceStep::fault_kind},
            {"outcome", &TraceStep::outcome}, {"note", &TraceStep::note},     {"from", &TraceStep::from},
            {"to", &TraceStep::to},           {"failure", &TraceStep::failure}, {"timer", &TraceStep::timer},
            {"why", &TraceStep::why}};
        const auto it = members.find(key);
        return it == members.end() ? nullptr : it->second;
    }

    static Key key_of(std::string_view key) {
        static const ViewMap<Key> keys{
            {"step", Key::Known},         {"t", Key::Known},          {"kind", Key::Known},
            {"lane", Key::Known},         {"cause", Key::Cause},      {"offset", Key::Offset},
            {"partition", Key::Partition}, {"attempt", Key::Attempt}, {"readers", Key::Readers},
            {"assigned", Key::Assigned},
            {"outbox", Key::Outbox},      {"append", Key::Append},    {"orderId", Key::OrderId},
            {"copy", Key::Copy},          {"writes", Key::Writes},
            {"invariant", Key::Invariant}, {"orderNumber", Key::ViolationPart}, {"subject", Key::ViolationPart},
            {"expected", Key::ViolationPart}, {"actual", Key::ViolationPart}, {"history", Key::ViolationPart}};
        const auto it = keys.find(key);
        if (it != keys.end()) return it->second;
        return text_member(key) != nullptr ? Key::Text : Key::Unknown;
    }

    void field(const json& j, TraceStep& s, const std::string& key, const json& v) {
        switch (key_of(key)) {
            case Key::Unknown: fail(column_of(key), fmt::format("unknown key '{}' in a step record", key));
            case Key::Known: return;
            case Key::Cause:
                s.cause = u64(j, key);
                if (s.cause == 0 || s.cause >= s.step)
                    fail(column_of(key), fmt::format("step {}'s cause {} is not an earlier step", s.step, s.cause));
                return;
            case Key::Offset: s.offset = u64(j, key); return;
            case Key::Partition: s.partition = int64_t(u64(j, key) & 0x7fffffffffffffffULL); return;
            case Key::Attempt: s.attempt = uint32_t(u64(j, key)); return;
            case Key::Readers: s.readers = uint32_t(u64(j, key)); return;
            case Key::Assigned: s.assigned = uint32_t(u64(j, key)); return;
            case Key::Outbox: s.outbox = uint32_t(u64(j, key)); return;
            case Key::Append: s.append = u64(j, key); return;
            case Key::OrderId:
                if (!v.is_number_integer()) fail(column_of(key), fmt::format("'orderId' must be an integer, got {}", shown(v)));
                s.order = v.get<int64_t>();
                return;
            case Key::Copy:
                if (!v.is_boolean()) fail(column_of(key), fmt::format("'copy' must be true or false, got {}", shown(v)));
                s.copy = v.get<bool>();
                return;
            case Key::Text: s.*text_member(key) = intern_str(j, key); return;
            case Key::Writes: writes(s, v); return;
            case Key::Invariant: violation(j, s); return;
            case Key::ViolationPart:
                if (!j.contains("invariant"))
                    fail(column_of(key), fmt::format("'{}' belongs to a violation, which needs 'invariant'", key));
                return;
        }
    }

    void violation(const json& j, TraceStep& s) {
        need(j, {"expected", "actual", "history"}, "violation");
        TraceViolation v;
        v.step = s.step;
        v.invariant = str(j, "invariant");
        if (j.contains("orderNumber")) v.order_number = str(j, "orderNumber");
        if (j.contains("subject")) v.subject = str(j, "subject");
        v.expected = str(j, "expected");
        v.actual = str(j, "actual");
        const json& h = j.at("history");
        if (!h.is_array()) fail(column_of("history"), "'history' must be an array of step numbers");
        for (const json& x : h) {
            if (!x.is_number_unsigned() || x.get<uint64_t>() == 0 || x.get<uint64_t>() > s.step)
                fail(column_of("history"), fmt::format("'history' holds {}, which is not a step up to this one", shown(x)));
            v.history.push_back(x.get<uint64_t>());
        }
        s.violation = int32_t(trace_.violations.size());
        trace_.violations.push_back(std::move(v));
    }

    // The writes of a commit in words ("order-created 1 SKU-1 x2 at 5.00; stock SKU-1 reserve 2: 10 -> 8"),
    // and the order statuses they set.
    void writes(TraceStep& s, const json& v) {
        const int col = column_of("writes");
        if (!v.is_array()) fail(col, "'writes' must be an array");
        std::string words;
        for (const json& w : v) {
            if (!w.is_object() || !w.contains("write") || !w.at("write").is_string())
                fail(col, "each write must be an object with a 'write'");
            std::string one = w.at("write").get<std::string>();
            for (const auto& [k, x] : w.items()) {
                if (!kWriteKeys.count(k)) fail(col, fmt::format("unknown key '{}' in a write", k));
                if (k == "write") continue;
                if (!x.is_string() && !x.is_number_integer())
                    fail(col, fmt::format("a write's '{}' must be a string or an integer", k));
                one += fmt::format(" {}={}", k, x.is_string() ? x.get<std::string>() : x.dump());
            }
            const std::string& kind = w.at("write").get_ref<const std::string&>();
            const json order = w.value("orderId", json());
            if (order.is_number_integer() && (kind == "order-created" || kind == "order-status")) {
                const json to = kind == "order-created" ? json("PENDING") : w.value("to", json());
                if (to.is_string())
                    trace_.status_writes.push_back(
                        {s.step, order.get<int64_t>(), trace_.strings.intern(to.get<std::string>())});
            }
            words += (words.empty() ? "" : "; ") + one;
        }
        s.writes = trace_.strings.intern(words);
    }

    std::string_view text_;
    std::string_view line_;
    bool fast_;
    StepLine line_tokens_;
    int line_no_ = 0;
    bool footer_seen_ = false;
    Trace trace_;
};

}  // namespace

Trace parse_trace(std::string_view text, const std::string& path, ReadPath how) { return Parser(text, path, how).run(); }

Trace read_trace_file(const std::string& path) {
    std::string bytes, why;
    const std::string too_big = fmt::format("the file has more than {} bytes; a trace may have at most {} (1 GiB)",
                                            kTraceBytesMax, kTraceBytesMax);
    if (!read_user_file(path, kTraceBytesMax, too_big, bytes, why))
        throw TraceError({Diagnostic{path.empty() ? "<empty path>" : path, 1, 1, why}});
    return parse_trace(bytes, path);
}

}  // namespace sagasim::reports
