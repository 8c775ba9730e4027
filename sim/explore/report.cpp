// Repro lines, JSON Lines, text and JUnit XML of a campaign (report.hpp).
#include "sim/explore/report.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "sim/faults/fault_table.hpp"
#include "sim/run/summary.hpp"

namespace sagasim {
namespace {

using nlohmann::json;

std::string hex16(uint64_t v) { return fmt::format("{:016x}", v); }

std::string shard_options(const CampaignConfig& c) {
    if (c.seeds.shard_count == 1) return "";
    return fmt::format(" --shard-index {} --shard-count {}", c.seeds.shard_index, c.seeds.shard_count);
}

json coverage_json(const Coverage& c, bool tuples) {
    return json{{"seen", tuples ? c.tuples_seen() : c.pairs_seen()},
                {"of", tuples ? c.tuples_total() : c.pairs_total()},
                {"never", c.never_words(tuples)},
                {"reached", c.seen_words(tuples)}};
}

std::string xml_escaped(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                // XML 1.0 has no place for other control characters.
                if (uint8_t(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
                else out += c;
        }
    }
    return out;
}

// What a test case's class is named: the scenario's name, else its file's stem; never empty.
std::string class_name(const json& summary) {
    std::string name = summary.value("name", "");
    if (name.empty()) name = std::filesystem::path(summary.value("scenario", "")).stem().string();
    if (name.empty()) name = "scenario";
    return "sagasim.fuzz." + name;
}

std::string coverage_line(const json& cov) {
    return fmt::format("coverage: {} of {} (service, status, event, outcome) tuples, {} of {} (fault, step) pairs",
                       cov["tuples"]["seen"].get<uint64_t>(), cov["tuples"]["of"].get<uint64_t>(),
                       cov["pairs"]["seen"].get<uint64_t>(), cov["pairs"]["of"].get<uint64_t>());
}

std::string runs_line(const json& s) {
    std::string line = fmt::format("runs: {} ({} passed, {} failed, {} inconclusive", s["runs"].get<uint64_t>(),
                                   s["passed"].get<uint64_t>(), s["failed"].get<uint64_t>(),
                                   s["inconclusive"].get<uint64_t>());
    if (s["first_inconclusive"].is_object())
        line += fmt::format("; first inconclusive: seed {}, {}", s["first_inconclusive"]["seed"].get<uint64_t>(),
                            s["first_inconclusive"]["why"].get<std::string>());
    return line + ")";
}

}  // namespace

std::string repro_line(const Scenario& sc, const CampaignConfig& c, const DistinctFailure& f, const std::string& tape) {
    const std::string path = shell_quoted(sc.path);
    if (!tape.empty()) return fmt::format("sagasim run {} --replay-decisions {}", path, shell_quoted(tape));
    if (f.plan.plain()) return fmt::format("sagasim run {} --seed {}", path, f.plan.seed);
    if (f.plan.mutations.empty())
        return fmt::format("sagasim fuzz {} --strategy {} --seeds {}..{}", path, strategy_name(f.plan.base),
                           f.first_seed, f.first_seed);
    return fmt::format("sagasim fuzz {} --strategy {} --seeds {}..{}{}", path, strategy_name(c.strategy),
                       c.seeds.first, f.first_seed, shard_options(c));
}

std::string campaign_header(const Scenario& sc, const CampaignConfig& c) {
    return fmt::format("{} scenario={} sha256={} strategy={} first-seed={} runs={} shard={}/{}", version_string(),
                       sc.path, sc.sha256, strategy_name(c.strategy), c.seeds.first,
                       c.seeds.count ? fmt::format("{}", *c.seeds.count) : std::string("until-time"),
                       c.seeds.shard_index, c.seeds.shard_count);
}

json failure_json(const CampaignReport& r, size_t i) {
    const DistinctFailure& f = r.result.failures[i];
    const std::string& tape = r.tapes.size() > i ? r.tapes[i] : std::string();
    const std::string& shrunk = r.shrunk.size() > i ? r.shrunk[i] : std::string();
    const std::vector<FaultIdentity> ids = fault_identities(r.sc.faults);
    json mutations = json::array();
    for (const Mutation& m : f.plan.mutations) {
        std::string fault = "-";
        for (const FaultIdentity& id : ids)
            if (id.key == m.fault) fault = id.id;
        mutations.push_back(json{{"site", site_name(m.site)}, {"fault", fault}, {"subject", hex16(m.subject)},
                                 {"index", m.index}, {"value", m.value}});
    }
    return json{{"record", "failure"},
                {"invariant", f.invariant},
                {"signature", hex16(f.signature)},
                {"count", f.count},
                {"first_seed", f.first_seed},
                {"strategy", strategy_name(f.plan.strategy)},
                {"plan", json{{"seed", f.plan.seed},
                              {"base", strategy_name(f.plan.base)},
                              {"parent", f.plan.parent ? json(*f.plan.parent) : json(nullptr)},
                              {"mutations", mutations},
                              {"words", f.plan_words}}},
                {"what", f.what},
                {"shape", f.shape},
                {"history", f.history},
                {"digest", f.digest},
                {"repro", repro_line(r.sc, r.config, f, tape)},
                {"tape", tape.empty() ? json(nullptr) : json(tape)},
                {"shrunk", shrunk.empty() ? json(nullptr) : json(shrunk)},
                {"scenario", r.sc.path},
                {"sha256", r.sc.sha256}};
}

std::string campaign_verdict(uint64_t failed, uint64_t inconclusive) {
    return failed != 0 ? "fail" : inconclusive != 0 ? "inconclusive" : "pass";
}

int campaign_exit_code(const std::string& verdict) { return verdict == "fail" ? 1 : verdict == "inconclusive" ? 4 : 0; }

json summary_json(const CampaignReport& r) {
    const CampaignResult& x = r.result;
    const CampaignConfig& c = r.config;
    return json{{"record", "summary"},
                {"tool", version_string()},
                {"scenario", r.sc.path},
                {"name", r.sc.name},
                {"sha256", r.sc.sha256},
                {"strategy", strategy_name(c.strategy)},
                {"seeds", json{{"first", c.seeds.first}, {"count", c.seeds.count ? json(*c.seeds.count) : json(nullptr)}}},
                {"shard", json{{"index", c.seeds.shard_index}, {"count", c.seeds.shard_count}}},
                {"shards", json::array({c.seeds.shard_index})},
                {"runs", x.runs},
                {"passed", x.passed},
                {"failed", x.failed},
                {"inconclusive", x.inconclusive},
                {"first_inconclusive", x.first_inconclusive ? json{{"seed", *x.first_inconclusive},
                                                                   {"why", x.first_inconclusive_why}}
                                                            : json(nullptr)},
                {"distinct_failures", x.failures.size()},
                {"stopped", campaign_stop_name(x.stopped)},
                {"corpus", x.corpus},
                {"coverage", json{{"tuples", coverage_json(r.coverage, true)}, {"pairs", coverage_json(r.coverage, false)}}},
                {"verdict", campaign_verdict(x.failed, x.inconclusive)}};
}

std::string campaign_jsonl(const CampaignReport& r) {
    std::string out;
    for (size_t i = 0; i < r.result.failures.size(); ++i) out += failure_json(r, i).dump() + "\n";
    return out + summary_json(r).dump() + "\n";
}

std::string campaign_text(const CampaignReport& r) {
    std::string s;
    for (size_t i = 0; i < r.result.failures.size(); ++i) {
        const json f = failure_json(r, i);
        s += fmt::format("FAIL {} (signature {}): {} run{}, first seed {} ({})\n", f["invariant"].get<std::string>(),
                         f["signature"].get<std::string>(), f["count"].get<uint64_t>(),
                         f["count"].get<uint64_t>() == 1 ? "" : "s", f["first_seed"].get<uint64_t>(),
                         f["plan"]["words"].get<std::string>());
        s += "  " + f["what"].get<std::string>() + "\n";
        s += "  Reproduce with: " + f["repro"].get<std::string>() + "\n";
        if (f["shrunk"].is_string()) s += "  Shrunk to: " + f["shrunk"].get<std::string>() + "\n";
    }
    const json sum = summary_json(r);
    s += runs_line(sum) + "\n";
    s += fmt::format("distinct failures: {}\n", r.result.failures.size());
    s += coverage_line(sum["coverage"]) + "\n";
    // The tuples and pairs never reached, a screenful at most (--json has them all).
    constexpr size_t kShown = 30;
    std::vector<std::string> never = r.coverage.never_words(true);
    for (const std::string& p : r.coverage.never_words(false)) never.push_back(p);
    if (!never.empty()) s += "never seen:\n";
    for (size_t i = 0; i < never.size() && i < kShown; ++i) s += "  " + never[i] + "\n";
    if (never.size() > kShown) s += fmt::format("  ({} more; --json lists them all)\n", never.size() - kShown);
    if (r.result.stopped != CampaignStop::Done) s += fmt::format("stopped: {}\n", campaign_stop_name(r.result.stopped));
    std::string verdict = sum["verdict"].get<std::string>();
    for (char& ch : verdict) ch = char(ch - 'a' + 'A');
    return s + verdict + "\n";
}

std::string campaign_junit(const std::vector<json>& failures, const json& summary) {
    const std::string cls = xml_escaped(class_name(summary));
    const std::string file = xml_escaped(summary["scenario"].get<std::string>());
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += fmt::format("<testsuites name=\"sagasim fuzz\" tests=\"{}\" failures=\"{}\">\n", failures.size() + 1,
                     failures.size());
    s += fmt::format("  <testsuite name=\"sagasim fuzz {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" "
                     "file=\"{}\">\n",
                     file, failures.size() + 1, failures.size(), file);
    s += "    <properties>\n";
    for (const char* key : {"tool", "sha256", "strategy", "verdict"})
        s += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", key, xml_escaped(summary[key].get<std::string>()));
    s += "    </properties>\n";
    for (const json& f : failures) {
        const std::string inv = f["invariant"].get<std::string>();
        std::string body = "Reproduce with: " + f["repro"].get<std::string>() + "\n";
        if (f.contains("shrunk") && f["shrunk"].is_string()) body += "Shrunk to: " + f["shrunk"].get<std::string>() + "\n";
        body += f["what"].get<std::string>() + "\n";
        for (const json& h : f["history"]) body += "  " + h.get<std::string>() + "\n";
        s += fmt::format("    <testcase classname=\"{}\" name=\"{} (signature {})\" file=\"{}\" line=\"1\">\n", cls,
                         xml_escaped(inv), f["signature"].get<std::string>(), file);
        s += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", xml_escaped(inv),
                         xml_escaped(fmt::format("{}: {} runs, first seed {}", inv, f["count"].get<uint64_t>(),
                                                 f["first_seed"].get<uint64_t>())),
                         xml_escaped(body));
        s += "    </testcase>\n";
    }
    s += fmt::format("    <testcase classname=\"{}\" name=\"campaign summary\" file=\"{}\" line=\"1\">\n", cls, file);
    s += fmt::format("      <system-out>{}</system-out>\n",
                     xml_escaped(runs_line(summary) + "\n" + coverage_line(summary["coverage"]) + "\n"));
    s += "    </testcase>\n  </testsuite>\n</testsuites>\n";
    return s;
}

}  // namespace sagasim
