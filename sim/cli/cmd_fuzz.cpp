// `sagasim fuzz FILE [--runs N | --seeds A..B] [--max-total-time 60s] [--jobs N]
//  [--strategy random|swarm|pct|coverage|portfolio] [--shard-index I --shard-count N]
//  [--stop-on-first] [--out DIR [--shrink-replays N | --no-shrink]] [--json] [--junit FILE] [--color WHEN]`: many runs of one parsed
// scenario (sim/explore), each distinct failure told once. Every mistake on the command line is
// a usage error before anything runs; the header line is printed and flushed before the first run.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "reports/campaign_page.hpp"
#include "reports/trace_reader.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/fuzz_progress.hpp"
#include "sim/cli/options.hpp"
#include "sim/explore/campaign.hpp"
#include "sim/explore/report.hpp"
#include "sim/explore/shrink.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/values.hpp"
#include "sim/tape/tape_writer.hpp"

namespace po = boost::program_options;

namespace sagasim::cli {
namespace {

constexpr uint64_t kDefaultRuns = 1000;
constexpr uint64_t kJobsMax = 256;
constexpr uint64_t kShardsMax = 1000000;

struct FuzzFlags {
    std::string file;
    std::optional<uint64_t> runs;
    std::optional<std::pair<uint64_t, uint64_t>> seeds;
    std::optional<Duration> budget;
    uint32_t jobs = 1;
    Strategy strategy = Strategy::Portfolio;
    uint32_t shard_index = 0, shard_count = 1;
    bool stop_on_first = false, json = false, shrink = true;
    uint64_t shrink_replays = 500;
    std::optional<std::string> out, junit;
    std::string color;
};

std::pair<uint64_t, uint64_t> parse_seed_range(const std::string& text) {
    const size_t dots = text.find("..");
    const std::string msg =
        fmt::format("--seeds must be A..B, two decimal unsigned 64-bit integers, got '{}'", text);
    if (dots == std::string::npos) throw UsageError(msg);
    const std::string a = text.substr(0, dots), b = text.substr(dots + 2);
    if (a.empty() || b.empty()) throw UsageError(msg);
    const uint64_t first = parse_u64(a, "--seeds' first seed"), last = parse_u64(b, "--seeds' last seed");
    if (first > last)
        throw UsageError(fmt::format("--seeds {} is reversed: it would hold no seed; write {}..{}", text, last, first));
    return {first, last};
}

uint32_t parse_count(const po::variables_map& vm, const char* name, uint64_t max) {
    const uint64_t v = parse_u64(vm[name].as<std::string>(), fmt::format("--{}", name));
    if (v == 0) throw UsageError(fmt::format("--{} must be at least 1, got 0", name));
    if (v > max) throw UsageError(fmt::format("--{} must be at most {}, got {}", name, max, v));
    return uint32_t(v);
}

FuzzFlags read_flags(const po::variables_map& vm) {
    FuzzFlags f;
    const std::vector<std::string> files = files_of(vm);
    if (files.size() != 1)
        throw UsageError(fmt::format("fuzz takes one scenario file; {} were given", files.size()));
    f.file = files[0];
    if (vm.count("runs") && vm.count("seeds")) throw UsageError("--runs and --seeds exclude each other");
    if (vm.count("runs")) {
        f.runs = parse_u64(vm["runs"].as<std::string>(), "--runs");
        if (*f.runs == 0) throw UsageError("--runs must be at least 1, got 0");
    }
    if (vm.count("seeds")) f.seeds = parse_seed_range(vm["seeds"].as<std::string>());
    if (vm.count("max-total-time")) {
        const std::string t = vm["max-total-time"].as<std::string>();
        const auto d = scenario_values::parse_duration(t);
        if (!d.value) throw UsageError(fmt::format("--max-total-time must be a duration such as 60s or 10m, got '{}'", t));
        if (d.value->us == 0) throw UsageError("--max-total-time must be more than 0s");
        f.budget = *d.value;
    }
    if (vm.count("jobs")) f.jobs = parse_count(vm, "jobs", kJobsMax);
    const std::string strategy = vm["strategy"].as<std::string>();
    const std::optional<Strategy> s = strategy_from_name(strategy);
    if (!s) throw UsageError(fmt::format("unknown --strategy '{}'; choose {}", strategy, strategy_choices()));
    f.strategy = *s;
    if (vm.count("shard-count")) f.shard_count = parse_count(vm, "shard-count", kShardsMax);
    if (vm.count("shard-index")) {
        if (!vm.count("shard-count")) throw UsageError("--shard-index needs --shard-count");
        const uint64_t i = parse_u64(vm["shard-index"].as<std::string>(), "--shard-index");
        if (i >= f.shard_count)
            throw UsageError(fmt::format("--shard-index {} is out of range: --shard-count {} numbers the shards 0 to {}",
                                         i, f.shard_count, f.shard_count - 1));
        f.shard_index = uint32_t(i);
    }
    f.stop_on_first = vm.count("stop-on-first") != 0;
    f.json = vm.count("json") != 0;
    if (vm.count("out")) f.out = vm["out"].as<std::string>();
    f.shrink = vm.count("no-shrink") == 0;
    for (const char* o : {"shrink-replays", "no-shrink"})
        if (vm.count(o) && !f.out) throw UsageError(fmt::format("--{} needs --out", o));
    if (vm.count("shrink-replays")) {
        if (!f.shrink) throw UsageError("--shrink-replays and --no-shrink exclude each other");
        f.shrink_replays = parse_count(vm, "shrink-replays", UINT32_MAX);
    }
    if (vm.count("junit")) f.junit = vm["junit"].as<std::string>();
    f.color = color_of(vm);
    return f;
}

SeedSet seed_set(const FuzzFlags& f, const Scenario& sc) {
    if (f.seeds) {
        SeedSet s = seeds_in_range(f.seeds->first, f.seeds->second, f.shard_index, f.shard_count);
        if (*s.count == 0)
            throw UsageError(fmt::format("--seeds {}..{} holds no seed for shard {} of {}", f.seeds->first,
                                         f.seeds->second, f.shard_index, f.shard_count));
        return s;
    }
    SeedSet s;
    s.first = sc.seed.value_or(0);
    s.shard_index = f.shard_index;
    s.shard_count = f.shard_count;
    if (f.runs || !f.budget) s.count = f.runs.value_or(kDefaultRuns);
    // The last seed must not wrap around 2^64.
    __extension__ typedef unsigned __int128 u128;
    const u128 last = u128(s.first) + u128(s.count.value_or(1) - 1) * s.shard_count + s.shard_index;
    if (last > UINT64_MAX)
        throw UsageError(fmt::format("--runs {} from seed {} would go past the largest seed, {}; use --seeds",
                                     s.count.value_or(1), s.first, UINT64_MAX));
    return s;
}

// --out DIR: made if need be, and proven writable before anything runs.
void prepare_out(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw UsageError(fmt::format("cannot write to --out '{}': {}", dir,
                                     ec ? ec.message() : std::string("it is not a directory")));
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw UsageError(fmt::format("cannot write to --out '{}': {}", dir, std::strerror(errno)));
}

// The tape of each failure that its seed alone does not replay, in DIR/<scenario>/.
std::vector<std::string> write_tapes(Campaign& campaign, const Scenario& sc, const CampaignResult& r,
                                     const std::string& dir) {
    std::vector<std::string> tapes;
    TapeWriter writer(sc);
    const std::filesystem::path folder = std::filesystem::path(dir) / std::filesystem::path(sc.path).stem();
    for (const DistinctFailure& f : r.failures) {
        if (f.plan.plain()) {
            tapes.emplace_back();
            continue;
        }
        std::filesystem::create_directories(folder);
        const std::string path =
            (folder / fmt::format("{}-{}-{:08x}.tape", f.invariant, f.first_seed, f.signature >> 32)).string();
        OutputFile out(path);
        writer.begin(out.get(), f.plan.seed);
        const RunResult again = campaign.replay(f.plan, &writer);
        writer.finish(again.steps, again.digest);
        SIM_ASSERT(again.digest == f.digest, "replaying the plan of seed {} gave digest {}, not {}", f.first_seed,
                   again.digest, f.digest);
        out.commit();
        tapes.push_back(path);
    }
    return tapes;
}

// --out DIR: beside each failure's tape, its timeline (its first run replayed with the trace kept
// in memory, rendered as `sagasim report` renders a trace), and DIR/index.html, the campaign page.
void write_campaign_pages(Campaign& campaign, const Scenario& sc, const CampaignReport& report, const std::string& dir) {
    const std::filesystem::path folder = std::filesystem::path(dir) / std::filesystem::path(sc.path).stem();
    std::vector<std::string> timelines, tapes;
    for (size_t i = 0; i < report.result.failures.size(); ++i) {
        const DistinctFailure& f = report.result.failures[i];
        std::filesystem::create_directories(folder);
        const std::filesystem::path page =
            folder / fmt::format("{}-{}-{:08x}.html", f.invariant, f.first_seed, f.signature >> 32);
        const std::string& tape = report.tapes.size() > i ? report.tapes[i] : std::string();
        RunResult again;
        const std::string trace =
            in_memory([&](std::FILE* kept) { again = campaign.replay(f.plan, nullptr, kept, tape); });
        SIM_ASSERT(again.digest == f.digest, "replaying the plan of seed {} gave digest {}, not {}", f.first_seed,
                   again.digest, f.digest);
        OutputFile out(page.string());
        write_reports(reports::parse_trace(trace, page.string()), &out, nullptr);
        timelines.push_back(page.lexically_relative(dir).generic_string());
        tapes.push_back(tape.empty() ? "" : std::filesystem::path(tape).lexically_relative(dir).generic_string());
    }
    OutputFile index((std::filesystem::path(dir) / "index.html").string());
    std::vector<std::string> shrunk;
    for (const std::string& path : report.shrunk)
        shrunk.push_back(path.empty() ? "" : std::filesystem::path(path).lexically_relative(dir).generic_string());
    const std::string html = reports::render_campaign_page(campaign_jsonl(report), timelines, tapes, shrunk);
    std::fwrite(html.data(), 1, html.size(), index.get());
    index.commit();
}

// Each distinct failure, shrunk (a bounded number of replays, at its seed and under the plan that
// found it: swarm, pct or a coverage mutant) to DIR/<scenario>/<invariant>-<seed>.yaml when the
// result fails the same way under seeds 1..20 as a plain file; "" for the others (an expectation,
// or a failure that still needs its seed's draws or its plan's ties).
std::vector<std::string> write_shrunk(const Campaign& campaign, const Scenario& sc, const CampaignResult& r,
                                      const std::string& dir, uint64_t budget) {
    std::vector<std::string> paths;
    const std::filesystem::path folder = std::filesystem::path(dir) / std::filesystem::path(sc.path).stem();
    std::set<std::string> taken;
    for (const DistinctFailure& f : r.failures) {
        paths.emplace_back();
        ShrinkConfig cfg;
        cfg.seed = f.plan.seed;
        if (!f.plan.plain()) {
            cfg.plan = f.plan;
            cfg.pct_horizon = campaign.pct_horizon();
            cfg.plan_words = f.plan_words;
        }
        cfg.target = ShrinkTarget{f.invariant, f.signature, {}};
        cfg.max_replays = budget;
        for (uint64_t s = 1; s <= 20; ++s) cfg.verify_seeds.push_back(s);
        const ShrinkResult res = shrink_scenario(sc, cfg, nullptr);
        if (!res.verified()) continue;
        std::string name = fmt::format("{}-{}.yaml", f.invariant, f.plan.seed);
        if (!taken.insert(name).second) name = fmt::format("{}-{}-{:08x}.yaml", f.invariant, f.plan.seed, f.signature >> 32);
        taken.insert(name);
        std::filesystem::create_directories(folder);
        const std::string path = (folder / name).string();
        OutputFile out(path);
        std::fputs(shrunk_file_text(sc, cfg, res).c_str(), out.get());
        out.commit();
        paths.back() = path;
    }
    return paths;
}

}  // namespace

int cmd_fuzz(const std::vector<std::string>& args) {
    po::options_description opts("sagasim fuzz FILE [options]");
    opts.add_options()("help,h", "show this help")(
        "runs", po::value<std::string>(), "how many seeds to run (default 1000; with --max-total-time alone: no bound)")(
        "seeds", po::value<std::string>(), "the seeds A..B (inclusive) instead of --runs")(
        "max-total-time", po::value<std::string>(), "stop after this long (60s, 10m); the seeds that ran count")(
        "jobs", po::value<std::string>(), "simulations at once, one per thread (default 1); results do not depend on it")(
        "strategy", po::value<std::string>()->default_value("portfolio"),
        "random, swarm, pct, coverage or portfolio (a mix of the four, by seed)")(
        "shard-index", po::value<std::string>(), "this shard's number, 0 to --shard-count - 1")(
        "shard-count", po::value<std::string>(), "how many shards split the seeds")(
        "stop-on-first", "stop at the first failing run")(
        "out", po::value<std::string>(),
        "write here the decision tape of each failure its seed alone does not replay, the shrunk scenario of each one it "
        "does, each failure's HTML timeline, and index.html, the campaign page")(
        "shrink-replays", po::value<std::string>(), "with --out: runs each shrink may take (default 500)")(
        "no-shrink", "with --out: write no shrunk scenarios")(
        "json", "print JSON Lines on stdout: one object per distinct failure, then the summary")(
        "junit", po::value<std::string>(), "write JUnit XML to this file")(
        "color", po::value<std::string>()->default_value("auto"), "auto, always or never (NO_COLOR is honoured)");
    const std::optional<po::variables_map> vm = parse_command(args, opts, "scenario file");
    if (!vm) return 0;
    const FuzzFlags f = read_flags(*vm);
    if (f.out) prepare_out(*f.out);
    std::optional<OutputFile> junit;
    if (f.junit) {
        refuse_overwrite(*f.junit, f.file, "--junit");
        junit.emplace(*f.junit);
    }
    const Scenario sc = load_scenario_file(f.file);
    CampaignConfig cfg;
    cfg.strategy = f.strategy;
    cfg.seeds = seed_set(f, sc);
    cfg.jobs = f.jobs;
    cfg.stop_on_first = f.stop_on_first;

    std::FILE* text_out = f.json ? stderr : stdout;
    std::fprintf(text_out, "%s\n", campaign_header(sc, cfg).c_str());
    std::fflush(text_out);
    Campaign campaign(sc, cfg);
    FuzzProgress progress(f.budget, f.color);
    const CampaignResult result = campaign.run([&](const CampaignProgress& p) { return progress.tick(p); });
    progress.finish(result, cfg.jobs);

    CampaignReport report{sc, cfg, result, campaign.coverage(), {}, {}};
    if (f.out) report.tapes = write_tapes(campaign, sc, result, *f.out);
    if (f.out && f.shrink) report.shrunk = write_shrunk(campaign, sc, result, *f.out, f.shrink_replays);
    if (f.out) write_campaign_pages(campaign, sc, report, *f.out);
    if (f.json) std::fputs(campaign_jsonl(report).c_str(), stdout);
    else std::fputs(campaign_text(report).c_str(), stdout);
    if (junit) {
        std::vector<nlohmann::json> failures;
        for (size_t i = 0; i < result.failures.size(); ++i) failures.push_back(failure_json(report, i));
        std::fputs(campaign_junit(failures, summary_json(report)).c_str(), junit->get());
        junit->commit();
    }
    return campaign_exit_code(campaign_verdict(result.failed, result.inconclusive));
}

}  // namespace sagasim::cli
