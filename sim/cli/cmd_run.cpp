// `sagasim run FILE... [--seed N] [--json] [--trace FILE|-] [--report OUT.html] [--perfetto OUT.json]
//  [--quiet] [--verbose] [--color WHEN] [--record-decisions TAPE] [--replay-decisions TAPE]`: one seeded run per scenario file (a folder
// means its *.yaml files), or a replayed tape. The header line (version, scenario, hash, seed) is
// printed and flushed before each run starts, so even a crash leaves what is needed to replay it.
// Several files give one summary each, then a total; the exit code is the worst of the runs.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <algorithm>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "reports/trace_reader.hpp"
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

// The scenario files a run names: each FILE, and each folder's *.yaml files in name order.
std::vector<std::string> scenario_files(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const std::string& a : args) {
        std::error_code ec;
        if (!a.empty() && std::filesystem::is_directory(a, ec)) {
            std::vector<std::string> found;
            for (const auto& e : std::filesystem::directory_iterator(a, ec))
                if (e.path().extension() == ".yaml" && !e.is_directory(ec)) found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            // A folder with no scenario is read as a file, and the loader says what it is.
            if (found.empty()) found.push_back(a);
            out.insert(out.end(), found.begin(), found.end());
        } else {
            out.push_back(a);
        }
    }
    return out;
}

// The worst of two exit codes: a failure, then an inconclusive run, then a pass.
int worst(int a, int b) {
    const auto rank = [](int c) { return c == 1 ? 2 : c == 4 ? 1 : 0; };
    return rank(b) > rank(a) ? b : a;
}

struct RunFlags {
    bool json = false, quiet = false, verbose = false;
    std::optional<uint64_t> seed;
    std::optional<std::string> trace, record, report, perfetto;
    std::string replay;
};

int run_one(const std::string& file, const RunFlags& f) {
    const Scenario sc = load_scenario_file(file);
    std::optional<Tape> tape;
    if (!f.replay.empty()) tape = read_tape_file(f.replay);
    const uint64_t seed = tape ? tape->seed : f.seed ? *f.seed : sc.seed.value_or(0);

    // `--trace -` writes the trace to stdout; the summary then goes to stderr.
    const bool trace_stdout = f.trace == "-";
    std::optional<OutputFile> trace, record;
    if (f.trace && !trace_stdout) {
        refuse_overwrite(*f.trace, file, "--trace");
        trace.emplace(*f.trace);
    }
    if (f.record) {
        refuse_overwrite(*f.record, file, "--record-decisions");
        record.emplace(*f.record);
    }

    // The report and the Perfetto file are rendered from the run's trace, kept in memory, exactly
    // as `sagasim report` renders it from a file.
    std::optional<OutputFile> report, perfetto;
    if (f.report) {
        refuse_overwrite(*f.report, file, "--report");
        report.emplace(*f.report);
    }
    if (f.perfetto) {
        refuse_overwrite(*f.perfetto, file, "--perfetto");
        perfetto.emplace(*f.perfetto);
    }

    std::FILE* text_out = f.json || trace_stdout ? stderr : stdout;
    std::fprintf(text_out, "%s%s\n", header_line(sc, seed).c_str(),
                 tape ? fmt::format(" tape={}", f.replay).c_str() : "");
    std::fflush(text_out);
    if (tape && tape->sha256 != sc.sha256)
        std::fprintf(stderr,
                     "sagasim: warning: %s was recorded for a scenario with sha256 %s, not this one (%s); it is "
                     "replayed up to its first divergence\n",
                     f.replay.c_str(), tape->sha256.c_str(), sc.sha256.c_str());
    if (tape && !tape->complete)
        std::fprintf(stderr,
                     "sagasim: warning: %s has no end line (it was cut short after %zu decisions); it is replayed as "
                     "far as it goes\n",
                     f.replay.c_str(), tape->entries.size());

    const std::vector<FaultIdentity> faults = fault_identities(sc.faults);
    std::optional<TapeReplay> replay;
    if (tape) replay.emplace(*tape, faults);
    std::optional<TapeWriter> writer;
    if (record) writer.emplace(record->get(), sc, seed);

    RunOptions ro;
    ro.seed = seed;
    ro.trace = trace ? trace->get() : trace_stdout ? stdout : nullptr;
    ro.recorder = writer ? &*writer : nullptr;
    ro.replay = replay ? &*replay : nullptr;
    ro.tape = f.replay;
    RunResult result;
    if (report || perfetto) {
        const std::string text = in_memory([&](std::FILE* kept) {
            ro.trace = kept;
            result = run_scenario(sc, ro);
        });
        if (trace) std::fwrite(text.data(), 1, text.size(), trace->get());
        if (trace_stdout) std::fwrite(text.data(), 1, text.size(), stdout);
        write_reports(reports::parse_trace(text, file + " (its trace)"), report ? &*report : nullptr,
                      perfetto ? &*perfetto : nullptr);
    } else {
        result = run_scenario(sc, ro);
    }
    if (trace) trace->commit();
    if (trace_stdout) std::fflush(stdout);
    if (writer) {
        writer->finish(result.steps, result.digest);
        writer.reset();
        record->commit();
    }
    if (replay) result.replay = replay_report(*tape, *replay);
    const Judged judged = judge(sc, result);
    for (const std::string& w : fault_warnings(sc, result)) std::fprintf(stderr, "sagasim: warning: %s\n", w.c_str());

    if (f.json) {
        std::fputs(summary_json(sc, result, judged).c_str(), stdout);
    } else if (f.quiet) {
        std::fprintf(text_out, "%s digest %s\nReproduce with: %s\n", std::string(verdict_name(judged.verdict)).c_str(),
                     result.digest.c_str(), reproduce_command(sc, result).c_str());
    } else {
        std::fputs(summary_text(sc, result, judged, f.verbose).c_str(), text_out);
    }
    return exit_code(judged.verdict);
}

}  // namespace

