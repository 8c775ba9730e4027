// Rendering of a run's result as text and as JSON.
#include "sim/run/summary.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/faults/fault_table.hpp"
#include "sim/check/catalog.hpp"
#include "sim/run/expect.hpp"
#include "sim/run/fault_report.hpp"
#include "sim/run/version.hpp"
#include "sim/trace/step_words.hpp"
#include "sim/trace/tracer.hpp"

namespace sagasim {

int exit_code(Verdict v) { return v == Verdict::Pass ? 0 : v == Verdict::Fail ? 1 : 4; }

std::string_view verdict_name(Verdict v) {
    return v == Verdict::Pass ? "PASS" : v == Verdict::Fail ? "FAIL" : "INCONCLUSIVE";
}

Judged judge(const Scenario& sc, const RunResult& r) {
    Judged j;
    j.expectation_failures = judge_expectations(sc, r);
    // A failure found is a failure, whether or not every order could be judged; a run that found
    // none but could not judge every order is inconclusive (cli.md, exit 4). A run stopped by
    // run.max-steps is never judged.
    if (r.end == RunEnd::MaxSteps) j.verdict = Verdict::Inconclusive;
    else if (!j.expectation_failures.empty()) j.verdict = Verdict::Fail;
    else if (r.unjudged != 0) j.verdict = Verdict::Inconclusive;
    return j;
}

std::string version_string() { return fmt::format("sagasim {} ({})", kBuildVersion, kBuildCommit); }

std::string header_line(const Scenario& sc, uint64_t seed) {
    return fmt::format("{} scenario={} sha256={} seed={}", version_string(), sc.path, sc.sha256, seed);
}

std::string shell_quoted(std::string_view word) {
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("_-./=:,+@%").find(c) != std::string_view::npos;
    });
    if (plain) return std::string(word);
    std::string q = "'";
    for (char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string reproduce_command(const Scenario& sc, const RunResult& r) {
    if (r.replay)
        return fmt::format("sagasim run {} --replay-decisions {}", shell_quoted(sc.path), shell_quoted(r.replay->tape));
    return fmt::format("sagasim run {} --seed {}", shell_quoted(sc.path), r.seed);
}

std::string replay_line(const RunResult& r) {
    if (!r.replay) return {};
    const ReplayInfo& p = *r.replay;
    std::string s = fmt::format("replay: {} decisions of {} taken from {}", p.replayed, p.tape_decisions, p.tape);
    if (!p.divergence.empty()) s += fmt::format("; diverged at {}; the run went on from seed {}", p.divergence, r.seed);
    else if (p.recorded_digest == r.digest) s += "; the digest is the recorded one";
    else if (!p.recorded_digest.empty()) s += fmt::format("; the recorded digest was {}", p.recorded_digest);
    return s;
}

namespace {

// The JSON lines of a violation's causal history (the first `max` of them), as the trace has them.
class HistoryLines {
public:
    explicit HistoryLines(const Scenario& sc) : faults_(fault_identities(sc.faults)), tracer_(sc.skus, faults_) {}
    std::vector<std::string> of(const Violation& v, size_t max) const {
        std::vector<std::string> out;
        for (size_t h = 0; h < v.history.size() && h < max; ++h) {
            std::string line;
            tracer_.render_json(v.history_steps[h], v.history[h], line);
            line.pop_back();  // the newline
            out.push_back(std::move(line));
        }
        return out;
    }
    // The same steps in words: "t=10.235ms payment sent PaymentFailedEvent for order 1 ...".
    std::vector<std::string> words(const Violation& v) const {
        std::vector<std::string> out;
        for (size_t h = 0; h < v.history.size(); ++h)
            out.push_back(fmt::format("t={} step {}: {}", short_time(v.history[h].time.us), v.history_steps[h],
                                      step_words(v.history[h], faults_)));
        return out;
    }

private:
    std::vector<FaultIdentity> faults_;
    Tracer tracer_;
};

// Whether the scenario's `expect` pins this invariant as violated.
bool pinned(const Scenario& sc, std::string_view invariant) {
    if (!sc.expect.violations) return false;
    for (const std::string& v : *sc.expect.violations)
        if (v == invariant) return true;
    return false;
}

std::string who_of(const Violation& v) {
    std::string who;
    if (v.order > 0) who = fmt::format("order {}", v.order);
    if (!v.subject.empty()) who += (who.empty() ? "" : " ") + v.subject;
    return who;
}

std::string report_line(const Scenario& sc, const Violation& v) {
    std::string who = who_of(v);
    if (!v.order_number.empty()) who += fmt::format(" ({})", v.order_number);
    return fmt::format("{} {} at t={} step {} {}: {}, expected {}", pinned(sc, v.invariant) ? "EXPECTED" : "FAIL",
                       v.invariant, short_time(v.time.us), v.step, who, v.actual, v.expected);
}

// One line per violated invariant, in catalogue order: how many orders (or SKUs), the first.
struct InvariantTally {
    std::string_view name;
    uint64_t orders = 0, skus = 0;
    const Violation* first = nullptr;
};
std::vector<InvariantTally> tally(const RunResult& r) {
    std::vector<InvariantTally> out;
    for (const InvariantInfo& info : invariant_catalog()) {
        InvariantTally t;
        t.name = info.name;
        for (const Violation& v : r.violations) {
            if (v.invariant != info.name) continue;
            ++(v.order > 0 ? t.orders : t.skus);
            if (t.first == nullptr) t.first = &v;
        }
        if (t.first != nullptr) out.push_back(t);
    }
    return out;
}

template <typename Map, typename NameFn>
std::string counts(const Map& m, NameFn name, bool skip_zero) {
    std::string out;
    for (const auto& [k, n] : m) {
        if (skip_zero && n == 0) continue;
        out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name(k), n);
    }
    return out;
}

// A run's quiesce ran out: a longer one to try. At the pace the heal phase drained records, the
// records left need about (left / handled) x quiesce more; the suggestion rounds that up to whole
// minutes, and is at least twice the quiesce. Without progress, ten times.
std::string suggested_quiesce(Duration q, const RunResult& r) {
    const int64_t base = std::max<int64_t>(q.us, 1000000);
    constexpr int64_t kMinute = 60000000;
    int64_t want = base * 10;
    if (r.heal_handled != 0) {
        const long double more = (long double)(base) * (long double)(r.heal_unhandled) / (long double)(r.heal_handled);
        const long double total = (long double)(base) + more * 1.25L;  // a margin for the pace to slow
        want = total > 1e15L ? int64_t(1e15) : std::max<int64_t>(base * 2, int64_t(total));
        want = (want + kMinute - 1) / kMinute * kMinute;
    }
    // The loader's largest duration is 2400h.
    constexpr int64_t kLargest = int64_t(2400) * 3600 * 1000000;
    return format_duration(Duration{std::min(want, kLargest)});
}

std::string inconclusive_line(const Scenario& sc, const RunResult& r) {
    if (r.end == RunEnd::MaxSteps)
        return fmt::format("INCONCLUSIVE: run.max-steps ({}) reached before the run could be judged", sc.run.max_steps);
    if (r.unjudged == 0) return {};
    std::string s = fmt::format(
        "INCONCLUSIVE: {} still at work when the heal phase ended (run.quiesce {} after the fault phase ended at {}); "
        "first: order {} ({})",
        r.unjudged == 1 ? std::string("1 order") : fmt::format("{} orders", r.unjudged),
        format_duration(sc.run.quiesce), short_time(r.phase_end.us), r.first_unjudged,
        r.first_unjudged_status.empty() ? "not created yet" : r.first_unjudged_status);
    if (!r.backlog.empty()) s += "; " + r.backlog;
    s += fmt::format("; try run.quiesce: {}", suggested_quiesce(sc.run.quiesce, r));
    return s;
}

}  // namespace

