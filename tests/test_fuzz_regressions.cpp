// Fuzz regressions (issue 4): every file of tests/data/fuzz-regressions/ (inputs the fuzzer found,
// and hostile ones made by hand) loads to a scenario or to a clean ScenarioError, in both loader
// modes; nothing else may come out. Also keeps fuzz/scenario_loader.dict in step with the keys the
// loader knows, so that the fuzzer keeps reaching every section.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/scenario/loader.hpp"
#include "tests/input_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(SAGASIM_SOURCE_DIR) / "tests/data/fuzz-regressions";

std::vector<fs::path> regression_files() { return files_of(kDir); }

// The diagnostics of loading `path`, or "" if it loads; any other exception fails the test.
std::string load_result(const fs::path& path) {
    try {
        load_scenario_file(path.string());
        return "";
    } catch (const ScenarioError& e) {
        return checked_located(e, path);
    }
}

std::string first_error(const fs::path& path) { return first_without_path(load_result(path), path); }

}  // namespace

TEST_CASE("fuzz regressions load cleanly or fail with a located error", "[loader][fuzz]") {
    const auto files = regression_files();
    REQUIRE(files.size() >= 10);
    for (const fs::path& f : files) {
        CAPTURE(f.filename().string());
        load_result(f);
    }
}

TEST_CASE("fuzz regressions: what the hand-made hostile inputs get", "[loader][fuzz]") {
    CHECK(first_error(kDir / "billion-laughs.yaml") == "2:1: error: unknown key 'x0'");
    CHECK(load_result(kDir / "billion-laughs.yaml").find("aliases are not supported") != std::string::npos);
    CHECK(first_error(kDir / "deep-flow-nesting.yaml") ==
          "2:69: error: nesting deeper than 64 levels is not supported");
    CHECK(first_error(kDir / "binary.yaml") == "2:1: error: not a text file (it contains a NUL byte)");
    CHECK(first_error(kDir / "utf16.yaml") ==
          "1:1: error: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
    CHECK(first_error(kDir / "empty.yaml") == "1:1: error: the file is empty; a scenario needs at least 'name'");
    CHECK(first_error(kDir / "only-comments.yaml") ==
          "1:1: error: the file is empty; a scenario needs at least 'name'");
    CHECK(first_error(kDir / "bom-only.yaml") == "1:1: error: the file is empty; a scenario needs at least 'name'");
    CHECK(first_error(kDir / "control-characters.yaml") ==
          "2:15: error: not a text file (it contains the control character 0x1b)");
    CHECK(load_result(kDir / "crlf.yaml").empty());
    CHECK(first_error(kDir / "overflowing-values.yaml") ==
          "2:7: error: seed must be at most 18446744073709551615, got 18446744073709551616");
    const std::string many = load_result(kDir / "many-errors.yaml");
    CHECK(many.find("too many errors; 400 more not shown, the first of them here") != std::string::npos);
}

TEST_CASE("the fuzz dictionary has every key the loader knows", "[loader][fuzz]") {
    const std::set<std::string> words = dictionary_words(fs::path(SAGASIM_SOURCE_DIR) / "fuzz/scenario_loader.dict");
    std::vector<std::string_view> keys(top_level_keys().begin(), top_level_keys().end());
    for (const char* section : {"run", "design", "orders[]", "load", "restocks[]", "inject[]", "payment", "kafka",
                                "timing", "invariants", "expect", "expect.violations", "expect.events[]",
                                "expect.at[]"})
        for (std::string_view k : section_keys(section)) keys.push_back(k);
    for (const FaultKindInfo& f : fault_kinds()) {
        keys.push_back(f.name);
        for (std::string_view k : section_keys(f.name)) keys.push_back(k);
    }
    for (std::string_view k : keys) {
        CAPTURE(k);
        CHECK(words.count(std::string(k)) == 1);
    }
}
