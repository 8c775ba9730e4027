// Rendering of a run's result as text and as JSON.
#include "sim/run/summary.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/faults/fault_table.hpp"
#include "sim/run/expect.hpp"
#include "sim/trace/tracer.hpp"

namespace sagasim {

int exit_code(Verdict v) { return v == Verdict::Pass ? 0 : v == Verdict::Fail ? 1 : 4; }

std::string_view verdict_name(Verdict v) {
    return v == Verdict::Pass ? "PASS" : v == Verdict::Fail ? "FAIL" : "INCONCLUSIVE";
}

Judged judge(const Scenario& sc, const RunResult& r) {
    Judged j;
    j.expectation_failures = judge_expectations(sc, r);
    if (r.end == RunEnd::StepLimit) j.verdict = Verdict::Inconclusive;
    else if (!j.expectation_failures.empty()) j.verdict = Verdict::Fail;
    return j;
}

std::string version_string() { return fmt::format("sagasim {} ({})", SAGASIM_VERSION, SAGASIM_GIT); }

std::string header_line(const Scenario& sc, uint64_t seed) {
    return fmt::format("{} scenario={} sha256={} seed={}", version_string(), sc.path, sc.sha256, seed);
}

std::string reproduce_command(const Scenario& sc, const RunResult& r) {
    if (r.replay) return fmt::format("sagasim run {} --replay-decisions {}", sc.path, r.replay->tape);
    return fmt::format("sagasim run {} --seed {}", sc.path, r.seed);
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

private:
    std::vector<FaultIdentity> faults_;
    Tracer tracer_;
};

std::string violation_line(const Violation& v) {
    std::string who;
    if (v.order > 0) {
        who = fmt::format(" order {}", v.order);
        if (!v.order_number.empty()) who += fmt::format(" ({})", v.order_number);
    }
    if (!v.subject.empty()) who += fmt::format(" {}", v.subject);
    return fmt::format("FAIL {} at t={} step {}{}: {}, expected {}", v.invariant, format_time(v.time), v.step, who,
                       v.actual, v.expected);
}

}  // namespace

std::string summary_text(const Scenario& sc, const RunResult& r, const Judged& j) {
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "orders: {} created", r.orders_created);
    for (const auto& [st, n] : r.final_status) fmt::format_to(out, ", {} {}", order_status_name(st), n);
    s += "\nstock:";
    if (r.stock.empty()) s += " (no SKUs)";
    for (size_t i = 0; i < r.stock.size(); ++i)
        fmt::format_to(out, "{} {} {}", i ? "," : "", r.stock[i].first, r.stock[i].second);
    fmt::format_to(out, "\nreservations: {} rows left", r.reservations_left);
    fmt::format_to(out, "\npayments: SUCCEEDED {}, FAILED {}", r.payments.at(PaymentStatus::SUCCEEDED),
                   r.payments.at(PaymentStatus::FAILED));
    if (r.payments.at(PaymentStatus::REFUNDED) != 0)
        fmt::format_to(out, ", REFUNDED {}", r.payments.at(PaymentStatus::REFUNDED));
    fmt::format_to(out, "\nshipments: SHIPPED {}, FAILED {}", r.shipments.at(ShipmentStatus::SHIPPED),
                   r.shipments.at(ShipmentStatus::FAILED));
    fmt::format_to(out,
                   "\nsteps {}, records {}, deliveries {}, retries {}, dead-lettered {}, skipped {}, "
                   "client errors {}, virtual time {} ({})\n",
                   r.steps, r.records_total, r.counters.deliveries, r.counters.retries, r.counters.dead_lettered,
                   r.counters.skipped, r.counters.client_errors, format_time(r.end_time), run_end_name(r.end));
    // A run full of violations prints the first kShown; --json has every one.
    constexpr size_t kShown = 50;
    const HistoryLines history(sc);
    for (size_t i = 0; i < r.violations.size() && i < kShown; ++i) {
        const Violation& v = r.violations[i];
        s += violation_line(v) + "\n";
        // The causal history, newest first: the step that revealed it and the steps behind it.
        for (const std::string& h : history.of(v, 6)) s += "  <- " + h + "\n";
    }
    if (r.violations.size() > kShown)
        fmt::format_to(out, "({} more reports not shown; --json lists them all)\n", r.violations.size() - kShown);
    if (r.violation_count > r.violations.size())
        fmt::format_to(out, "({} violations in all; each (invariant, order) is reported once)\n", r.violation_count);
    if (r.end == RunEnd::StepLimit)
        fmt::format_to(out, "INCONCLUSIVE: run.max-steps ({}) reached before the run could be judged\n",
                       sc.run.max_steps);
    for (const std::string& f : j.expectation_failures) s += "FAIL " + f + "\n";
    if (r.replay) s += replay_line(r) + "\n";
    fmt::format_to(out, "digest {}\n{}\n", r.digest, verdict_name(j.verdict));
    fmt::format_to(out, "Reproduce with: {}\n", reproduce_command(sc, r));
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
        ordered_json hist = ordered_json::array();
        for (const std::string& h : history.of(v, SIZE_MAX)) hist.push_back(ordered_json::parse(h));
        x["history"] = hist;
        vs.push_back(x);
    }
    o["violations"] = vs;
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

}  // namespace sagasim