std::vector<std::string> fault_warnings(const Scenario& sc, const RunResult& r) {
    std::vector<std::string> out;
    const std::vector<FaultReport> faults = fault_reports(sc, r);
    for (size_t i = 0; i < faults.size(); ++i)
        if (faults[i].acted == 0)
            out.push_back(fmt::format("fault #{} ({}) never acted: {}", i + 1, faults[i].id, faults[i].never_acted));
    return out;
}

std::string summary_text(const Scenario& sc, const RunResult& r, const Judged& j, bool verbose) {
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "orders: {} created", r.orders_created);
    if (const std::string f = counts(r.final_status, order_status_name, true); !f.empty()) s += "; " + f;
    // The stock of the first SKUs; --json has all of them.
    constexpr size_t kSkusShown = 8;
    s += "\nstock:";
    if (r.stock.empty()) s += " (no SKUs)";
    for (size_t i = 0; i < r.stock.size() && i < kSkusShown; ++i)
        fmt::format_to(out, "{} {} {}", i ? "," : "", r.stock[i].first, r.stock[i].second);
    if (r.stock.size() > kSkusShown) fmt::format_to(out, " (and {} more SKUs)", r.stock.size() - kSkusShown);
    fmt::format_to(out, "; reservations left {}; payments {}; shipments {}\n", r.reservations_left,
                   counts(r.payments, payment_status_name, false), counts(r.shipments, shipment_status_name, false));

    const std::vector<InvariantTally> invs = tally(r);
    if (!invs.empty()) {
        s += "violations:\n";
        size_t width = 0;
        for (const InvariantTally& t : invs) width = std::max(width, t.name.size());
        for (const InvariantTally& t : invs) {
            const std::string n = t.orders ? fmt::format("{} order{}", t.orders, t.orders == 1 ? "" : "s")
                                           : fmt::format("{} SKU{}", t.skus, t.skus == 1 ? "" : "s");
            fmt::format_to(out, "  {:<{}}  {:<10}  first: {} at t={}  ({})\n", t.name, width, n, who_of(*t.first),
                           short_time(t.first->time.us),
                           !pinned(sc, t.name)            ? "unexpected"
                           : sc.expect.violations_allowed ? "allowed"
                                                          : "expected");
        }
    }
    const std::vector<FaultReport> faults = fault_reports(sc, r);
    if (!faults.empty()) {
        s += "faults:\n";
        size_t width = 0;
        for (size_t i = 0; i < faults.size(); ++i) width = std::max(width, fmt::format("#{} {}", i + 1, faults[i].brief).size());
        for (size_t i = 0; i < faults.size(); ++i) {
            const FaultReport& f = faults[i];
            fmt::format_to(out, "  {:<{}}  acted {} time{}", fmt::format("#{} {}", i + 1, f.brief), width, f.acted,
                           f.acted == 1 ? "" : "s");
            if (f.acted == 0) fmt::format_to(out, "  (warning: never acted: {})", f.never_acted);
            s += "\n";
        }
    }
    for (const std::string& f : j.expectation_failures) s += "FAIL " + f + "\n";
    if (const std::string inc = inconclusive_line(sc, r); !inc.empty()) s += inc + "\n";
    if (r.replay) s += replay_line(r) + "\n";
    fmt::format_to(out,
                   "steps {}, records {}, deliveries {}, retries {}, dead-lettered {}, skipped {}, client errors {}, "
                   "virtual time {} ({}), digest {}\n",
                   r.steps, r.records_total, r.counters.deliveries, r.counters.retries, r.counters.dead_lettered,
                   r.counters.skipped, r.counters.client_errors, short_time(r.end_time.us), run_end_name(r.end),
                   r.digest);
    fmt::format_to(out, "{}\nReproduce with: {}\n", verdict_name(j.verdict), reproduce_command(sc, r));

    if (verbose && !r.violations.empty()) {
        // Each report with its causal history in words, newest first; --json has every report.
        constexpr size_t kShown = 50;
        s += "\n";
        const HistoryLines history(sc);
        for (size_t i = 0; i < r.violations.size() && i < kShown; ++i) {
            const Violation& v = r.violations[i];
            s += report_line(sc, v) + "\n";
            for (const std::string& h : history.words(v)) s += "  " + h + "\n";
        }
        if (r.violations.size() > kShown)
            fmt::format_to(out, "({} more reports not shown; --json lists them all)\n", r.violations.size() - kShown);
    }
    return s;
}

