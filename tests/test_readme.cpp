// The README's examples, run: the first scenario gives the output the README shows (but the build's
// commit in the version), and the decision-tape example does what the README says it does.
#include <catch2/catch.hpp>

#include "tests/cli_runner.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using sagasim::testing::slurp;

namespace {

const std::string kReadme = slurp(fs::path(SAGASIM_SOURCE_DIR) / "README.md");

fs::path scratch() {
    static const fs::path dir = ::sagasim::testing::scratch_dir("readme");
    return dir;
}

// The text of the first ``` block after `marker`, without its fence lines; with `inside`, the
// block whose first line is `marker`.
std::string block_after(const std::string& marker, bool inside = false) {
    const size_t m = kReadme.find(inside ? "```\n" + marker : marker);
    REQUIRE(m != std::string::npos);
    const size_t open = kReadme.find("```", m);
    REQUIRE(open != std::string::npos);
    const size_t start = kReadme.find('\n', open) + 1;
    const size_t close = kReadme.find("\n```", start);
    REQUIRE(close != std::string::npos);
    return kReadme.substr(start, close - start + 1);
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);) out.push_back(l);
    return out;
}

// The version's commit differs from build to build.
std::string without_commit(const std::string& s) { return std::regex_replace(s, std::regex("^sagasim ([0-9.]+) \\([0-9a-f]+\\)"), "sagasim $1 (commit)"); }

}  // namespace

TEST_CASE("README: the first scenario prints what the README shows", "[readme]") {
    const std::string yaml = block_after("## A first scenario");
    REQUIRE(yaml.find("name: first-order") != std::string::npos);
    std::ofstream(scratch() / "first.yaml", std::ios::binary) << yaml;
    const std::vector<std::string> shown = lines(block_after("$ ./build/sagasim run first.yaml", true));
    REQUIRE(shown.size() > 5);
    REQUIRE(shown[0] == "$ ./build/sagasim run first.yaml");
    const auto r = sagasim::testing::run_cli(scratch(), "run first.yaml");
    CHECK(r.code == 0);
    const std::vector<std::string> got = lines(r.out);
    REQUIRE(got.size() == shown.size() - 1);
    for (size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        CHECK(without_commit(got[i]) == without_commit(shown[i + 1]));
    }
}

TEST_CASE("README: the decision-tape example records, replays and replays an edit", "[readme]") {
    const std::vector<std::string> commands = lines(block_after("<!-- readme-example: tape -->"));
    REQUIRE(commands.size() == 4);
    std::error_code ec;
    fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / "scenarios", scratch() / "scenarios", ec);
    std::vector<std::string> outputs;
    const std::vector<int> exits{0, 0, 0, 1};  // the edited run no longer violates what `expect` pins
    for (std::string c : commands) {
        CAPTURE(c);
        c = std::regex_replace(c, std::regex("^\\./build/sagasim "), std::string("'") + SAGASIM_BINARY + "' ");
        const std::string cmd = "cd '" + scratch().string() + "' && (" + c + ") > out.txt 2>&1";
        const int status = std::system(cmd.c_str());
        CHECK(WEXITSTATUS(status) == exits[outputs.size()]);
        outputs.push_back(slurp(scratch() / "out.txt"));
    }
    // What the README says of them.
    CHECK(outputs[1].find("\nreplay: 49 decisions of 49 taken from run.tape; the digest is the recorded one\n") !=
          std::string::npos);
    CHECK(kReadme.find("`replay: 49 decisions of 49 taken from run.tape; the digest is the recorded one`") !=
          std::string::npos);
    CHECK(slurp(scratch() / "declined.tape") != slurp(scratch() / "run.tape"));
    CHECK(outputs[3].find("orders: 1 created; PAYMENT_FAILED 1\n") != std::string::npos);
    CHECK(kReadme.find("it\nends PAYMENT_FAILED, and exits 1") != std::string::npos);
    CHECK(std::regex_search(outputs[3], std::regex("\nreplay: [0-9]+ decisions of 49 taken from declined.tape; "
                                                   "diverged at decision [0-9]+ .*; the run went on from seed 2\n")));
}

TEST_CASE("README: the fuzz example finds failures, writes its files and merges its shards", "[readme]") {
    const std::vector<std::string> commands = lines(block_after("<!-- readme-example: fuzz -->"));
    REQUIRE(commands.size() == 4);
    std::error_code ec;
    fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / "bench", scratch() / "bench", ec);
    for (std::string c : commands) {
        CAPTURE(c);
        c = std::regex_replace(c, std::regex("^\\./build/sagasim "), std::string("'") + SAGASIM_BINARY + "' ");
        const int status = std::system(("cd '" + scratch().string() + "' && (" + c + ") 2>/dev/null >>fuzz-out.txt").c_str());
        CHECK(WEXITSTATUS(status) == 1);  // the seed's saga breaks under generic chaos
    }
    CHECK(slurp(scratch() / "fuzz.xml").find("<testcase classname=\"sagasim.fuzz.generic-chaos\"") != std::string::npos);
    CHECK(fs::is_directory(scratch() / "found" / "generic-chaos"));
    CHECK(slurp(scratch() / "found" / "index.html").find("\"record\":\"summary\"") != std::string::npos);
    CHECK(slurp(scratch() / "campaign.json").find("\"shards\":[0,1]") != std::string::npos);
    CHECK(slurp(scratch() / "fuzz-out.txt").find("Reproduce with: sagasim run bench/generic-chaos.yaml --replay-decisions found/generic-chaos/") !=
          std::string::npos);
}

