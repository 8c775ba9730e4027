// The command line as a user meets it: exit codes, the header line, usage errors word for word,
// --json, --trace (whole JSON Lines, no temporary file left), and list/validate/schema. Each
// test runs the real binary in a scratch directory.
#include <catch2/catch.hpp>

#include "tests/cli_runner.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

using Result = sagasim::testing::CliResult;
using sagasim::testing::slurp;

fs::path scratch() {
    static const fs::path dir = ::sagasim::testing::scratch_dir("cli");
    return dir;
}

// Runs `sagasim ARGS` in the scratch directory.
Result cli(const std::string& args) { return ::sagasim::testing::run_cli(scratch(), args); }

void write(const std::string& name, const std::string& text) { std::ofstream(scratch() / name, std::ios::binary) << text; }

const char* kPassing =
    "name: cli-pass\n"
    "seed: 7\n"
    "inventory: {SKU-1: 12}\n"
    "orders:\n"
    "  - {at: 0s, sku: SKU-1, quantity: 4, price: \"15.50\"}\n"
    "expect:\n"
    "  final: {SHIPPED: 1}\n"
    "  stock: {SKU-1: 8}\n";

}  // namespace

TEST_CASE("run: a passing scenario exits 0 and prints header, summary, digest and repro", "[cli]") {
    write("pass.yaml", kPassing);
    const Result r = cli("run pass.yaml");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("sagasim 0.1.0 (", 0) == 0);
    CHECK(r.out.find(") scenario=pass.yaml sha256=") != std::string::npos);
    CHECK(r.out.find(" seed=7\n") != std::string::npos);
    CHECK(r.out.find("orders: 1 created; SHIPPED 1\n") != std::string::npos);
    CHECK(r.out.find("\nPASS\nReproduce with: sagasim run pass.yaml --seed 7\n") != std::string::npos);
    CHECK(r.out.find(" (drained), digest ") != std::string::npos);
}

TEST_CASE("run: --seed overrides the scenario's seed, the digest depends on it", "[cli]") {
    write("load.yaml",
          "name: cli-load\nseed: 1\ninventory: {SKU-1: 1000}\n"
          "load: {count: 50, rate: 100/s, skus: [SKU-1], quantity: [1, 2], price: [\"1.00\", \"9.00\"]}\n");
    const Result a = cli("run load.yaml --seed 5 --json");
    const Result b = cli("run load.yaml --seed 5 --json");
    const Result c = cli("run load.yaml --seed 6 --json");
    REQUIRE(a.code == 0);
    const auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out), jc = nlohmann::json::parse(c.out);
    CHECK(ja["seed"] == 5);
    CHECK(ja["digest"] == jb["digest"]);
    CHECK(ja["digest"] != jc["digest"]);
    CHECK(ja["verdict"] == "PASS");
    CHECK(ja["reproduce"] == "sagasim run load.yaml --seed 5");
    // With --json the header line goes to stderr, so stdout is pure JSON.
    CHECK(a.err.find("scenario=load.yaml") != std::string::npos);
}

TEST_CASE("run: a failed expectation exits 1 and says what was expected and what happened", "[cli]") {
    write("fail.yaml",
          "name: cli-fail\nseed: 7\ninventory: {SKU-1: 12}\n"
          "orders:\n  - {at: 0s, sku: SKU-1, quantity: 4, price: \"15.50\"}\n"
          "expect:\n  final: {FAILED: 1}\n");
    const Result r = cli("run fail.yaml");
    CHECK(r.code == 1);
    CHECK(r.out.find("FAIL expect.final: expected FAILED=1; got SHIPPED=1\n") != std::string::npos);
}

