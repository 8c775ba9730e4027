// `sagasim fuzz` and `sagasim merge` as a user meets them: every bad input a usage error word for
// word before anything runs, the exit codes (0, 1, 4), the same output for any --jobs, JSON Lines,
// JUnit XML, tapes in --out whose repro lines replay the failure, the time budget, the progress
// line (on a terminal too, through script(1)), and merging shards. Each test runs the real binary.
#include <catch2/catch.hpp>

#include "tests/cli_runner.hpp"

#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;
using sagasim::testing::slurp;

namespace {

fs::path scratch() {
    static const fs::path dir = [] {
        const fs::path d = ::sagasim::testing::scratch_dir("fuzz");
        std::error_code ec;
        fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / "bench", d / "bench", ec);
        return d;
    }();
    return dir;
}

sagasim::testing::CliResult cli(const std::string& args) { return ::sagasim::testing::run_cli(scratch(), args); }

void write(const std::string& name, const std::string& text) { std::ofstream(scratch() / name, std::ios::binary) << text; }

std::vector<json> json_lines(const std::string& text) {
    std::vector<json> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);) out.push_back(json::parse(l));
    return out;
}

// What a command line's sagasim ... runs as, in the scratch directory.
std::string binary_for(std::string command) {
    return std::regex_replace(command, std::regex("^sagasim "), std::string("'") + SAGASIM_BINARY + "' ");
}

}  // namespace

TEST_CASE("fuzz: bad input is a usage error naming the problem, before anything runs", "[fuzz][cli]") {
    write("blocker", "a file, not a folder\n");
    const std::vector<std::pair<std::string, std::string>> cases{
        {"--seeds 9..3", "--seeds 9..3 is reversed: it would hold no seed; write 3..9"},
        {"--seeds 5", "--seeds must be A..B, two decimal unsigned 64-bit integers, got '5'"},
        {"--seeds 3..", "--seeds must be A..B, two decimal unsigned 64-bit integers, got '3..'"},
        {"--seeds -1..3", "--seeds' first seed must be a decimal unsigned 64-bit integer, got '-1'"},
        {"--seeds 1..2 --shard-index 3 --shard-count 4", "--seeds 1..2 holds no seed for shard 3 of 4"},
        {"--shard-index 4 --shard-count 4", "--shard-index 4 is out of range: --shard-count 4 numbers the shards 0 to 3"},
        {"--shard-index 1", "--shard-index needs --shard-count"},
        {"--shard-count 0", "--shard-count must be at least 1, got 0"},
        {"--strategy rand", "unknown --strategy 'rand'; choose random, swarm, pct, coverage or portfolio"},
        {"--jobs 0", "--jobs must be at least 1, got 0"},
        {"--jobs 300", "--jobs must be at most 256, got 300"},
        {"--runs 0", "--runs must be at least 1, got 0"},
        {"--runs 5 --seeds 1..2", "--runs and --seeds exclude each other"},
        {"--max-total-time 5", "--max-total-time must be a duration such as 60s or 10m, got '5'"},
        {"--max-total-time 0s", "--max-total-time must be more than 0s"},
        {"--out blocker/tapes", "cannot write to --out 'blocker/tapes': Not a directory"},
        {"--no-shrink", "--no-shrink needs --out"},
        {"--shrink-replays 9", "--shrink-replays needs --out"},
        {"--out o --no-shrink --shrink-replays 9", "--shrink-replays and --no-shrink exclude each other"},
        {"--out o --shrink-replays 0", "--shrink-replays must be at least 1, got 0"},
        {"--color sometimes", "--color must be auto, always or never, got 'sometimes'"},
        {"--runs 3 --shard-index 1 --shard-count 2 --seeds 18446744073709551615..18446744073709551615",
         "--runs and --seeds exclude each other"},
    };
    for (const auto& [args, message] : cases) {
        CAPTURE(args);
        const auto r = cli("fuzz bench/one-order.yaml " + args);
        CHECK(r.code == 2);
        CHECK(r.err == "sagasim: error: " + message + "\n");
        CHECK(r.out.empty());  // not even the header: nothing ran
    }
    write("topseed.yaml", "name: t\nseed: 18446744073709551615\ninventory: {SKU-1: 1}\n");
    const auto wrap = cli("fuzz topseed.yaml --runs 2");
    CHECK(wrap.code == 2);
    CHECK(wrap.err ==
          "sagasim: error: --runs 2 from seed 18446744073709551615 would go past the largest seed, "
          "18446744073709551615; use --seeds\n");
    const auto two = cli("fuzz bench/one-order.yaml bench/one-order.yaml");
    CHECK(two.err == "sagasim: error: fuzz takes one scenario file; 2 were given\n");
    CHECK(cli("fuzz").err == "sagasim: error: fuzz takes one scenario file; 0 were given\n");
    CHECK(cli("fuzz missing.yaml --runs 1").code == 3);
}

