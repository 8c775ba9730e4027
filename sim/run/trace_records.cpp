// The header and footer records of a trace, as one JSON line each.
#include "sim/run/trace_records.hpp"

#include <nlohmann/json.hpp>

#include "sim/faults/process_faults.hpp"
#include "sim/run/summary.hpp"

namespace sagasim {

std::string trace_header(const Scenario& sc, const Lanes& lanes, const std::vector<FaultIdentity>& faults,
                         const RunOptions& options) {
    using nlohmann::ordered_json;
    ordered_json h;
    h["record"] = "header";
    h["format"] = "sagasim-trace";
    h["version"] = kTraceFormatVersion;
    h["tool"] = version_string();
    h["scenario"] = sc.path;
    h["name"] = sc.name;
    h["sha256"] = sc.sha256;
    h["seed"] = options.seed;
    if (!options.tape.empty()) h["tape"] = options.tape;
    const Design& d = sc.design;
    static constexpr const char* kPublish[] = {"before-commit", "after-commit", "outbox"};
    h["design"] = {{"publish", kPublish[size_t(d.publish)]},
                   {"event-ids", d.event_ids == EventIdMode::PerPublish ? "per-publish" : "stable"},
                   {"early-events", d.early_events == EarlyEvents::Ignore ? "ignore" : "retry"},
                   {"refund-on-shipment-failure", d.refund_on_shipment_failure},
                   {"finalize-reservations", d.finalize_reservations},
                   {"saga-timeout", d.saga_timeout ? ordered_json(d.saga_timeout->us) : ordered_json(nullptr)},
                   {"dead-letters", d.dead_letters == DeadLetters::Declared ? "declared" : "spring-default"},
                   {"compensations", d.compensations == Compensations::UntilDone ? "until-done" : "skip"},
                   {"timeouts", d.timeouts == Timeouts::Fenced ? "fenced" : "compensate"}};
    ordered_json topics = ordered_json::array();
    // The seed's topics and its `.DLT` topics are declared; a `<topic>-dlt` exists only if the
    // broker creates it on first use (§8.3).
    for (int t = 0; t < kTopicIdCount; ++t) {
        const bool dash = is_dash_dlt(TopicId(t));
        const bool made = !dash || sc.kafka.auto_create_topics;
        topics.push_back({{"name", std::string(topic_id_name(TopicId(t)))},
                          {"partitions", !made ? 0u : dash ? sc.kafka.auto_create_partitions : sc.kafka.partitions},
                          {"created", !dash ? "declared" : made ? "on-first-use" : "never"}});
    }
    h["topics"] = topics;
    ordered_json ls = ordered_json::array();
    for (const LaneInfo& l : lanes.all()) {
        ordered_json x{{"name", l.name}, {"kind", std::string(lane_kind_name(l.kind))}};
        if (l.service != 0xff) x["service"] = std::string(service_name(Service(l.service)));
        if (l.topic != 0xff) x["topic"] = std::string(topic_id_name(l.topic));
        if (l.kind == LaneKind::Partition) x["partition"] = l.partition;
        ls.push_back(x);
    }
    h["lanes"] = ls;
    ordered_json fs = ordered_json::array();
    for (size_t i = 0; i < faults.size(); ++i)
        fs.push_back({{"id", faults[i].id},
                      {"kind", std::string(fault_kind_name(sc.faults[i].kind))},
                      {"line", sc.faults[i].loc.line}});
    h["faults"] = fs;
    h["invariants"] = sc.invariants;
    // A path that is not UTF-8 is shown with U+FFFD, not refused.
    return h.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string trace_footer(const RunResult& r, std::string_view verdict) {
    using nlohmann::ordered_json;
    ordered_json f;
    f["record"] = "footer";
    f["steps"] = r.steps;
    f["digest"] = r.digest;
    f["verdict"] = verdict;
    f["end"] = run_end_name(r.end);
    f["virtual_time_us"] = r.end_time.us;
    f["decisions"] = r.decisions;
    f["violations"] = r.violation_count;
    const RunCounters& c = r.counters;
    f["counters"] = {{"client_requests", c.client_requests}, {"client_errors", c.client_errors},
                     {"deliveries", c.deliveries},           {"retries", c.retries},
                     {"rollbacks", c.rollbacks},             {"dead_lettered", c.dead_lettered},
                     {"skipped", c.skipped},                 {"crashes", c.crashes},
                     {"faults", c.faults}};
    f["fault_acted"] = r.fault_acted;
    return f.dump() + "\n";
}

}  // namespace sagasim