TEST_CASE("run: usage errors exit 2 with a clear message", "[cli]") {
    write("pass.yaml", kPassing);
    for (const char* bad : {"-1", "0x10", "1e3", "+5", "18446744073709551616", ""}) {
        CAPTURE(bad);
        const Result r = cli(std::string("run pass.yaml --seed '") + bad + "'");
        CHECK(r.code == 2);
        CHECK(r.err == std::string("sagasim: error: --seed must be a decimal unsigned 64-bit integer, got '") + bad +
                           "'\n");
    }
    CHECK(cli("run pass.yaml --seed 18446744073709551615").code == 0);
    Result r = cli("run pass.yaml --se 3");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: unrecognised option '--se'\n");
    r = cli("frobnicate");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: unknown command 'frobnicate'; see 'sagasim --help'\n");
    r = cli("run");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: run takes at least one scenario file (or a folder of them)\n");
    r = cli("run pass.yaml --color sometimes");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: --color must be auto, always or never, got 'sometimes'\n");
}

TEST_CASE("run: an invalid scenario exits 3 with a located error", "[cli]") {
    write("bad.yaml", "name: cli-bad\nseed: 7\nrun: {quiesce: 5}\n");
    const Result r = cli("run bad.yaml");
    CHECK(r.code == 3);
    CHECK(r.err.rfind("bad.yaml:3:", 0) == 0);
    CHECK(r.out.empty());
    const Result missing = cli("run does-not-exist.yaml");
    CHECK(missing.code == 3);
    CHECK(missing.err.rfind("does-not-exist.yaml:1:1: error: cannot read the file: ", 0) == 0);
}

TEST_CASE("run: --trace writes a header, every step and a footer as JSON Lines, whole, and leaves no temporary file",
          "[cli]") {
    write("pass.yaml", kPassing);
    fs::remove(scratch() / "trace.jsonl");
    const Result r = cli("run pass.yaml --trace trace.jsonl --json");
    REQUIRE(r.code == 0);
    const auto summary = nlohmann::json::parse(r.out);
    std::ifstream in(scratch() / "trace.jsonl");
    std::string line;
    uint64_t n = 0;
    bool saw_append = false, saw_commit = false;
    REQUIRE(std::getline(in, line));
    const auto header = nlohmann::json::parse(line);
    CHECK(header["record"] == "header");
    CHECK(header["format"] == "sagasim-trace");
    CHECK(header["seed"] == summary["seed"]);
    nlohmann::json last;
    while (std::getline(in, line)) {
        last = nlohmann::json::parse(line);
        if (last.contains("record")) break;
        CHECK(last["step"] == n + 1);
        saw_append |= last["kind"] == "append";
        saw_commit |= last["kind"] == "commit";
        ++n;
    }
    CHECK(last["record"] == "footer");
    CHECK(last["digest"] == summary["digest"]);
    CHECK_FALSE(std::getline(in, line));
    CHECK(n == summary["steps"].get<uint64_t>());
    CHECK(saw_append);
    CHECK(saw_commit);
    CHECK_FALSE(fs::exists(scratch() / "trace.jsonl.tmp-sagasim"));
}

TEST_CASE("run: an output path equal to the scenario is refused", "[cli]") {
    write("pass.yaml", kPassing);
    const Result r = cli("run pass.yaml --trace pass.yaml");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: --trace 'pass.yaml' is the scenario file itself; choose another path\n");
    CHECK(slurp(scratch() / "pass.yaml") == kPassing);
}

TEST_CASE("validate, list and schema", "[cli]") {
    write("pass.yaml", kPassing);
    write("bad.yaml", "name: Bad Name\n");
    Result r = cli("validate pass.yaml");
    CHECK(r.code == 0);
    CHECK(r.out == "pass.yaml: ok (cli-pass)\n");
    r = cli("validate pass.yaml bad.yaml");
    CHECK(r.code == 3);
    CHECK(r.err.rfind("bad.yaml:1:7: error: ", 0) == 0);
    r = cli("list invariants");
    CHECK(r.code == 0);
    CHECK(r.out.find("legal-transition") != std::string::npos);
    CHECK(r.out.find("saga-terminates") != std::string::npos);
    r = cli("list topics");
    CHECK(r.out.find("payment-failed-topic             read by order-service, inventory-service\n") !=
          std::string::npos);
    CHECK(r.out.find("order-paid-topic.DLT             read by nothing (declared by the order service, never "
                     "written)\n") != std::string::npos);
    CHECK(r.out.find("payment-succeeded-topic-dlt      read by nothing (where the order service's recoverer "
                     "sends; exists only on a broker that creates topics on first use)\n") != std::string::npos);
    r = cli("list faults");
    CHECK(r.out.find("duplicate") != std::string::npos);
    r = cli("list nothing");
    CHECK(r.code == 2);
    r = cli("schema");
    CHECK(r.code == 0);
    const auto schema = nlohmann::json::parse(r.out);
    CHECK(schema["$schema"] == "http://json-schema.org/draft-07/schema#");
    r = cli("schema --markdown");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("<!-- Generated by `sagasim schema --markdown`", 0) == 0);
    CHECK(r.out.find("| `faults[].duplicate.id` | [id](#id) | ") != std::string::npos);
    r = cli("schema --bogus");
    CHECK(r.code == 2);
    r = cli("schema extra");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: schema takes no arguments\n");
}