TEST_CASE("fuzz: a scenario that always passes exits 0 with PASS and the coverage it reached", "[fuzz][cli]") {
    const auto r = cli("fuzz bench/one-order.yaml --runs 40");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("sagasim ", 0) == 0);
    CHECK(r.out.find(" scenario=bench/one-order.yaml sha256=") != std::string::npos);
    CHECK(r.out.find(" strategy=portfolio first-seed=1 runs=40 shard=0/1\n") != std::string::npos);
    CHECK(r.out.find("\nruns: 40 (40 passed, 0 failed, 0 inconclusive)\ndistinct failures: 0\ncoverage: ") !=
          std::string::npos);
    CHECK(r.out.find("never seen:\n  order PENDING InventoryFailedEvent proceed\n") != std::string::npos);
    CHECK(r.out.size() > 5);
    CHECK(r.out.substr(r.out.size() - 5) == "PASS\n");
    CHECK(r.err.find("fuzz: 40 runs in ") != std::string::npos);
}

TEST_CASE("fuzz: failures exit 1, each distinct one once, the same output for any --jobs", "[fuzz][cli]") {
    const auto one = cli("fuzz bench/generic-chaos.yaml --runs 150 --jobs 1");
    const auto two = cli("fuzz bench/generic-chaos.yaml --runs 150 --jobs 2");
    CHECK(one.code == 1);
    CHECK(two.code == 1);
    CHECK(one.out == two.out);
    CHECK(one.out.find("\nFAIL no-") != std::string::npos);
    CHECK(one.out.find("  Reproduce with: sagasim run bench/generic-chaos.yaml --seed ") != std::string::npos);
    CHECK(one.out.find("  Reproduce with: sagasim fuzz bench/generic-chaos.yaml --strategy pct --seeds ") !=
          std::string::npos);
    CHECK(one.out.substr(one.out.size() - 5) == "FAIL\n");
    CHECK(two.err.find(" (") != std::string::npos);
    CHECK(two.err.find("2 jobs)") != std::string::npos);
}

TEST_CASE("fuzz --json: one object per distinct failure, then the summary", "[fuzz][cli]") {
    const auto r = cli("fuzz bench/generic-chaos.yaml --seeds 5..104 --json");
    CHECK(r.code == 1);
    CHECK(r.err.rfind("sagasim ", 0) == 0);  // the header goes to stderr
    const std::vector<json> lines = json_lines(r.out);
    REQUIRE(lines.size() >= 2);
    const json& sum = lines.back();
    CHECK(sum["record"] == "summary");
    CHECK(sum["runs"] == 100);
    CHECK(sum["seeds"]["first"] == 5);
    CHECK(sum["verdict"] == "fail");
    CHECK(sum["stopped"] == "done");
    CHECK(sum["distinct_failures"] == lines.size() - 1);
    CHECK(sum["coverage"]["pairs"]["of"].get<int>() > 0);
    std::set<std::pair<std::string, std::string>> keys;
    uint64_t previous = 0;
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
        const json& f = lines[i];
        CHECK(f["record"] == "failure");
        CHECK(keys.emplace(f["invariant"], f["signature"]).second);
        CHECK(f["first_seed"].get<uint64_t>() >= previous);
        previous = f["first_seed"].get<uint64_t>();
        CHECK(f["count"].get<uint64_t>() >= 1);
        CHECK(f["repro"].get<std::string>().rfind("sagasim ", 0) == 0);
        CHECK(f["plan"]["seed"].is_number_unsigned());
        CHECK(!f["history"].empty());
    }
}

TEST_CASE("fuzz: a scenario whose runs only hit their step limit exits 4, never 0", "[fuzz][cli]") {
    std::string text = slurp(fs::path(SAGASIM_SOURCE_DIR) / "bench/generic-chaos.yaml");
    text = std::regex_replace(text, std::regex("run: \\{until: 20s\\}"), "run: {until: 20s, max-steps: 30}");
    write("limited.yaml", text);
    const auto r = cli("fuzz limited.yaml --runs 20");
    CHECK(r.code == 4);
    CHECK(r.out.find("runs: 20 (0 passed, 0 failed, 20 inconclusive; first inconclusive: seed 1, max-steps)") !=
          std::string::npos);
    CHECK(r.out.substr(r.out.size() - 13) == "INCONCLUSIVE\n");
}

