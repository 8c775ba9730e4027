// Builds the report's JSON from a read trace: compact rows of steps, the orders, the fault
// windows, the violations. Only ordered containers reach the output.
#include "reports/report_data.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace sagasim::reports {

using nlohmann::ordered_json;

void make_inert(std::string& json) {
    std::string out;
    out.reserve(json.size() + json.size() / 64);
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '<') out += "\\u003c";
        else if (c == '>') out += "\\u003e";
        else if (c == '&') out += "\\u0026";
        else if (c == '\xe2' && i + 2 < json.size() && json[i + 1] == '\x80' && (json[i + 2] == '\xa8' || json[i + 2] == '\xa9')) {
            out += json[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else out += c;
    }
    json.swap(out);
}

namespace {

std::string shell_word(const std::string& word) {
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("_-./=:,+@%").find(c) != std::string_view::npos;
    });
    if (plain) return word;
    std::string q = "'";
    for (char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// A JSON string (the caller makes the whole text inert afterwards).
void put_string(std::string& out, const std::string& s) { out += ordered_json(s).dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

// The flags of a step row, for the page's drawing.
enum Flag : unsigned {
    kDashed = 1,      // a redelivery, a copy or a duplicate
    kDropped = 2,     // the record vanished here
    kParked = 4,      // dead-lettered or skipped
    kViolation = 8,
    kFault = 16,
};

class Builder {
public:
    Builder(const Trace& t, size_t max) : t_(t), max_(max) {}

    std::string build() {
        const size_t n = t_.steps.size();
        first_ = 1;
        last_ = n;
        if (n > max_) {
            const uint64_t centre = t_.violations.empty() ? 1 : t_.violations.front().step;
            first_ = centre > max_ / 2 ? centre - max_ / 2 : 1;
            last_ = std::min<uint64_t>(n, first_ + max_ - 1);
            first_ = last_ + 1 - max_;
        }
        ordered_json head;
        head["format"] = "sagasim-report";
        head["version"] = 1;
        head["header"] = t_.header;
        head["footer"] = t_.footer;
        head["reproduce"] = reproduce_line(t_);
        head["window"] = {{"first", first_}, {"last", last_}, {"total", n}, {"ceiling", max_}};
        head["kinds"] = trace_step_kinds();
        std::string out = head.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
        out.pop_back();  // the closing brace: the big arrays follow
        steps(out);
        orders(out);
        bands(out);
        violations(out);
        out += ",\"strings\":[";
        for (size_t i = 0; i < labels_.all().size(); ++i) {
            if (i) out += ',';
            put_string(out, labels_.all()[i]);
        }
        out += "]}";
        make_inert(out);
        return out;
    }

private:
    const std::string& s(int32_t id) const { return t_.strings.at(id); }

    // The step's words besides its kind, lane, order, offset and attempt.
    std::string label(const TraceStep& x) const {
        std::string l;
        const auto add = [&](const std::string& w) {
            if (!l.empty()) l += ' ';
            l += w;
        };
        if (x.event >= 0) add(s(x.event));
        if (x.topic >= 0) add(x.partition >= 0 ? fmt::format("{}/{}", s(x.topic), x.partition) : s(x.topic));
        if (x.fault >= 0) add(fmt::format("fault {} ({})", s(x.fault), x.fault_kind >= 0 ? s(x.fault_kind) : "?"));
        if (x.outcome >= 0) add(s(x.outcome));
        if (x.note >= 0) add(s(x.note));
        if (x.from >= 0 || x.to >= 0)
            add(fmt::format("{} -> {}", x.from >= 0 ? s(x.from) : "", x.to >= 0 ? s(x.to) : ""));
        if (x.failure >= 0) add(s(x.failure));
        if (x.timer >= 0) add("timer " + s(x.timer));
        if (x.why >= 0) add("why " + s(x.why));
        if (x.copy) add("copy");
        if (x.readers) add(fmt::format("readers {}", x.readers));
        if (t_.kind_name(x) == "rebalance") add(fmt::format("assigned {}", x.assigned));
        if (x.violation >= 0) add(t_.violations[size_t(x.violation)].invariant);
        if (x.writes >= 0) add(s(x.writes));
        return l;
    }

    unsigned flags(const TraceStep& x) const {
        const std::string& k = t_.kind_name(x);
        unsigned f = 0;
        if (x.copy || (x.attempt > 1 && (k == "deliver" || k == "retry")) ||
            (x.outcome >= 0 && s(x.outcome) == "duplicate"))
            f |= kDashed;
        if (k == "lost") f |= kDropped;
        if (k == "dead-letter" || k == "skip") f |= kParked;
        if (k == "violation") f |= kViolation;
        if (k == "fault") f |= kFault;
        return f;
    }

    void steps(std::string& out) {
        // Rows: [t, kind, lane, orderId, cause, attempt, offset (-1: none), label, flags].
        out += ",\"steps\":[";
        for (uint64_t n = first_; n <= last_ && n >= 1; ++n) {
            const TraceStep& x = t_.steps[n - 1];
            if (n != first_) out += ',';
            fmt::format_to(std::back_inserter(out), "[{},{},{},{},{},{},{},{},{}]", x.t, x.kind, x.lane, x.order,
                           x.cause, x.attempt, x.offset == kNone ? int64_t(-1) : int64_t(x.offset),
                           labels_.intern(label(x)), flags(x));
        }
        out += ']';
    }

    // Each order: [orderId, first step, last step, [step, status, step, status, ...], orderNumber (-1: unknown)],
    // over the whole trace (not only the window), in orderId order.
    void orders(std::string& out) {
        struct Order {
            uint64_t first = 0, last = 0;
            std::vector<std::pair<uint64_t, int32_t>> statuses;
            std::string number;
        };
        std::map<int64_t, Order> orders;
        for (const TraceStep& x : t_.steps) {
            if (x.order == 0) continue;
            Order& o = orders[x.order];
            if (o.first == 0) o.first = x.step;
            o.last = x.step;
        }
        for (const StatusWrite& w : t_.status_writes) {
            Order& o = orders[w.order];
            if (o.first == 0) o.first = o.last = w.step;
            o.statuses.emplace_back(w.step, w.status);
        }
        for (const TraceViolation& v : t_.violations) {
            const TraceStep& x = t_.steps[v.step - 1];
            if (x.order != 0 && !v.order_number.empty()) orders[x.order].number = v.order_number;
        }
        out += ",\"orders\":[";
        bool firstrow = true;
        for (const auto& [id, o] : orders) {
            if (!firstrow) out += ',';
            firstrow = false;
            fmt::format_to(std::back_inserter(out), "[{},{},{},[", id, o.first, o.last);
            for (size_t i = 0; i < o.statuses.size(); ++i)
                fmt::format_to(std::back_inserter(out), "{}{},{}", i ? "," : "", o.statuses[i].first,
                               labels_.intern(s(o.statuses[i].second)));
            fmt::format_to(std::back_inserter(out), "],{}]", o.number.empty() ? -1 : labels_.intern(o.number));
        }
        out += ']';
    }

    // Fault windows: [service, first step, last step, fault, kind]: a window-begin to its
    // window-end, a crash to its restart (or to the last step when none came).
    void bands(std::string& out) {
        std::map<std::pair<int32_t, int32_t>, uint64_t> open;  // (service, fault) -> begin step
        std::map<int32_t, std::pair<uint64_t, int32_t>> crashed;  // service -> (crash step, fault)
        std::vector<std::string> rows;
        const auto row = [&](int32_t service, uint64_t a, uint64_t b, int32_t fault, const std::string& kind) {
            rows.push_back(fmt::format("[{},{},{},{},{}]", labels_.intern(service >= 0 ? s(service) : ""), a, b,
                                       labels_.intern(fault >= 0 ? s(fault) : ""), labels_.intern(kind)));
        };
        for (const TraceStep& x : t_.steps) {
            const std::string& k = t_.kind_name(x);
            if (k == "window-begin") open[{x.service, x.fault}] = x.step;
            else if (k == "window-end") {
                const auto it = open.find({x.service, x.fault});
                if (it == open.end()) continue;
                row(x.service, it->second, x.step, x.fault, x.fault_kind >= 0 ? s(x.fault_kind) : "window");
                open.erase(it);
            } else if (k == "crash") crashed[x.service] = {x.step, x.fault};
            else if (k == "restart") {
                const auto it = crashed.find(x.service);
                if (it == crashed.end()) continue;
                row(x.service, it->second.first, x.step, it->second.second, "crash");
                crashed.erase(it);
            }
        }
        const uint64_t end = t_.steps.size();
        for (const auto& [key, begin] : open) row(key.first, begin, end, key.second, "window");
        for (const auto& [service, c] : crashed) row(service, c.first, end, c.second, "crash");
        out += ",\"bands\":[";
        for (size_t i = 0; i < rows.size(); ++i) out += (i ? "," : "") + rows[i];
        out += ']';
    }

    void violations(std::string& out) {
        ordered_json vs = ordered_json::array();
        for (const TraceViolation& v : t_.violations) {
            const TraceStep& x = t_.steps[v.step - 1];
            vs.push_back({{"step", v.step},
                          {"cause", x.cause},
                          {"orderId", x.order},
                          {"invariant", v.invariant},
                          {"orderNumber", v.order_number},
                          {"subject", v.subject},
                          {"expected", v.expected},
                          {"actual", v.actual},
                          {"history", v.history}});
        }
        out += ",\"violations\":";
        out += vs.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
    }

    const Trace& t_;
    size_t max_;
    uint64_t first_ = 1, last_ = 0;
    StringTable labels_;
};

}  // namespace

std::string reproduce_line(const Trace& t) {
    const std::string scenario = shell_word(t.header.at("scenario").get<std::string>());
    if (t.header.contains("tape"))
        return fmt::format("sagasim run {} --replay-decisions {}", scenario, shell_word(t.header.at("tape").get<std::string>()));
    return fmt::format("sagasim run {} --seed {}", scenario, t.header.at("seed").get<uint64_t>());
}

std::string report_data_json(const Trace& trace, size_t steps_max) { return Builder(trace, std::max<size_t>(steps_max, 1)).build(); }

}  // namespace sagasim::reports
