// The benchmark program (bench/bench_main.cpp) runs what it says: the scenario's runs with their
// real digest, a tape's cost measured against the same runs without one, and its usage errors.
// Its figures are measured, never checked here (it is a program, not a timed test).
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "tests/cli_runner.hpp"

using namespace sagasim;
using namespace sagasim::testing;

namespace {

// Runs `sagasim_bench ARGS` from the source tree, where its scenario paths are.
CliResult bench(const std::string& args) {
    return run_program(SAGASIM_SOURCE_DIR, SAGASIM_BENCH_BINARY, args, scratch_dir("bench"));
}

}  // namespace

TEST_CASE("bench: a scenario's first run has the digest sagasim run gives it", "[bench]") {
    const CliResult b = bench("--scenario bench/one-order.yaml --runs 3 --repeat 1");
    REQUIRE(b.code == 0);
    const CliResult r =
        run_program(SAGASIM_SOURCE_DIR, SAGASIM_BINARY, "run bench/one-order.yaml --seed 1", scratch_dir("bench"));
    REQUIRE(r.code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex("digest ([0-9a-f]{16})")));
    CHECK(b.out.find("digest of the first run " + m[1].str() + "\n") != std::string::npos);
    CHECK(std::regex_search(b.out, std::regex("\nruns: 3 in [0-9.]+ s = [0-9]+ runs/s\n")));
    CHECK(std::regex_search(b.out, std::regex("\nfloor: [0-9.]+ M events/s \\(bare heap, same process\\)")));
}

TEST_CASE("bench: --tape measures the same runs without a tape in turns, and says what recording costs", "[bench]") {
    const CliResult b = bench("--scenario bench/one-order.yaml --runs 3 --repeat 2 --tape");
    REQUIRE(b.code == 0);
    CHECK(b.out.find(", recording the decision tape,") != std::string::npos);
    CHECK(std::regex_search(b.out, std::regex("\ntape: [0-9]+ bytes = [0-9.]+ bytes per step \\(written to /dev/null\\); "
                                              "recording costs -?[0-9.]+% \\(the same runs without a tape, in turns: "
                                              "[0-9.]+ s, with: [0-9.]+ s\\)\n")));
    // Without --tape there is no tape to measure.
    const CliResult plain = bench("--scenario bench/one-order.yaml --runs 3 --repeat 1");
    REQUIRE(plain.code == 0);
    CHECK(plain.out.find("\ntape: ") == std::string::npos);
}

TEST_CASE("bench: an unknown argument or a missing value is a usage error, exit 2", "[bench]") {
    const CliResult u = bench("--bogus");
    CHECK(u.code == 2);
    CHECK(u.err == "sagasim_bench: unknown argument --bogus\n");
    const CliResult m = bench("--runs");
    CHECK(m.code == 2);
    CHECK(m.err == "sagasim_bench: missing value after --runs\n");
}