TEST_CASE("fuzz --junit: a test case per distinct failure and a passing summary, repro in the body", "[fuzz][cli]") {
    const auto r = cli("fuzz bench/generic-chaos.yaml --runs 40 --json --junit report.xml");
    CHECK(r.code == 1);
    const std::string xml = slurp(scratch() / "report.xml");
    const size_t failures = json_lines(r.out).size() - 1;
    CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sagasim fuzz\" tests=\"" +
                        std::to_string(failures + 1) + "\" failures=\"" + std::to_string(failures) + "\">",
                    0) == 0);
    const std::regex testcase("<testcase classname=\"([^\"]*)\" name=\"[^\"]+\" file=\"bench/generic-chaos.yaml\" line=\"1\">");
    size_t cases = 0;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), testcase); it != std::sregex_iterator(); ++it) {
        CHECK((*it)[1] == "sagasim.fuzz.generic-chaos");
        ++cases;
    }
    CHECK(cases == failures + 1);
    CHECK(xml.find("<failure type=\"") != std::string::npos);
    CHECK(xml.find("\">Reproduce with: sagasim ") != std::string::npos);
    CHECK(xml.find("name=\"campaign summary\"") != std::string::npos);
    CHECK(xml.find("<system-out>runs: 40 (") != std::string::npos);
    // No temporary file is left next to it.
    for (const auto& e : fs::directory_iterator(scratch())) CHECK(e.path().filename().string().find(".tmp-sagasim") == std::string::npos);
}

TEST_CASE("fuzz --out: the tapes of failures their seed does not replay, and repro lines that replay them", "[fuzz][cli]") {
    fs::remove_all(scratch() / "found");
    const auto r = cli("fuzz bench/generic-chaos.yaml --runs 60 --strategy swarm --out found --no-shrink --json");
    INFO(r.err);
    CHECK(r.code == 1);
    const std::vector<json> lines = json_lines(r.out);
    REQUIRE(lines.size() >= 2);
    size_t checked = 0;
    for (size_t i = 0; i + 1 < lines.size() && checked < 3; ++i, ++checked) {
        const json& f = lines[i];
        CAPTURE(f.dump());
        const std::string tape = f["tape"].get<std::string>();
        CHECK(tape.rfind("found/generic-chaos/" + f["invariant"].get<std::string>() + "-", 0) == 0);
        CHECK(fs::exists(scratch() / tape));
        CHECK(f["repro"] == "sagasim run bench/generic-chaos.yaml --replay-decisions " + tape);
        const std::string cmd = "cd '" + scratch().string() + "' && " + binary_for(f["repro"]) + " --json > replay.json 2>/dev/null";
        const int status = std::system(cmd.c_str());
        CHECK(WEXITSTATUS(status) == 1);
        const json replay = json::parse(slurp(scratch() / "replay.json"));
        CHECK(replay["digest"] == f["digest"]);
    }
    // Without --out, a swarm failure's repro is the fuzz command of its one seed, and it finds it again.
    const auto plain = cli("fuzz bench/generic-chaos.yaml --runs 20 --strategy swarm --json");
    const json first = json_lines(plain.out).front();
    const std::string seed = std::to_string(first["first_seed"].get<uint64_t>());
    CHECK(first["tape"].is_null());
    CHECK(first["repro"] == "sagasim fuzz bench/generic-chaos.yaml --strategy swarm --seeds " + seed + ".." + seed);
    const auto again = cli("fuzz bench/generic-chaos.yaml --strategy swarm --seeds " + seed + ".." + seed + " --json");
    bool same = false;
    for (const json& f : json_lines(again.out))
        same = same || (f["record"] == "failure" && f["signature"] == first["signature"] && f["digest"] == first["digest"]);
    CHECK(same);
}

