// `sagasim shrink FILE --seed N -o OUT.yaml [--max-replays N] [--verify-seeds A..B]`: a failing
// run reduced to a scenario that fails the same way under every seed (sim/explore/shrink.hpp).
// The output is proven writable before any run and written whole or not at all. A seed that
// violates no invariant says so (exit 0, no file); a result that does not fail the same way
// under every verify seed is not written either (exit 4, inconclusive, naming the seeds).
// Progress (replays, current size) goes to stderr.
#include <cstdio>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "sim/cli/cli.hpp"
#include "sim/cli/fuzz_progress.hpp"
#include "sim/cli/options.hpp"
#include "sim/explore/shrink.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/loader.hpp"

namespace po = boost::program_options;

namespace sagasim::cli {
namespace {

constexpr uint64_t kVerifyFirst = 1, kVerifyLast = 20;
constexpr uint64_t kVerifySeedsMax = 10000;

std::vector<uint64_t> verify_seeds(const po::variables_map& vm) {
    if (!vm.count("verify-seeds")) {
        std::vector<uint64_t> s;
        for (uint64_t v = kVerifyFirst; v <= kVerifyLast; ++v) s.push_back(v);
        return s;
    }
    const std::string text = vm["verify-seeds"].as<std::string>();
    const size_t dots = text.find("..");
    const std::string msg = fmt::format("--verify-seeds must be A..B, two decimal unsigned 64-bit integers, got '{}'", text);
    if (dots == std::string::npos || dots == 0 || dots + 2 == text.size()) throw UsageError(msg);
    const uint64_t a = parse_u64(text.substr(0, dots), "--verify-seeds' first seed");
    const uint64_t b = parse_u64(text.substr(dots + 2), "--verify-seeds' last seed");
    if (a > b) throw UsageError(fmt::format("--verify-seeds {} is reversed; write {}..{}", text, b, a));
    if (b - a >= kVerifySeedsMax)
        throw UsageError(fmt::format("--verify-seeds may hold at most {} seeds, got {}", kVerifySeedsMax, text));
    std::vector<uint64_t> s;
    for (uint64_t v = a;; ++v) {
        s.push_back(v);
        if (v == b) break;
    }
    return s;
}

}  // namespace

int cmd_shrink(const std::vector<std::string>& args) {
    po::options_description opts("sagasim shrink FILE --seed N -o OUT.yaml [options]");
    opts.add_options()("help,h", "show this help")(
        "seed", po::value<std::string>(), "the failing run's seed (decimal unsigned 64-bit); default: the scenario's")(
        "output,o", po::value<std::string>(), "where to write the shrunk scenario")(
        "max-replays", po::value<std::string>(), "stop trying candidates after this many runs (default: no bound)")(
        "verify-seeds", po::value<std::string>(), "the seeds A..B the result must fail under (default 1..20)");
    const std::optional<po::variables_map> vm = parse_command(args, opts, "scenario file");
    if (!vm) return 0;
    const std::vector<std::string> files = files_of(*vm);
    if (files.size() != 1) throw UsageError(fmt::format("shrink takes one scenario file; {} were given", files.size()));
    if (!vm->count("output")) throw UsageError("shrink needs -o OUT.yaml, the file to write the shrunk scenario to");
    ShrinkConfig cfg;
    if (vm->count("max-replays")) {
        cfg.max_replays = parse_u64((*vm)["max-replays"].as<std::string>(), "--max-replays");
        if (cfg.max_replays == 0) throw UsageError("--max-replays must be at least 1, got 0");
    }
    cfg.verify_seeds = verify_seeds(*vm);
    std::optional<uint64_t> seed;
    if (vm->count("seed")) seed = parse_u64((*vm)["seed"].as<std::string>(), "--seed");
    const std::string out_path = (*vm)["output"].as<std::string>();
    refuse_overwrite(out_path, files[0], "-o");
    OutputFile out(out_path);

    const Scenario sc = load_scenario_file(files[0]);
    cfg.seed = seed.value_or(sc.seed.value_or(0));
    std::fprintf(stderr, "%s\n", header_line(sc, cfg.seed).c_str());
    ShrinkProgress progress;
    const ShrinkResult r =
        shrink_scenario(sc, cfg, [&](uint64_t replays, const ShrinkSize& s) { progress.tick(replays, s.orders, s.faults, s.steps); });
    if (!r.target) {
        std::printf("seed %llu of %s violates no invariant: nothing to shrink, no file written\n",
                    (unsigned long long)cfg.seed, sc.path.c_str());
        return 0;
    }
    progress.tick(r.replays, r.after.orders, r.after.faults, r.after.steps, true);
    std::printf("target: %s (signature %016llx)\n", r.target->invariant.c_str(), (unsigned long long)r.target->signature);
    std::printf("shrunk: %s -> %s in %llu replays, %.2fs%s\n", size_words(r.before).c_str(), size_words(r.after).c_str(),
                (unsigned long long)r.replays, progress.seconds(), r.budget_spent ? " (replay budget spent)" : "");
    for (const std::string& w : r.still_random) std::printf("still drawn from the seed: %s\n", w.c_str());
    if (!r.verified()) {
        std::printf("the shrunk scenario does not fail the same way under seed%s %s of %s (under seed %llu: %s); "
                    "no file written\n",
                    r.not_failing.size() == 1 ? "" : "s", seed_list(r.not_failing).c_str(),
                    seed_list(cfg.verify_seeds).c_str(), (unsigned long long)r.not_failing.front(),
                    r.first_miss.c_str());
        return 4;
    }
    const std::string text = shrunk_file_text(sc, cfg, r);
    std::fputs(text.c_str(), out.get());
    out.commit();
    std::printf("fails the same way under seeds %s; written to %s\n", seed_list(cfg.verify_seeds).c_str(),
                out_path.c_str());
    return 0;
}

}  // namespace sagasim::cli