int cmd_run(const std::vector<std::string>& args) {
    po::options_description opts("sagasim run FILE... [options]");
    opts.add_options()("help,h", "show this help")("seed", po::value<std::string>(),
                                                   "the seed (decimal unsigned 64-bit); default: the scenario's")(
        "json", "print the summary as JSON on stdout (the header line goes to stderr)")(
        "trace", po::value<std::string>(), "write every step as JSON Lines to this file ('-': stdout)")(
        "report", po::value<std::string>(), "write the run's HTML timeline to this file (as 'sagasim report' of its trace)")(
        "perfetto", po::value<std::string>(), "write the run in Chrome Trace Event format (ui.perfetto.dev) to this file")(
        "quiet,q", "print only the verdict line and the repro line")(
        "verbose,v", "also print every violation report with its causal history in words")(
        "record-decisions", po::value<std::string>(), "write every decision of the run to this tape")(
        "replay-decisions", po::value<std::string>(),
        "take the decisions from this tape (recorded by --record-decisions) instead of the seed")(
        "color", po::value<std::string>()->default_value("auto"), "auto, always or never (NO_COLOR is honoured)");
    const std::optional<po::variables_map> parsed = parse_command(args, opts, "scenario file");
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    const std::vector<std::string> named = files_of(vm);
    if (named.empty()) throw UsageError("run takes at least one scenario file (or a folder of them)");
    (void)color_of(vm);

    RunFlags f;
    f.json = vm.count("json") != 0;
    f.quiet = vm.count("quiet") != 0;
    f.verbose = vm.count("verbose") != 0;
    f.replay = vm.count("replay-decisions") ? vm["replay-decisions"].as<std::string>() : "";
    if (vm.count("record-decisions")) f.record = vm["record-decisions"].as<std::string>();
    if (vm.count("trace")) f.trace = vm["trace"].as<std::string>();
    if (vm.count("report")) f.report = vm["report"].as<std::string>();
    if (vm.count("perfetto")) f.perfetto = vm["perfetto"].as<std::string>();
    if (!f.replay.empty() && vm.count("seed"))
        throw UsageError("--seed and --replay-decisions exclude each other: the tape holds the seed it was recorded with");
    if (vm.count("seed")) f.seed = parse_u64(vm["seed"].as<std::string>(), "--seed");
    if (f.trace == "-" && f.json) throw UsageError("--trace - and --json both want stdout; give --trace a file");
    if (!f.replay.empty() && f.record) {
        std::error_code ec;
        if (*f.record == f.replay || std::filesystem::equivalent(*f.record, f.replay, ec))
            throw UsageError(fmt::format("--record-decisions '{}' is the tape being replayed; choose another path",
                                         *f.record));
    }
    const std::vector<std::string> files = scenario_files(named);
    if (files.size() > 1) {
        for (const char* one : {"trace", "report", "perfetto", "record-decisions", "replay-decisions"})
            if (vm.count(one))
                throw UsageError(fmt::format("--{} takes one scenario file; {} were given", one, files.size()));
        // Every file is read first: an invalid one stops the whole run before anything runs.
        for (const std::string& file : files) (void)load_scenario_file(file);
    }
    if (files.size() == 1) return run_one(files[0], f);

    int code = 0;
    size_t passed = 0, failed = 0, inconclusive = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        if (i != 0 && !f.json) std::fputs("\n", stdout);
        const int c = run_one(files[i], f);
        (c == 0 ? passed : c == 1 ? failed : inconclusive) += 1;
        code = worst(code, c);
    }
    std::fprintf(f.json ? stderr : stdout, "%stotal: %zu runs, %zu passed, %zu failed, %zu inconclusive\n",
                 f.json ? "" : "\n", files.size(), passed, failed, inconclusive);
    return code;
}

}  // namespace sagasim::cli