TEST_CASE("run: a scenario path that is not UTF-8 is shown with U+FFFD in --json and --trace", "[cli]") {
    const std::string name = std::string("odd-\xff.yaml");
    write(name, kPassing);
    const Result r = cli("run '" + name + "' --json --trace odd.jsonl");
    CHECK(r.code == 0);
    const auto summary = nlohmann::json::parse(r.out);
    CHECK(summary["scenario"] == "odd-\xef\xbf\xbd.yaml");
    std::ifstream in(scratch() / "odd.jsonl");
    std::string header;
    REQUIRE(std::getline(in, header));
    CHECK(nlohmann::json::parse(header)["scenario"] == "odd-\xef\xbf\xbd.yaml");
}

TEST_CASE("run: a folder runs each scenario in it, then a total, and exits with the worst", "[cli]") {
    fs::remove_all(scratch() / "many");
    fs::create_directories(scratch() / "many");
    write("many/a-pass.yaml", kPassing);
    std::string failing = kPassing;
    failing.replace(failing.find("final: {SHIPPED: 1}"), 19, "final: {FAILED: 1}");
    write("many/b-fail.yaml", failing);
    write("many/notes.txt", "not a scenario");
    Result r = cli("run many");
    CHECK(r.code == 1);
    CHECK(r.out.find("scenario=many/a-pass.yaml") != std::string::npos);
    CHECK(r.out.find("scenario=many/b-fail.yaml") != std::string::npos);
    CHECK(r.out.find("notes.txt") == std::string::npos);
    CHECK(r.out.find("\ntotal: 2 runs, 1 passed, 1 failed, 0 inconclusive\n") != std::string::npos);
    r = cli("run many/a-pass.yaml many/a-pass.yaml");
    CHECK(r.code == 0);
    CHECK(r.out.find("\ntotal: 2 runs, 2 passed, 0 failed, 0 inconclusive\n") != std::string::npos);
    r = cli("run many --trace t.jsonl");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: --trace takes one scenario file; 2 were given\n");
    write("many/c-bad.yaml", "name: x\nfualts: []\n");
    r = cli("run many");
    CHECK(r.code == 3);
    CHECK(r.out.find("scenario=") == std::string::npos);  // nothing ran
}

TEST_CASE("run: --trace - writes the trace to stdout and the summary to stderr", "[cli]") {
    write("pass.yaml", kPassing);
    Result r = cli("run pass.yaml --trace -");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("{\"record\":\"header\"", 0) == 0);
    CHECK(r.out.find("Reproduce with") == std::string::npos);
    CHECK(r.err.find("\nPASS\nReproduce with: sagasim run pass.yaml --seed 7\n") != std::string::npos);
    r = cli("run pass.yaml --trace - --json");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: --trace - and --json both want stdout; give --trace a file\n");
}

TEST_CASE("run: the repro line is shell-quoted", "[cli]") {
    write("it's a scenario.yaml", kPassing);
    const Result r = cli("run \"it's a scenario.yaml\"");
    CHECK(r.code == 0);
    CHECK(r.out.find("Reproduce with: sagasim run 'it'\\''s a scenario.yaml' --seed 7\n") != std::string::npos);
}
