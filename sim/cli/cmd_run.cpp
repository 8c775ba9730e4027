// `sagasim run FILE [--seed N] [--json] [--trace FILE] [--quiet] [--color WHEN]`: one seeded run.
// The header line (version, scenario, hash, seed) is printed and flushed before the run starts,
// so even a crash leaves what is needed to replay it.
#include <cstdio>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "sim/cli/cli.hpp"
#include "sim/cli/options.hpp"
#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/loader.hpp"

namespace po = boost::program_options;

namespace sagasim::cli {

int cmd_run(const std::vector<std::string>& args) {
    po::options_description opts("sagasim run FILE [options]");
    opts.add_options()("help,h", "show this help")("seed", po::value<std::string>(),
                                                   "the seed (decimal unsigned 64-bit); default: the scenario's")(
        "json", "print the summary as JSON on stdout (the header line goes to stderr)")(
        "trace", po::value<std::string>(), "write every step as JSON Lines to this file")(
        "quiet,q", "print only the verdict line and the repro line")(
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

    const Scenario sc = load_scenario_file(files[0]);
    uint64_t seed = sc.seed.value_or(0);
    if (vm.count("seed")) seed = parse_u64(vm["seed"].as<std::string>(), "--seed");
    const bool json = vm.count("json") != 0;
    const bool quiet = vm.count("quiet") != 0;

    std::optional<OutputFile> trace;
    if (vm.count("trace")) {
        const std::string path = vm["trace"].as<std::string>();
        refuse_overwrite(path, files[0], "--trace");
        trace.emplace(path);
    }

    std::FILE* head_out = json ? stderr : stdout;
    std::fprintf(head_out, "%s\n", header_line(sc, seed).c_str());
    std::fflush(head_out);

    RunOptions ro;
    ro.seed = seed;
    ro.trace = trace ? trace->get() : nullptr;
    const RunResult result = run_scenario(sc, ro);
    if (trace) trace->commit();
    const Judged judged = judge(sc, result);

    if (json) {
        std::fputs(summary_json(sc, result, judged).c_str(), stdout);
    } else if (quiet) {
        std::printf("%s digest %s\nReproduce with: %s\n", std::string(verdict_name(judged.verdict)).c_str(),
                    result.digest.c_str(), reproduce_command(sc, seed).c_str());
    } else {
        std::fputs(summary_text(sc, result, judged).c_str(), stdout);
    }
    return exit_code(judged.verdict);
}

}  // namespace sagasim::cli
