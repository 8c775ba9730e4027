// regressions/ (its README.md): every file there, run at its own seed and two others, must pass,
// that is, show exactly what its `expect` pins; a shrunk file pins its violation, so the test
// fails if the violation stops being found.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/loader.hpp"

using namespace sagasim;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> regression_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(SAGASIM_SOURCE_DIR) / "regressions"))
        if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("every regression shows what it pins, under its seed and others", "[regressions]") {
    const auto files = regression_files();
    REQUIRE(files.size() >= 7);
    size_t pinned = 0;
    for (const fs::path& p : files) {
        CAPTURE(p.string());
        const Scenario sc = load_scenario_file(p.string());
        REQUIRE(sc.expect.violations.has_value());
        pinned += !sc.expect.violations->empty();
        for (uint64_t seed : {sc.seed.value_or(0), uint64_t(1), uint64_t(2)}) {
            CAPTURE(seed);
            const Judged j = judge(sc, run_scenario(sc, seeded(seed)));
            for (const auto& f : j.expectation_failures) UNSCOPED_INFO(f);
            CHECK(j.verdict == Verdict::Pass);
        }
    }
    CHECK(pinned >= 6);
}

TEST_CASE("a regression whose violation is no longer found fails", "[regressions]") {
    // The skipped release of the old hardened design, run under today's hardened: the release is
    // retried until it is done, the violation is gone, and the pinned expectation fails.
    Scenario sc = load_scenario_file(
        (fs::path(SAGASIM_SOURCE_DIR) / "regressions/hardened-chaos-skip/no-leak-after-failure-565.yaml").string());
    CHECK(judge(sc, run_scenario(sc, seeded(1))).verdict == Verdict::Pass);
    sc.design.compensations = Compensations::UntilDone;
    const Judged j = judge(sc, run_scenario(sc, seeded(1)));
    CHECK(j.verdict == Verdict::Fail);
    REQUIRE(j.expectation_failures.size() == 1);
    CHECK(j.expectation_failures[0].find("no-leak-after-failure") != std::string::npos);
}