TEST_CASE("fuzz --out: each failure its seed replays is shrunk to a file that fails the same way", "[fuzz][cli]") {
    fs::remove_all(scratch() / "small");
    const auto r = cli("fuzz bench/generic-chaos.yaml --runs 20 --strategy random --out small --json");
    CHECK(r.code == 1);
    const std::vector<json> lines = json_lines(r.out);
    size_t shrunk = 0, unshrunk = 0;
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
        const json& f = lines[i];
        CAPTURE(f.dump());
        if (f["shrunk"].is_null()) {
            ++unshrunk;
            continue;
        }
        ++shrunk;
        const std::string path = f["shrunk"].get<std::string>();
        CHECK(path == "small/generic-chaos/" + f["invariant"].get<std::string>() + "-" +
                          std::to_string(f["first_seed"].get<uint64_t>()) + ".yaml");
        const std::string text = slurp(scratch() / path);
        CHECK(text.find("original run's failure signature " + f["signature"].get<std::string>() + ":\n") !=
              std::string::npos);
        // Its pinned violation is found whatever the seed.
        CHECK(cli("run " + path + " -q --seed 77").code == 0);
    }
    CHECK(shrunk >= 3);
    CHECK(unshrunk >= 1);  // single-payment-outcome needs two draws of one payment to differ
    // The text output names the files, the JUnit body too.
    const auto text = cli("fuzz bench/generic-chaos.yaml --runs 20 --strategy random --out small --junit small.xml");
    CHECK(text.out.find("\n  Shrunk to: small/generic-chaos/") != std::string::npos);
    CHECK(slurp(scratch() / "small.xml").find("Shrunk to: small/generic-chaos/") != std::string::npos);
    fs::remove_all(scratch() / "small");
    const auto none = cli("fuzz bench/generic-chaos.yaml --runs 20 --strategy random --out small --no-shrink --json");
    for (const json& f : json_lines(none.out))
        if (f["record"] == "failure") CHECK(f["shrunk"].is_null());
    size_t yaml = 0;
    for (const auto& e : fs::recursive_directory_iterator(scratch() / "small")) yaml += e.path().extension() == ".yaml";
    CHECK(yaml == 0);
}

TEST_CASE("fuzz --out: a failure found under swarm or pct is shrunk under that plan to a plain file", "[fuzz][cli]") {
    for (const std::string strategy : {"swarm", "pct"}) {
        CAPTURE(strategy);
        fs::remove_all(scratch() / "planned");
        const auto r = cli("fuzz bench/generic-chaos.yaml --runs 12 --strategy " + strategy + " --out planned --json");
        CHECK(r.code == 1);
        const std::vector<json> lines = json_lines(r.out);
        size_t shrunk = 0;
        for (size_t i = 0; i + 1 < lines.size(); ++i) {
            const json& f = lines[i];
            CAPTURE(f.dump());
            if (f["shrunk"].is_null()) continue;
            ++shrunk;
            const std::string text = slurp(scratch() / f["shrunk"].get<std::string>());
            // The header names the plan it was found and shrunk under.
            CHECK(text.find("\n# Found under " + f["plan"]["words"].get<std::string>() +
                            "; shrunk under that plan, verified as a plain file.\n") != std::string::npos);
            // As a plain file it pins its violation, whatever the seed.
            CHECK(cli("run " + f["shrunk"].get<std::string>() + " -q --seed 77").code == 0);
        }
        CHECK(shrunk >= 2);
    }
}

TEST_CASE("fuzz --max-total-time: the campaign stops when its time is up, and says so", "[fuzz][cli]") {
    // The campaign has no run count: only its clock ends it, no sooner than 300 ms and long before
    // it could run out of seeds (bounds loose enough for a sanitized build on a loaded machine).
    const auto started = std::chrono::steady_clock::now();
    const auto r = cli("fuzz bench/generic-chaos.yaml --max-total-time 300ms --json");
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= std::chrono::milliseconds(300));
    CHECK(took < std::chrono::seconds(30));
    CHECK(r.code == 1);
    const json sum = json_lines(r.out).back();
    CHECK(sum["stopped"] == "max-total-time");
    CHECK(sum["seeds"]["count"].is_null());
    CHECK(sum["runs"].get<uint64_t>() >= 1);
    CHECK(r.err.find(" strategy=portfolio first-seed=1 runs=until-time shard=0/1\n") != std::string::npos);
}

TEST_CASE("fuzz --stop-on-first: the runs up to the first failing seed, then exit 1", "[fuzz][cli]") {
    const auto r = cli("fuzz bench/generic-chaos.yaml --runs 500 --strategy random --stop-on-first --jobs 2 --json");
    CHECK(r.code == 1);
    const std::vector<json> lines = json_lines(r.out);
    const json& sum = lines.back();
    CHECK(sum["stopped"] == "stop-on-first");
    CHECK(sum["failed"] == 1);
    CHECK(sum["runs"] == lines.front()["first_seed"]);  // seeds from 1
}