TEST_CASE("README: the report example writes the same page from the run and from its trace", "[readme]") {
    const std::vector<std::string> commands = lines(block_after("<!-- readme-example: report -->"));
    REQUIRE(commands.size() == 3);
    std::error_code ec;
    fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / "bench", scratch() / "bench", ec);
    const std::vector<int> exits{1, 0, 0};  // the run fails; the report and the comparison succeed
    for (size_t i = 0; i < commands.size(); ++i) {
        std::string c = commands[i];
        CAPTURE(c);
        c = std::regex_replace(c, std::regex("^\\./build/sagasim "), std::string("'") + SAGASIM_BINARY + "' ");
        const int status = std::system(("cd '" + scratch().string() + "' && (" + c + ") >/dev/null 2>&1").c_str());
        CHECK(WEXITSTATUS(status) == exits[i]);
    }
    const std::string page = slurp(scratch() / "run.html");
    CHECK(page.find("\"verdict\":\"FAIL\"") != std::string::npos);
    CHECK(page.find("\"violations\":5,") != std::string::npos);  // the footer's count, as the README says
    CHECK(kReadme.find("five invariants break under generic chaos at seed 3") != std::string::npos);
    CHECK(page == slurp(scratch() / "again.html"));
    CHECK(slurp(scratch() / "run.perfetto.json").find("\"traceEvents\":[") != std::string::npos);
}

TEST_CASE("README shrinking example: a seed-free file that still finds its violation", "[readme]") {
    const std::vector<std::string> commands = lines(block_after("<!-- readme-example: shrink -->"));
    REQUIRE(commands.size() == 2);
    std::error_code ec;
    fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / "bench", scratch() / "bench", ec);
    std::string out;
    for (std::string c : commands) {
        CAPTURE(c);
        c = std::regex_replace(c, std::regex("^\\./build/sagasim "), std::string("'") + SAGASIM_BINARY + "' ");
        const int status = std::system(("cd '" + scratch().string() + "' && (" + c + ") 2>/dev/null >shrink-out.txt").c_str());
        CHECK(WEXITSTATUS(status) == 0);
        out += slurp(scratch() / "shrink-out.txt");
    }
    const size_t at = kReadme.find("The first prints `");
    REQUIRE(at != std::string::npos);
    std::string said = kReadme.substr(at + 18, kReadme.find('`', at + 18) - at - 18);
    said = std::regex_replace(said, std::regex("\n"), " ");
    CHECK(out.find(said) != std::string::npos);
    CHECK(out.find("\nPASS\n") != std::string::npos);
}

TEST_CASE("README hardened example: the fuzz finds, the regression pins, the twin passes", "[readme]") {
    const std::vector<std::string> commands = lines(block_after("<!-- readme-example: hardened -->"));
    REQUIRE(commands.size() == 5);
    std::error_code ec;
    for (const char* sub : {"bench", "regressions"})
        fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / sub, scratch() / sub, ec);
    fs::remove_all(scratch() / "found" / "hardened-chaos-skip");
    const std::vector<int> codes{1, 0, 0, 0, 0};
    for (size_t i = 0; i < commands.size(); ++i) {
        std::string c = commands[i];
        CAPTURE(c);
        c = std::regex_replace(c, std::regex("^\\./build/sagasim "), std::string("'") + SAGASIM_BINARY + "' ");
        const int status = std::system(("cd '" + scratch().string() + "' && (" + c + ") 2>/dev/null >hardened-out.txt").c_str());
        CHECK(WEXITSTATUS(status) == codes[i]);
        if (i == 0) {
            size_t distinct = 0;
            std::istringstream out(slurp(scratch() / "hardened-out.txt"));
            for (std::string l; std::getline(out, l);) distinct += l.rfind("FAIL ", 0) == 0;
            CHECK(distinct == 12);
            CHECK(slurp(scratch() / "hardened-out.txt").find("runs: 2000 (457 passed, 1543 failed, 0 inconclusive)") !=
                  std::string::npos);
            // The file the README's story is about is what this sweep writes.
            // (but the build's commit in the first line)
            const auto body = [](const std::string& t) { return t.substr(t.find('\n')); };
            CHECK(body(slurp(scratch() / "found/hardened-chaos-skip/no-leak-after-failure-565.yaml")) ==
                  body(slurp(fs::path(SAGASIM_SOURCE_DIR) / "regressions/hardened-chaos-skip/no-leak-after-failure-565.yaml")));
            CHECK(body(slurp(scratch() / "found/hardened-chaos-skip/no-phantom-stock-4.yaml")) ==
                  body(slurp(fs::path(SAGASIM_SOURCE_DIR) / "regressions/hardened-chaos-skip/no-phantom-stock-4.yaml")));
        }
    }
}
