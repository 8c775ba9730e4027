// `sagasim run FILE [--seed N] [--json] [--trace FILE] [--quiet] [--verbose] [--color WHEN]
//  [--record-decisions TAPE] [--replay-decisions TAPE]`: one seeded run, or a replayed tape. The
// header line (version, scenario, hash, seed) is printed and flushed before the run starts, so
// even a crash leaves what is needed to replay it.
#include <cstdio>
#include <filesystem>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "sim/cli/cli.hpp"
#include "sim/cli/options.hpp"
#include "sim/faults/fault_table.hpp"
#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/tape/tape_reader.hpp"
#include "sim/tape/tape_replay.hpp"
#include "sim/tape/tape_writer.hpp"

namespace po = boost::program_options;

namespace sagasim::cli {
namespace {

ReplayInfo replay_report(const Tape& tape, const TapeReplay& replay) {
    ReplayInfo p;
    p.tape = tape.path;
    p.replayed = replay.replayed();
    p.tape_decisions = tape.entries.size();
    p.divergence = replay.divergence();
    p.recorded_digest = tape.end_digest;
    return p;
}

}  // namespace

int cmd_run(const std::vector<std::string>& args) {
    po::options_description opts("sagasim run FILE [options]");
    opts.add_options()("help,h", "show this help")("seed", po::value<std::string>(),
                                                   "the seed (decimal unsigned 64-bit); default: the scenario's")(
        "json", "print the summary as JSON on stdout (the header line goes to stderr)")(
        "trace", po::value<std::string>(), "write every step as JSON Lines to this file")(
        "quiet,q", "print only the verdict line and the repro line")(
        "verbose,v", "also print every violation report with its causal history in words")(
        "record-decisions", po::value<std::string>(), "write every decision of the run to this tape")(
        "replay-decisions", po::value<std::string>(),
        "take the decisions from this tape (recorded by --record-decisions) instead of the seed")(
        "color", po::value<std::string>()->default_value("auto"), "auto, always or never (NO_COLOR is honoured)");
    po::options_description hidden;
    hidden.add_options()("file", po::value<std::vector<std::string>>(), "scenario file");
    po::positional_options_description pos;
    pos.add("file", -1);
    const po::variables_map vm = parse_options(args, opts, hidden, pos);
    if (vm.count("help")) {
        std::cout << opts;
        return 0;
    }
    const std::vector<std::string> files = vm.count("file") ? vm["file"].as<std::vector<std::string>>()
                                                            : std::vector<std::string>{};
    if (files.size() != 1) throw UsageError("run takes exactly one scenario file");
    const std::string color = vm["color"].as<std::string>();
    if (color != "auto" && color != "always" && color != "never")
        throw UsageError(fmt::format("--color must be auto, always or never, got '{}'", color));

    const std::string replay_path = vm.count("replay-decisions") ? vm["replay-decisions"].as<std::string>() : "";
    const std::string record_path = vm.count("record-decisions") ? vm["record-decisions"].as<std::string>() : "";
    if (!replay_path.empty() && vm.count("seed"))
        throw UsageError("--seed and --replay-decisions exclude each other: the tape holds the seed it was recorded with");
    const uint64_t seed_arg = vm.count("seed") ? parse_u64(vm["seed"].as<std::string>(), "--seed") : 0;
    if (!replay_path.empty() && !record_path.empty()) {
        std::error_code ec;
        if (record_path == replay_path || std::filesystem::equivalent(record_path, replay_path, ec))
            throw UsageError(fmt::format("--record-decisions '{}' is the tape being replayed; choose another path",
                                         record_path));
    }

    const Scenario sc = load_scenario_file(files[0]);
    const bool json = vm.count("json") != 0;
    const bool quiet = vm.count("quiet") != 0;
    std::optional<Tape> tape;
    if (!replay_path.empty()) tape = read_tape_file(replay_path);
    const uint64_t seed = tape ? tape->seed : vm.count("seed") ? seed_arg : sc.seed.value_or(0);

    std::optional<OutputFile> trace, record;
    if (vm.count("trace")) {
        const std::string path = vm["trace"].as<std::string>();
        refuse_overwrite(path, files[0], "--trace");
        trace.emplace(path);
    }
    if (!record_path.empty()) {
        refuse_overwrite(record_path, files[0], "--record-decisions");
        record.emplace(record_path);
    }

    std::FILE* head_out = json ? stderr : stdout;
    std::fprintf(head_out, "%s%s\n", header_line(sc, seed).c_str(),
                 tape ? fmt::format(" tape={}", replay_path).c_str() : "");
    std::fflush(head_out);
    if (tape && tape->sha256 != sc.sha256)
        std::fprintf(stderr,
                     "sagasim: warning: %s was recorded for a scenario with sha256 %s, not this one (%s); it is "
                     "replayed up to its first divergence\n",
                     replay_path.c_str(), tape->sha256.c_str(), sc.sha256.c_str());
    if (tape && !tape->complete)
        std::fprintf(stderr,
                     "sagasim: warning: %s has no end line (it was cut short after %zu decisions); it is replayed as "
                     "far as it goes\n",
                     replay_path.c_str(), tape->entries.size());

    const std::vector<FaultIdentity> faults = fault_identities(sc.faults);
    std::optional<TapeReplay> replay;
    if (tape) replay.emplace(*tape, faults);
    std::optional<TapeWriter> writer;
    if (record) writer.emplace(record->get(), sc, seed);

    RunOptions ro;
    ro.seed = seed;
    ro.trace = trace ? trace->get() : nullptr;
    ro.recorder = writer ? &*writer : nullptr;
    ro.replay = replay ? &*replay : nullptr;
    ro.tape = replay_path;
    RunResult result = run_scenario(sc, ro);
    if (trace) trace->commit();
    if (writer) {
        writer->finish(result.steps, result.digest);
        writer.reset();
        record->commit();
    }
    if (replay) result.replay = replay_report(*tape, *replay);
    const Judged judged = judge(sc, result);
    for (const std::string& w : fault_warnings(sc, result)) std::fprintf(stderr, "sagasim: warning: %s\n", w.c_str());

    if (json) {
        std::fputs(summary_json(sc, result, judged).c_str(), stdout);
    } else if (quiet) {
        std::printf("%s digest %s\nReproduce with: %s\n", std::string(verdict_name(judged.verdict)).c_str(),
                    result.digest.c_str(), reproduce_command(sc, result).c_str());
    } else {
        std::fputs(summary_text(sc, result, judged, vm.count("verbose") != 0).c_str(), stdout);
    }
    return exit_code(judged.verdict);
}

}  // namespace sagasim::cli
