// Golden runs: every scenario shipped in scenarios/ is loaded, run at its own seed, and must
// pass (its `expect` holds, or no invariant is violated); its summary and digest must equal the
// checked-in tests/golden/<path>.txt. Run with SAGASIM_UPDATE_GOLDEN=1 to rewrite the files
// after an intended change, and review the diff. Also: each scenario run twice gives the same
// digest.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/loader.hpp"

using namespace sagasim;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> shipped_scenarios() {
    std::vector<std::string> out;
    const fs::path root = fs::path(SAGASIM_SOURCE_DIR) / "scenarios";
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().extension() == ".yaml")
            out.push_back(fs::relative(e.path(), SAGASIM_SOURCE_DIR).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("every shipped scenario passes and matches its golden summary", "[golden]") {
    const auto files = shipped_scenarios();
    REQUIRE(files.size() >= 10);
    const bool update = std::getenv("SAGASIM_UPDATE_GOLDEN") != nullptr;
    for (const std::string& rel : files) {
        CAPTURE(rel);
        const Scenario sc = load_scenario_file((fs::path(SAGASIM_SOURCE_DIR) / rel).string());
        // Messages and repro lines name the path as a user in the repository root would type it.
        Scenario named = sc;
        named.path = rel;
        const uint64_t seed = sc.seed.value_or(0);
        const RunResult r = run_scenario(named, seeded(seed));
        const Judged j = judge(named, r);
        CHECK(verdict_name(j.verdict) == std::string("PASS"));
        for (const auto& f : j.expectation_failures) UNSCOPED_INFO(f);
        // The verbose form, so the reports told in words are pinned too.
        const std::string text = summary_text(named, r, j, true);
        const fs::path golden = fs::path(SAGASIM_SOURCE_DIR) / "tests" / "golden" / (rel + ".txt");
        if (update) {
            fs::create_directories(golden.parent_path());
            std::ofstream(golden, std::ios::binary) << text;
        }
        REQUIRE(fs::exists(golden));
        CHECK(read_file(golden) == text);
        const RunResult again = run_scenario(named, seeded(seed));
        CHECK(again.digest == r.digest);
    }
}
