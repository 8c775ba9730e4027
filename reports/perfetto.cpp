// Writes the Chrome Trace Event JSON of a read trace, one event per line, in step order after the
// metadata events.
#include "reports/perfetto.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

namespace sagasim::reports {
namespace {

using nlohmann::ordered_json;

class Writer {
public:
    explicit Writer(const Trace& t) : t_(t) {}

    std::string build() {
        out_ = "{\"displayTimeUnit\":\"ms\",\"otherData\":";
        ordered_json other{{"tool", t_.header.at("tool")},       {"scenario", t_.header.at("scenario")},
                           {"sha256", t_.header.at("sha256")},   {"seed", t_.header.at("seed")},
                           {"verdict", t_.footer.at("verdict")}, {"digest", t_.footer.at("digest")}};
        out_ += dump(other);
        out_ += ",\"traceEvents\":[\n";
        metadata();
        for (const TraceStep& s : t_.steps) step(s);
        close_open_slices();
        orders();
        out_ += "\n]}\n";
        return std::move(out_);
    }

private:
    static std::string dump(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

    void event(const ordered_json& e) {
        if (!first_) out_ += ",\n";
        first_ = false;
        out_ += dump(e);
    }

    // The process of a lane: one per service, then the broker, the client and the checker.
    int pid_of(size_t lane) {
        const ordered_json& l = t_.header.at("lanes").at(lane);
        std::string group = l.contains("service") ? l.at("service").get<std::string>() : "";
        const std::string kind = l.at("kind").get<std::string>();
        if (group.empty()) group = kind == "partition" ? "broker" : kind;
        const auto [it, fresh] = pids_.emplace(group, int(pids_.size()) + 1);
        return it->second;
    }

    void metadata() {
        const ordered_json& lanes = t_.header.at("lanes");
        for (size_t i = 0; i < lanes.size(); ++i) {
            const int pid = pid_of(i);
            if (named_.insert(pid).second) {
                std::string name;
                for (const auto& [group, p] : pids_)
                    if (p == pid) name = group;
                event({{"name", "process_name"}, {"ph", "M"}, {"pid", pid}, {"tid", 0}, {"args", {{"name", name}}}});
                event({{"name", "process_sort_index"}, {"ph", "M"}, {"pid", pid}, {"tid", 0}, {"args", {{"sort_index", pid}}}});
            }
            event({{"name", "thread_name"}, {"ph", "M"}, {"pid", pid}, {"tid", i + 1}, {"args", {{"name", lanes[i].at("name")}}}});
            event({{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", pid}, {"tid", i + 1}, {"args", {{"sort_index", i + 1}}}});
        }
        orders_pid_ = int(pids_.size()) + 1;
        event({{"name", "process_name"}, {"ph", "M"}, {"pid", orders_pid_}, {"tid", 0}, {"args", {{"name", "orders"}}}});
    }

    const std::string& kind(const TraceStep& s) const { return t_.kind_name(s); }
    std::string str(int32_t id) const { return id >= 0 ? t_.strings.at(id) : std::string(); }

    ordered_json args(const TraceStep& s) const {
        ordered_json a{{"step", s.step}};
        if (s.order != 0) a["orderId"] = s.order;
        if (s.event >= 0) a["event"] = str(s.event);
        if (s.topic >= 0) a["topic"] = str(s.topic);
        if (s.partition >= 0) a["partition"] = s.partition;
        if (s.offset != kNone) a["offset"] = s.offset;
        if (s.attempt != 0) a["attempt"] = s.attempt;
        if (s.fault >= 0) a["fault"] = str(s.fault);
        if (s.outcome >= 0) a["outcome"] = str(s.outcome);
        if (s.note >= 0) a["note"] = str(s.note);
        if (s.to >= 0) a["to"] = str(s.to);
        if (s.failure >= 0) a["failure"] = str(s.failure);
        if (s.writes >= 0) a["writes"] = str(s.writes);
        if (s.cause != 0) a["cause"] = s.cause;
        return a;
    }

    // A handler's execution: from its deliver to the step that lets the record go.
    static bool ends_handler(const std::string& k) {
        return k == "offset-commit" || k == "retry" || k == "dead-letter" || k == "skip" || k == "abandon";
    }

    void slice(const TraceStep& begin, uint64_t end_t, const std::string& name) {
        event({{"name", name}, {"cat", "handler"}, {"ph", "X"}, {"ts", begin.t}, {"dur", end_t - begin.t},
               {"pid", pid_of(begin.lane)}, {"tid", begin.lane + 1}, {"args", args(begin)}});
    }

    void step(const TraceStep& s) {
        const std::string& k = kind(s);
        const int pid = pid_of(s.lane);
        const uint32_t tid = s.lane + 1;
        if (k == "deliver") {
            close_slice(s.lane, s.t);
            open_[s.lane] = s.step;
            flow_to(s);
        } else if (ends_handler(k) && open_.count(s.lane)) {
            close_slice(s.lane, s.t);
        }
        if (k == "fault" || k == "crash" || k == "restart" || k == "window-begin" || k == "window-end" ||
            k == "violation" || k == "lost" || k == "phase-end") {
            std::string name = k;
            if (s.violation >= 0) name = "violation: " + t_.violations[size_t(s.violation)].invariant;
            else if (s.fault >= 0) name = fmt::format("{} {}", k, str(s.fault));
            event({{"name", name}, {"cat", k == "violation" ? "violation" : "fault"}, {"ph", "i"}, {"s", "t"},
                   {"ts", s.t}, {"pid", pid}, {"tid", tid}, {"args", args(s)}});
            return;
        }
        if (k == "deliver") return;  // its slice is written when it closes
        // Every other step: a slice of no duration (inside its handler's slice on a listener lane).
        std::string name = k;
        if (s.event >= 0) name += " " + str(s.event);
        event({{"name", name}, {"cat", "step"}, {"ph", "X"}, {"ts", s.t}, {"dur", 0}, {"pid", pid}, {"tid", tid},
               {"args", args(s)}});
    }

    // A deliver's record came from a send (or an inject): the flow from there to here, found by
    // following the causes back (deliver -> append -> fault* -> send).
    void flow_to(const TraceStep& d) {
        uint64_t c = d.cause;
        for (int hops = 0; c != 0 && hops < 64; ++hops) {
            const TraceStep& x = t_.steps[c - 1];
            const std::string& k = kind(x);
            if (k == "send" || k == "inject") {
                const std::string id = fmt::format("0x{:x}", d.step);
                event({{"name", "record"}, {"cat", "record"}, {"ph", "s"}, {"id", id}, {"ts", x.t},
                       {"pid", pid_of(x.lane)}, {"tid", x.lane + 1}});
                event({{"name", "record"}, {"cat", "record"}, {"ph", "f"}, {"bp", "e"}, {"id", id}, {"ts", d.t},
                       {"pid", pid_of(d.lane)}, {"tid", d.lane + 1}});
                return;
            }
            c = x.cause;
        }
    }

    void close_slice(uint32_t lane, uint64_t t) {
        const auto it = open_.find(lane);
        if (it == open_.end()) return;
        const TraceStep& b = t_.steps[it->second - 1];
        slice(b, t, fmt::format("handle {}", b.event >= 0 ? str(b.event) : "record"));
        open_.erase(it);
    }

    void close_open_slices() {
        const uint64_t end = t_.steps.empty() ? 0 : t_.steps.back().t;
        while (!open_.empty()) close_slice(open_.begin()->first, end);
    }

    // One async track per order: from its first step to its last, and its statuses as instants.
    void orders() {
        std::map<int64_t, std::pair<uint64_t, uint64_t>> span;  // orderId -> (first, last) step
        for (const TraceStep& s : t_.steps) {
            if (s.order == 0) continue;
            auto [it, fresh] = span.emplace(s.order, std::make_pair(s.step, s.step));
            if (!fresh) it->second.second = s.step;
        }
        for (const auto& [order, fl] : span) {
            const std::string id = fmt::format("0x{:x}", uint64_t(order));
            const std::string name = fmt::format("order {}", order);
            event({{"name", name}, {"cat", "order"}, {"ph", "b"}, {"id", id}, {"ts", t_.steps[fl.first - 1].t},
                   {"pid", orders_pid_}, {"tid", 0}});
            event({{"name", name}, {"cat", "order"}, {"ph", "e"}, {"id", id}, {"ts", t_.steps[fl.second - 1].t},
                   {"pid", orders_pid_}, {"tid", 0}});
        }
    }

    const Trace& t_;
    std::string out_;
    bool first_ = true;
    std::map<std::string, int> pids_;
    std::set<int> named_;
    std::map<uint32_t, uint64_t> open_;     // lane -> its open deliver step
    int orders_pid_ = 0;
};

}  // namespace

std::string render_perfetto(const Trace& trace) { return Writer(trace).build(); }

}  // namespace sagasim::reports
