// `sagasim shrink` as a user meets it: usage errors word for word before any run, a seed that
// does not fail (exit 0, no file), a failure that cannot be made seed-free (exit 4, no file), and
// a shrunk file that validates, fails the same way under other seeds, says where it came from,
// and is the same bytes every time. Each test runs the real binary.
#include <catch2/catch.hpp>

#include "tests/cli_runner.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using sagasim::testing::slurp;

namespace {

fs::path scratch() {
    static const fs::path dir = [] {
        const fs::path d = ::sagasim::testing::scratch_dir("shrink");
        std::error_code ec;
        for (const char* sub : {"bench", "scenarios"})
            fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / sub, d / sub, ec);
        return d;
    }();
    return dir;
}

sagasim::testing::CliResult cli(const std::string& args) { return ::sagasim::testing::run_cli(scratch(), args); }

// No file but those named is left in the scratch directory's top level (no temporary file).
bool only(std::initializer_list<std::string> names) {
    for (const auto& e : fs::directory_iterator(scratch())) {
        const std::string n = e.path().filename().string();
        if (n == "bench" || n == "scenarios" || n == "stdout.txt" || n == "stderr.txt" || n == "blocker") continue;
        if (std::find(names.begin(), names.end(), n) == names.end()) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("shrink: bad input is a usage error naming the problem, before any run", "[shrink][cli]") {
    std::ofstream(scratch() / "blocker") << "a file, not a folder\n";
    const std::vector<std::pair<std::string, std::string>> cases{
        {"shrink bench/generic-chaos.yaml --seed 1", "shrink needs -o OUT.yaml, the file to write the shrunk scenario to"},
        {"shrink bench/generic-chaos.yaml bench/one-order.yaml -o x.yaml", "shrink takes one scenario file; 2 were given"},
        {"shrink bench/generic-chaos.yaml --seed -1 -o x.yaml", "--seed must be a decimal unsigned 64-bit integer, got '-1'"},
        {"shrink bench/generic-chaos.yaml -o blocker/x.yaml", "cannot write 'blocker/x.yaml': Not a directory"},
        {"shrink bench/generic-chaos.yaml -o bench/generic-chaos.yaml",
         "-o 'bench/generic-chaos.yaml' is the scenario file itself; choose another path"},
        {"shrink bench/generic-chaos.yaml -o x.yaml --max-replays 0", "--max-replays must be at least 1, got 0"},
        {"shrink bench/generic-chaos.yaml -o x.yaml --verify-seeds 9..3", "--verify-seeds 9..3 is reversed; write 3..9"},
        {"shrink bench/generic-chaos.yaml -o x.yaml --verify-seeds 4",
         "--verify-seeds must be A..B, two decimal unsigned 64-bit integers, got '4'"},
    };
    for (const auto& [args, message] : cases) {
        CAPTURE(args);
        const auto r = cli(args);
        CHECK(r.code == 2);
        CHECK(r.err == "sagasim: error: " + message + "\n");
        CHECK(r.out.empty());
    }
    CHECK(only({}));
}

TEST_CASE("shrink: a seed that violates no invariant says so and writes nothing", "[shrink][cli]") {
    const auto r = cli("shrink scenarios/seed-bugs/dead-letter-wedge-hardened.yaml -o none.yaml");
    CHECK(r.code == 0);
    CHECK(r.out ==
          "seed 1 of scenarios/seed-bugs/dead-letter-wedge-hardened.yaml violates no invariant: nothing to shrink, no "
          "file written\n");
    CHECK(only({}));
}

TEST_CASE("shrink: a service's replicas go to one when the failure does not need them", "[shrink][cli]") {
    // Two order replicas draw which one takes each createOrder request (rest.replica); the
    // unrefunded charge of a failed shipment needs neither, so the shrunk file has one and draws
    // nothing.
    std::ofstream(scratch() / "two-replicas.yaml")
        << "name: two-replicas\nreplicas: {order: 2}\ninventory: {SKU-1: 10}\n"
           "orders:\n  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
           "  - {at: 1s, sku: SKU-1, quantity: 1, price: \"5.00\"}\nshipment: {success-rate: 0}\n";
    const auto r = cli("shrink two-replicas.yaml -o one-replica.yaml");
    CHECK(r.code == 0);
    const std::string out = slurp(scratch() / "one-replica.yaml");
    CHECK(out.find("# Draws nothing at random but its orderNumbers and eventIds") != std::string::npos);
    CHECK(out.find("replicas:") == std::string::npos);
    fs::remove(scratch() / "two-replicas.yaml");
    fs::remove(scratch() / "one-replica.yaml");
}

TEST_CASE("shrink: a failure that still needs the seed's draws is not written as a reproduction", "[shrink][cli]") {
    // The payment's outcome must differ between two attempts of one order: a success rate of 0 or 1
    // cannot say that.
    const auto r = cli("shrink scenarios/seed-bugs/payment-reroll-after-crash.yaml -o reroll.yaml");
    CHECK(r.code == 4);
    CHECK(r.out.find("still drawn from the seed: payment success-rate\n") != std::string::npos);
    CHECK(r.out.find("the shrunk scenario does not fail the same way under seeds 3, 4, ") != std::string::npos);
    CHECK(r.out.find(" of 1..20 (under seed 3: no invariant was violated); no file written\n") != std::string::npos);
    CHECK(only({}));
}

TEST_CASE("shrink: the generic chaos mix shrinks to a seed-free file that fails the same way", "[shrink][cli]") {
    const auto r = cli("shrink bench/generic-chaos.yaml --seed 1 -o chaos-1.yaml");
    REQUIRE(r.code == 0);
    CHECK(r.out.find("target: no-charge-without-shipment (signature ") == 0);
    CHECK(r.out.find("shrunk: 20 orders, 5 faults, 929 steps -> 1 order, 1 fault, ") != std::string::npos);
    CHECK(r.out.find("fails the same way under seeds 1..20; written to chaos-1.yaml\n") != std::string::npos);
    CHECK(r.err.find("scenario=bench/generic-chaos.yaml sha256=") != std::string::npos);
    CHECK(r.err.find("\nshrink: ") != std::string::npos);  // progress: replays done, current size
    CHECK(r.err.find(" replays, now 1 orders, 1 faults, ") != std::string::npos);
    const std::string text = slurp(scratch() / "chaos-1.yaml");
    CHECK(text.find("# Shrunk by sagasim 0.1.0 (") == 0);
    CHECK(text.find("from bench/generic-chaos.yaml (sha256 ") != std::string::npos);
    CHECK(text.find(") at seed 1.\n# It violates no-charge-without-shipment with the original run's failure signature ") !=
          std::string::npos);
    CHECK(text.find("# Original: 20 orders, 5 faults, 929 steps. Shrunk: 1 order, 1 fault, ") != std::string::npos);
    CHECK(text.find("# Fails the same way under seeds 1..20.\n# Draws nothing at random but its orderNumbers") !=
          std::string::npos);
    CHECK(text.find("\nexpect:\n  violations: [no-charge-without-shipment]\n") != std::string::npos);
    CHECK(text.find("probability") == std::string::npos);
    CHECK(text.find("load:") == std::string::npos);
    CHECK(cli("validate chaos-1.yaml").code == 0);
    // Its expectation holds whatever the seed: the violation is pinned and found.
    for (const char* seed : {"1", "7", "123456789"}) {
        CAPTURE(seed);
        CHECK(cli(std::string("run chaos-1.yaml -q --seed ") + seed).code == 0);
    }
    // The same bytes again.
    REQUIRE(cli("shrink bench/generic-chaos.yaml --seed 1 -o chaos-1b.yaml").code == 0);
    CHECK(slurp(scratch() / "chaos-1b.yaml") == text);
    CHECK(only({"chaos-1.yaml", "chaos-1b.yaml"}));
}

TEST_CASE("shrink: a nemesis's slow-commit window becomes a slow-commit from/to with no by", "[shrink][cli]") {
    std::ofstream(scratch() / "nemesis-slow.yaml")
        << "name: nemesis-slow\nseed: 1\nrun: {until: 20s}\ninventory: {SKU-1: 15, SKU-2: 15}\n"
           "payment: {success-rate: 0.8}\nshipment: {success-rate: 0.9}\n"
           "load: {count: 20, rate: 5/s, skus: [SKU-1, SKU-2], quantity: [1, 3], price: [\"1.00\", \"50.00\"]}\n"
           "faults:\n  - nemesis: {kinds: [slow-commit], interval: 1s, duration: [200ms, 3s]}\n";
    const auto r = cli("shrink nemesis-slow.yaml --seed 1 -o nemesis-slow-1.yaml");
    REQUIRE(r.code == 0);
    const std::string text = slurp(scratch() / "nemesis-slow-1.yaml");
    CHECK(text.find("{nemesis:") == std::string::npos);
    CHECK(text.find("  - {slow-commit: {service: ") != std::string::npos);
    CHECK(text.find(", from: ") != std::string::npos);
    CHECK(text.find("by:") == std::string::npos);
    CHECK(cli("run nemesis-slow-1.yaml -q --seed 7").code == 0);
    fs::remove(scratch() / "nemesis-slow.yaml");
    fs::remove(scratch() / "nemesis-slow-1.yaml");
}

TEST_CASE("shrink --max-replays: the budget stops the candidates, and an unfinished result is not written", "[shrink][cli]") {
    const auto r = cli("shrink bench/generic-chaos.yaml --seed 1 -o budget.yaml --max-replays 10");
    CHECK(r.code == 4);
    CHECK(r.out.find(" (replay budget spent)\n") != std::string::npos);
    CHECK(r.out.find("still drawn from the seed: faults[4]: the nemesis's moves\n") != std::string::npos);
    CHECK(r.out.find("; no file written\n") != std::string::npos);
    for (const auto& e : fs::directory_iterator(scratch())) CHECK(e.path().filename().string().rfind("budget", 0) != 0);
}