TEST_CASE("fuzz: the progress line is redrawn on a terminal, coloured unless NO_COLOR, plain in a log", "[fuzz][cli]") {
    // script(1) gives the command a terminal; its output holds what the terminal was sent. A
    // terminal's line is redrawn every 0.1 s, so a half-second campaign draws it several times
    // however fast the build is.
    const auto on_tty = [&](const std::string& env) {
        const std::string cmd = "cd '" + scratch().string() + "' && " + env + " script -qec \"'" + SAGASIM_BINARY +
                                "' fuzz bench/generic-chaos.yaml --max-total-time 500ms --jobs 2 >/dev/null\" /dev/null > tty.txt";
        std::system(cmd.c_str());
        return slurp(scratch() / "tty.txt");
    };
    const std::string coloured = on_tty("");
    CHECK(coloured.find("\r\033[Kfuzz: ") != std::string::npos);
    CHECK(coloured.find("\033[31m") != std::string::npos);
    CHECK(coloured.find(" runs/s, ") != std::string::npos);
    const std::string plain = on_tty("NO_COLOR=1");
    CHECK(plain.find("\r\033[Kfuzz: ") != std::string::npos);
    CHECK(plain.find("\033[31m") == std::string::npos);
    // Not a terminal: no control characters, and the last line says how it went.
    const auto log = cli("fuzz bench/generic-chaos.yaml --runs 100 --color always");
    CHECK(log.err.find('\033') == std::string::npos);
    CHECK(std::regex_search(log.err, std::regex("fuzz: 100 runs in [0-9.]+s \\([0-9]+ runs/s, 1 job\\)\n$")));
}

TEST_CASE("merge: shards combine into the campaign's result, deduplicated, refusals word for word", "[fuzz][cli]") {
    for (int i = 0; i < 2; ++i) {
        const auto r = cli("fuzz bench/generic-chaos.yaml --runs 30 --shard-index " + std::to_string(i) +
                           " --shard-count 2 --json");
        CHECK(r.code == 1);
        write("shard" + std::to_string(i) + ".json", r.out);
    }
    const auto m = cli("merge shard0.json shard1.json -o merged.json");
    CHECK(m.code == 1);
    CHECK(std::regex_match(m.out, std::regex("merged 2 shard results: 60 runs, [0-9]+ failed, [0-9]+ inconclusive, "
                                             "[0-9]+ distinct failures -> merged.json\n")));
    const std::vector<json> merged = json_lines(slurp(scratch() / "merged.json"));
    REQUIRE(!merged.empty());
    CHECK(merged.back()["runs"] == 60);
    CHECK(merged.back()["shards"] == json::array({0, 1}));
    CHECK(merged.back()["distinct_failures"] == merged.size() - 1);
    // Merging the merge with a shard it holds counts that shard once.
    const auto again = cli("merge merged.json shard1.json -o again.json");
    CHECK(again.err == "sagasim: warning: 'shard1.json' holds shards merged already; it is counted once\n");
    CHECK(json_lines(slurp(scratch() / "again.json")).back()["runs"] == 60);

    const auto other = cli("fuzz bench/one-order.yaml --runs 5 --json");
    CHECK(other.code == 0);
    write("other.json", other.out);
    const auto refused = cli("merge shard0.json other.json -o x.json");
    CHECK(refused.code == 2);
    CHECK(refused.err.rfind("sagasim: error: cannot merge 'shard0.json' and 'other.json': they ran different scenarios "
                            "(bench/generic-chaos.yaml sha256 ",
                            0) == 0);
    CHECK(refused.err.find(" and bench/one-order.yaml sha256 ") != std::string::npos);
    CHECK(!fs::exists(scratch() / "x.json"));
    CHECK(cli("merge shard0.json").err == "sagasim: error: merge needs -o OUT.json, the file to write\n");
    CHECK(cli("merge -o y.json").err ==
          "sagasim: error: merge takes at least one shard result (the output of sagasim fuzz --json)\n");
    CHECK(cli("merge shard0.json -o shard0.json").err ==
          "sagasim: error: -o 'shard0.json' is one of the shard results; choose another path\n");
    write("garbage.json", "hello\n");
    const auto bad = cli("merge garbage.json -o z.json");
    CHECK(bad.code == 3);
    CHECK(bad.err == "garbage.json:1:1: error: not a JSON line of sagasim fuzz --json\n");
    // nlohmann_json throws a number no double holds as out_of_range, not parse_error: it escaped
    // as an internal error (exit 70) before.
    write("huge.json", "{\"record\":\"summary\",\"runs\":1e999}\n");
    const auto huge = cli("merge huge.json -o z.json");
    CHECK(huge.code == 3);
    CHECK(huge.err == "huge.json:1:1: error: not a JSON line of sagasim fuzz --json\n");
    CHECK(cli("merge nowhere.json -o z.json").err == "nowhere.json:1:1: error: cannot read the file: No such file or directory\n");
}
