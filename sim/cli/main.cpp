// sagasim's entry point: picks the subcommand, and maps every error to its exit code
// (../shared/docs/cli.md): 2 usage, 3 invalid scenario, 70 internal error. Nothing escapes main.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/cli/cli.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/errors.hpp"

namespace {

constexpr const char* kUsage =
    "usage: sagasim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run FILE [--seed N]     one seeded run; prints the summary, violations, digest and a repro line\n"
    "  report TRACE -o OUT.html\n"
    "                          the HTML timeline of a saved trace (run --trace), without re-running\n"
    "  validate FILE...        checks scenario files\n"
    "  fuzz FILE [--runs N]    many seeds under a strategy; each distinct failure once, with its repro line\n"
    "  shrink FILE --seed N -o OUT.yaml\n"
    "                          reduces a failing run to a scenario that fails the same way under any seed\n"
    "  merge SHARD.json... -o OUT.json\n"
    "                          combines the results of a campaign's shards\n"
    "  list invariants|faults|topics\n"
    "                          what exists, one line of meaning each\n"
    "  schema                  prints the JSON Schema of scenario files\n"
    "\n"
    "  sagasim <command> --help shows a command's options; sagasim --version its version.\n";

int dispatch(const std::vector<std::string>& argv) {
    using namespace sagasim::cli;
    if (argv.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string& cmd = argv[0];
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (cmd == "--version") {
        std::printf("%s\n", sagasim::version_string().c_str());
        return 0;
    }
    if (cmd == "run") return cmd_run(rest);
    if (cmd == "validate") return cmd_validate(rest);
    if (cmd == "fuzz") return cmd_fuzz(rest);
    if (cmd == "merge") return cmd_merge(rest);
    if (cmd == "report") return cmd_report(rest);
    if (cmd == "shrink") return cmd_shrink(rest);
    if (cmd == "list") return cmd_list(rest);
    if (cmd == "schema") return cmd_schema(rest);
    throw UsageError(fmt::format("unknown command '{}'; see 'sagasim --help'", cmd));
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return dispatch(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const sagasim::cli::UsageError& e) {
        std::fprintf(stderr, "sagasim: error: %s\n", e.what());
        return 2;
    } catch (const sagasim::InputError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 3;
    } catch (const sagasim::InternalError& e) {
        std::fprintf(stderr, "sagasim: %s\n", e.what());
        return 70;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sagasim: internal error: %s\n", e.what());
        return 70;
    }
}