std::string summary_json(const Scenario& sc, const RunResult& r, const Judged& j) {
    using nlohmann::ordered_json;
    ordered_json o;
    o["version"] = version_string();
    o["scenario"] = sc.path;
    o["name"] = sc.name;
    o["sha256"] = sc.sha256;
    o["seed"] = r.seed;
    o["verdict"] = verdict_name(j.verdict);
    o["digest"] = r.digest;
    o["end"] = run_end_name(r.end);
    o["phase"] = {{"fault_phase_ended", r.phase_end_why != PhaseEnd::None},
                  {"ended_at_us", r.phase_end.us},
                  {"why", phase_end_name(r.phase_end_why)}};
    if (r.unjudged != 0)
        o["unjudged"] = {{"orders", r.unjudged},
                         {"first", r.first_unjudged},
                         {"backlog", r.backlog},
                         {"message", inconclusive_line(sc, r)}};
    o["virtual_time_us"] = r.end_time.us;
    o["steps"] = r.steps;
    ordered_json orders;
    orders["created"] = r.orders_created;
    ordered_json fin = ordered_json::object();
    for (const auto& [st, n] : r.final_status) fin[std::string(order_status_name(st))] = n;
    orders["final"] = fin;
    o["orders"] = orders;
    ordered_json stock = ordered_json::object();
    for (const auto& [sku, q] : r.stock) stock[sku] = q;
    o["stock"] = stock;
    o["reservations_left"] = r.reservations_left;
    ordered_json pay = ordered_json::object(), ship = ordered_json::object();
    for (const auto& [st, n] : r.payments) pay[std::string(payment_status_name(st))] = n;
    for (const auto& [st, n] : r.shipments) ship[std::string(shipment_status_name(st))] = n;
    o["payments"] = pay;
    o["shipments"] = ship;
    ordered_json recs = ordered_json::object();
    for (int t = 0; t < kTopicIdCount; ++t)
        if (r.records[size_t(t)]) recs[std::string(topic_id_name(TopicId(t)))] = r.records[size_t(t)];
    o["records"] = {{"total", r.records_total}, {"per_topic", recs}};
    o["counters"] = {{"client_requests", r.counters.client_requests}, {"client_errors", r.counters.client_errors},
                     {"deliveries", r.counters.deliveries},           {"retries", r.counters.retries},
                     {"rollbacks", r.counters.rollbacks},             {"dead_lettered", r.counters.dead_lettered},
                     {"skipped", r.counters.skipped}};
    ordered_json vs = ordered_json::array();
    const HistoryLines history(sc);
    for (const Violation& v : r.violations) {
        ordered_json x;
        x["invariant"] = v.invariant;
        x["time_us"] = v.time.us;
        x["step"] = v.step;
        if (v.order > 0) x["orderId"] = v.order;
        if (!v.order_number.empty()) x["orderNumber"] = v.order_number;
        if (!v.subject.empty()) x["subject"] = v.subject;
        x["expected"] = v.expected;
        x["actual"] = v.actual;
        x["pinned"] = pinned(sc, v.invariant);
        x["history_words"] = history.words(v);
        ordered_json hist = ordered_json::array();
        for (const std::string& h : history.of(v, SIZE_MAX)) hist.push_back(ordered_json::parse(h));
        x["history"] = hist;
        vs.push_back(x);
    }
    o["violations"] = vs;
    ordered_json fs = ordered_json::array();
    const std::vector<FaultReport> faults = fault_reports(sc, r);
    for (size_t i = 0; i < faults.size(); ++i) {
        ordered_json f = {{"index", i + 1},
                          {"id", faults[i].id},
                          {"brief", faults[i].brief},
                          {"acted", faults[i].acted},
                          {"matched", faults[i].matched}};
        if (faults[i].acted == 0) f["warning"] = "never acted: " + faults[i].never_acted;
        fs.push_back(f);
    }
    o["faults"] = fs;
    o["violation_count"] = r.violation_count;
    o["expectation_failures"] = j.expectation_failures;
    if (r.replay)
        o["replay"] = {{"tape", r.replay->tape},
                       {"replayed", r.replay->replayed},
                       {"tape_decisions", r.replay->tape_decisions},
                       {"diverged", !r.replay->divergence.empty()},
                       {"divergence", r.replay->divergence},
                       {"recorded_digest", r.replay->recorded_digest}};
    o["reproduce"] = reproduce_command(sc, r);
    // A path that is not UTF-8 is shown with U+FFFD, not refused.
    return o.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string violation_line(const Scenario& sc, const Violation& v) { return report_line(sc, v); }

std::vector<std::string> history_words(const Scenario& sc, const Violation& v) { return HistoryLines(sc).words(v); }

}  // namespace sagasim
