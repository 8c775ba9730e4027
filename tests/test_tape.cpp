// The decision tape (docs/tape-format.md): a recorded run replays to the same digest without its
// seed; an edited decision changes the run and the replay says where it left the tape; a tape for
// another scenario, a cut tape and every kind of bad tape get their message, word for word; and
// the paths --record-decisions may not write are refused before the run.
#include <catch2/catch.hpp>

#include "tests/cli_runner.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "sim/run/run.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/tape/tape_reader.hpp"
#include "sim/tape/tape_writer.hpp"

namespace fs = std::filesystem;
using namespace sagasim;

namespace {

using Result = sagasim::testing::CliResult;
using sagasim::testing::slurp;

fs::path scratch() {
    static const fs::path dir = ::sagasim::testing::scratch_dir("tape");
    return dir;
}

Result cli(const std::string& args) { return ::sagasim::testing::run_cli(scratch(), args); }

void write(const std::string& name, const std::string& text) { std::ofstream(scratch() / name, std::ios::binary) << text; }

// One order, one payment that succeeds, a duplicate of its OrderPlacedEvent.
const char* kScenario =
    "name: tape\n"
    "seed: 4\n"
    "run: {until: 10s}\n"
    "inventory: {SKU-1: 10}\n"
    "orders: [{at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}]\n"
    "payment: {success-rate: 0.9}\n"
    "faults:\n"
    "  - duplicate: {topic: order-placed-topic, probability: 0.5, id: dup}\n";

std::string digest_of(const std::string& out) {
    std::smatch m;
    static const std::regex re("digest ([0-9a-f]{16})");
    return std::regex_search(out, m, re) ? m[1].str() : "";
}

// The diagnostics of parsing `text` as t.tape, or "" if it parses.
std::string tape_errors(const std::string& text) {
    try {
        parse_tape(text, "t.tape");
    } catch (const TapeError& e) {
        return e.what();
    }
    return "";
}

// A trace's step lines: without its header (which names the seed or the tape) and its footer.
std::string trace_steps(const std::string& trace) {
    const size_t first = trace.find('\n') + 1;
    const size_t last = trace.rfind('\n', trace.size() - 2) + 1;
    return first < last ? trace.substr(first, last - first) : std::string();
}

// What a file written by `write_to` holds.
template <class Write>
std::string written(Write write_to) {
    std::FILE* f = std::tmpfile();
    write_to(f);
    std::string text(size_t(std::ftell(f)), '\0');
    std::rewind(f);
    text.resize(std::fread(text.data(), 1, text.size(), f));
    std::fclose(f);
    return text;
}

const std::string kHeader =
    "sagasim-tape 1\nscenario s.yaml\nsha256 " + std::string(64, 'a') + "\nseed 3\n";

}  // namespace

TEST_CASE("tape: a recorded run replays to the same digest, with no seed", "[tape][cli]") {
    write("s.yaml", kScenario);
    const Result rec = cli("run s.yaml --seed 11 --record-decisions run.tape");
    REQUIRE(rec.code == 0);
    const std::string tape = slurp(scratch() / "run.tape");
    CHECK(tape.rfind("sagasim-tape 1\nscenario s.yaml\nsha256 ", 0) == 0);
    CHECK(tape.find("\nseed 11\n") != std::string::npos);
    CHECK(tape.find(" payment.outcome - ") != std::string::npos);
    CHECK(tape.find(" fault.acts dup ") != std::string::npos);
    CHECK(tape.find("\nend ") != std::string::npos);
    const Result rep = cli("run s.yaml --replay-decisions run.tape");
    REQUIRE(rep.code == 0);
    CHECK(digest_of(rep.out) == digest_of(rec.out));
    CHECK(rep.out.find(" seed=11 tape=run.tape\n") != std::string::npos);
    CHECK(std::regex_search(rep.out, std::regex("\nreplay: ([0-9]+) decisions of \\1 taken from run.tape; the digest "
                                                "is the recorded one\n")));
    CHECK(rep.out.find("Reproduce with: sagasim run s.yaml --replay-decisions run.tape\n") != std::string::npos);
    CHECK(rep.err.empty());
    // Recording a replay gives the same tape.
    REQUIRE(cli("run s.yaml --replay-decisions run.tape --record-decisions again.tape").code == 0);
    CHECK(slurp(scratch() / "again.tape") == tape);
}

TEST_CASE("tape: an edited decision changes the run, the replay says where it left the tape", "[tape][cli]") {
    write("s.yaml", kScenario);
    REQUIRE(cli("run s.yaml --seed 11 --record-decisions run.tape").code == 0);
    std::string tape = slurp(scratch() / "run.tape");
    // The payment outcome: accepted (1) in the recording, declined (0) in the edit.
    const std::regex payment("( payment.outcome - [0-9a-f]{16} 0 )1( o=1\n)");
    REQUIRE(std::regex_search(tape, payment));
    write("edited.tape", std::regex_replace(tape, payment, "$010$2", std::regex_constants::format_first_only));
    const Result r = cli("run s.yaml --replay-decisions edited.tape --json");
    CHECK(r.code == 0);
    CHECK(r.out.find("\"PAYMENT_FAILED\": 1") != std::string::npos);
    CHECK(r.out.find("\"diverged\": true") != std::string::npos);
    CHECK(std::regex_search(r.out, std::regex("\"divergence\": \"decision [0-9]+ \\(edited.tape:[0-9]+\\): the tape "
                                              "(has|chose among)")));
}

TEST_CASE("tape: a tie chosen otherwise permutes concurrent steps", "[tape][cli]") {
    write("s.yaml", kScenario);
    REQUIRE(cli("run s.yaml --seed 11 --record-decisions run.tape --trace a.jsonl").code == 0);
    const std::string tape = slurp(scratch() / "run.tape");
    const std::regex tie("( tie.event - 0000000000000000 0 )0/2\n");
    REQUIRE(std::regex_search(tape, tie));
    write("tie.tape", std::regex_replace(tape, tie, "$011/2\n", std::regex_constants::format_first_only));
    const Result r = cli("run s.yaml --replay-decisions tie.tape --trace b.jsonl --record-decisions again.tape");
    CHECK(r.code == 0);
    CHECK(trace_steps(slurp(scratch() / "a.jsonl")) != trace_steps(slurp(scratch() / "b.jsonl")));
    // The replay's own tape writes the choice it was given, not the seed's.
    CHECK(slurp(scratch() / "again.tape").find(" tie.event - 0000000000000000 0 1/2\n") != std::string::npos);
}

TEST_CASE("tape: which replica takes a REST request is a decision, asked only of a service with several up",
          "[tape][cli]") {
    // Three createOrder requests to an order service of two replicas; replica 2 is paused until
    // 2 s (a request it takes waits), then down from 2.5 s, so the third request (3 s) asks nothing.
    write("r.yaml",
          "name: rest\nrun: {until: 10s}\nreplicas: {order: 2}\ninventory: {SKU-1: 10}\n"
          "orders: [{at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}, {at: 1s, sku: SKU-1, quantity: 1, price: \"5.00\"},\n"
          "         {at: 3s, sku: SKU-1, quantity: 1, price: \"5.00\"}]\n"
          "faults:\n  - pause: {service: order, replica: 2, from: 0s, to: 2s}\n"
          "  - crash: {service: order, replica: 2, at: 2500ms, restart-after: 5s}\n");
    REQUIRE(cli("run r.yaml --seed 5 --record-decisions rest.tape --trace a.jsonl").code == 0);
    const std::string tape = slurp(scratch() / "rest.tape");
    const std::regex asked(" rest\\.replica - [0-9a-f]{16} 0 ([01])\n");
    const auto n = std::distance(std::sregex_iterator(tape.begin(), tape.end(), asked), std::sregex_iterator());
    CHECK(n == 2);
    // The other replica for the first request: the run changes.
    std::smatch m;
    REQUIRE(std::regex_search(tape, m, asked));
    const std::string flipped = tape.substr(0, size_t(m.position(1))) + (m[1] == "0" ? "1" : "0") +
                                tape.substr(size_t(m.position(1)) + 1);
    write("flipped.tape", flipped);
    REQUIRE(cli("run r.yaml --replay-decisions flipped.tape --trace b.jsonl").code == 0);
    CHECK(trace_steps(slurp(scratch() / "a.jsonl")) != trace_steps(slurp(scratch() / "b.jsonl")));
}

TEST_CASE("tape: a tape for another scenario is replayed up to its divergence, with a warning", "[tape][cli]") {
    write("s.yaml", kScenario);
    REQUIRE(cli("run s.yaml --seed 11 --record-decisions run.tape").code == 0);
    // The same world but another fault: its draws are not on the tape.
    write("t.yaml", std::regex_replace(kScenario, std::regex("id: dup"), "id: dup2"));
    const Result r = cli("run t.yaml --replay-decisions run.tape");
    CHECK(r.code == 0);
    CHECK(std::regex_search(r.err, std::regex("^sagasim: warning: run.tape was recorded for a scenario with sha256 "
                                              "[0-9a-f]{64}, not this one \\([0-9a-f]{64}\\); it is replayed up to its "
                                              "first divergence\n$")));
    CHECK(std::regex_search(r.out, std::regex("\nreplay: [0-9]+ decisions of [0-9]+ taken from run.tape; diverged at "
                                              "decision [0-9]+ \\(run.tape:[0-9]+\\): the tape has fault.acts of "
                                              "fault 'dup' for order 1, the run asks for fault.acts of fault 'dup2' "
                                              "for order 1; the run went on from seed 11\n")));
}

TEST_CASE("tape: a cut tape is replayed as far as it goes, with a warning", "[tape][cli]") {
    write("s.yaml", kScenario);
    REQUIRE(cli("run s.yaml --seed 11 --record-decisions run.tape").code == 0);
    const std::string tape = slurp(scratch() / "run.tape");
    // The header and the first five decisions.
    size_t cut = 0;
    for (int lines = 0; lines < 10; ++lines) cut = tape.find('\n', cut) + 1;
    write("cut.tape", tape.substr(0, cut));
    const Result r = cli("run s.yaml --replay-decisions cut.tape");
    CHECK(r.code == 0);
    CHECK(r.err == "sagasim: warning: cut.tape has no end line (it was cut short after 5 decisions); it is replayed as "
                   "far as it goes\n");
    CHECK(std::regex_search(r.out, std::regex("\nreplay: 5 decisions of 5 taken from cut.tape; diverged at decision 6: "
                                              "the tape ends after 5 decisions, the run asks for [a-z.]+")));
}

TEST_CASE("tape: the paths --record-decisions may not write are refused before the run", "[tape][cli]") {
    write("s.yaml", kScenario);
    REQUIRE(cli("run s.yaml --record-decisions run.tape").code == 0);
    Result r = cli("run s.yaml --replay-decisions run.tape --record-decisions run.tape");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: --record-decisions 'run.tape' is the tape being replayed; choose another path\n");
    CHECK(r.out.empty());
    r = cli("run s.yaml --record-decisions no-dir/x.tape");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: cannot write 'no-dir/x.tape': No such file or directory\n");
    r = cli("run s.yaml --record-decisions s.yaml");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: --record-decisions 's.yaml' is the scenario file itself; choose another path\n");
    r = cli("run s.yaml --replay-decisions run.tape --seed 3");
    CHECK(r.code == 2);
    CHECK(r.err ==
          "sagasim: error: --seed and --replay-decisions exclude each other: the tape holds the seed it was recorded "
          "with\n");
}

TEST_CASE("tape: bad tapes on the command line are located errors, exit 3", "[tape][cli]") {
    write("s.yaml", kScenario);
    write("bad.tape", "name: x\n");
    Result r = cli("run s.yaml --replay-decisions bad.tape");
    CHECK(r.code == 3);
    CHECK(r.err == "bad.tape:1:1: error: not a decision tape (it does not begin with 'sagasim-tape 1')\n");
    CHECK(r.out.empty());
    r = cli("run s.yaml --replay-decisions missing.tape");
    CHECK(r.code == 3);
    CHECK(r.err == "missing.tape:1:1: error: cannot read the file: No such file or directory\n");
    fs::create_directories(scratch() / "dir.tape");
    r = cli("run s.yaml --replay-decisions dir.tape");
    CHECK(r.code == 3);
    CHECK(r.err == "dir.tape:1:1: error: cannot read the file: Is a directory\n");
    // Larger than 256 MiB: refused while it is read, not after.
    {
        std::ofstream big(scratch() / "big.tape", std::ios::binary);
        big << kHeader;
        big.seekp(std::streamoff(kTapeBytesMax) + 10);
        big << '\n';
    }
    r = cli("run s.yaml --replay-decisions big.tape");
    CHECK(r.code == 3);
    CHECK(r.err == "big.tape:1:1: error: the file has more than 268435456 bytes; a decision tape may have at most "
                   "268435456 (256 MiB)\n");
    fs::remove(scratch() / "big.tape");
}

TEST_CASE("tape writer: one writer reused for many runs writes each tape as a new writer would", "[tape]") {
    // Twenty orders and faults: many subjects and orders in the writer's caches, which a new tape
    // keeps; the runner is reused too, as the benchmark and sagasim fuzz reuse both.
    const Scenario sc = load_scenario_file(std::string(SAGASIM_SOURCE_DIR) + "/bench/twenty-orders-faults.yaml");
    Runner runner(sc);
    TapeWriter reused(sc);
    std::string previous;
    for (const uint64_t seed : {1, 2, 3, 2}) {
        const auto record = [&](TapeWriter& w, std::FILE* f) {
            RunOptions o = seeded(seed);
            o.recorder = &w;
            const RunResult r = runner.run(o);
            w.finish(r.steps, r.digest);
            CHECK(w.bytes() == uint64_t(std::ftell(f)));
        };
        const std::string fresh = written([&](std::FILE* f) {
            TapeWriter w(f, sc, seed);
            record(w, f);
        });
        const std::string again = written([&](std::FILE* f) {
            reused.begin(f, seed);
            record(reused, f);
        });
        CHECK(again == fresh);
        CHECK(parse_tape(again, "t.tape").seed == seed);
        CHECK(fresh != previous);  // each seed's tape is its own
        previous = fresh;
    }
}

TEST_CASE("tape writer: a fault id of the longest length the loader takes is written whole", "[tape]") {
    const std::string id(64, 'x');
    std::string yaml = kScenario;
    yaml.replace(yaml.find("id: dup"), 7, "id: " + id);
    const Scenario sc = load_scenario_text(yaml, "s.yaml");
    const std::string tape = written([&](std::FILE* f) {
        TapeWriter w(f, sc, 4);
        RunOptions o = seeded(4);
        o.recorder = &w;
        const RunResult r = run_scenario(sc, o);
        w.finish(r.steps, r.digest);
    });
    CHECK(tape.find(" fault.acts " + id + " ") != std::string::npos);
    const Tape t = parse_tape(tape, "t.tape");
    CHECK(t.fault_ids == std::vector<std::string>{id});
}

TEST_CASE("tape reader: every problem of a tape, located", "[tape]") {
    CHECK(tape_errors("") == "t.tape:1:1: error: the file is empty; a decision tape begins with 'sagasim-tape 1'");
    CHECK(tape_errors("sagasim-tape 2\n") ==
          "t.tape:1:14: error: tape format version '2' is not supported; this sagasim reads version 1");
    CHECK(tape_errors("sagasim-tape 1\nscenario s.yaml\n") ==
          "t.tape:2:1: error: the tape ends inside its header (it needs scenario, sha256 and seed lines)");
    CHECK(tape_errors("sagasim-tape 1\nscenario s.yaml\nsha256 abc\nseed 1\n") ==
          "t.tape:3:1: error: expected 'sha256 HEX (64 lowercase hex digits)' in the tape's header");
    CHECK(tape_errors(kHeader + "1 kafka.latncy - 0000000000000001 0 5\n") ==
          "t.tape:5:3: error: unknown decision site 'kafka.latncy'; did you mean 'kafka.latency'?");
    CHECK(tape_errors(kHeader + "1 kafka.latency - 00000001 0 5\n") ==
          "t.tape:5:19: error: expected a subject of 16 hex digits, got '00000001'");
    CHECK(tape_errors(kHeader + "1 kafka.latency - 0000000000000001 0 fast\n") ==
          "t.tape:5:38: error: expected an integer for kafka.latency, got 'fast'");
    CHECK(tape_errors(kHeader + "1 payment.outcome - 0000000000000001 0 2\n") ==
          "t.tape:5:40: error: expected 0 or 1 for payment.outcome, got '2'");
    CHECK(tape_errors(kHeader + "1 tie.event - 0000000000000000 0 2/2\n") ==
          "t.tape:5:34: error: expected CHOSEN/CANDIDATES (0 <= CHOSEN < CANDIDATES, at least 2 candidates) for "
          "tie.event, got '2/2'");
    CHECK(tape_errors(kHeader + "1 fault.acts a!b 0000000000000001 0 1\n") ==
          "t.tape:5:14: error: expected '-' or a fault id, got 'a!b'");
    CHECK(tape_errors(kHeader + "1 kafka.latency - 0000000000000001 0 5 order=1\n") ==
          "t.tape:5:40: error: expected o=ORDER, got 'order=1'");
    CHECK(tape_errors(kHeader + "1 kafka.latency - 0000000000000001\n") ==
          "t.tape:5:1: error: expected 'STEP SITE FAULT SUBJECT INDEX VALUE [o=ORDER]', got 4 fields");
    CHECK(tape_errors(kHeader + "1 kafka.latency - 0000000000000001 0 5\nend 2 9 0123456789abcdef\n") ==
          "t.tape:6:5: error: the end line counts 2 decisions but the tape has 1 (it was cut or lines were added or "
          "removed)");
    CHECK(tape_errors(kHeader + "end 0 9 0123456789abcdef\n1 kafka.latency - 0000000000000001 0 5\n") ==
          "t.tape:6:1: error: nothing may follow the 'end' line but comments");
    CHECK(tape_errors(kHeader + std::string("1 kafka.latency - 0000000000000001 0 5\0\n", 41)) ==
          "t.tape:5:39: error: not a text file (it contains a NUL byte)");
    CHECK(tape_errors(kHeader + "1 kafka.latency\t- 0000000000000001 0 5\n") ==
          "t.tape:5:16: error: unexpected character 0x09 in a decision tape");
    CHECK(tape_errors(kHeader + std::string(2000, '#') + "\n") ==
          "t.tape:5:1025: error: the line has 2000 characters; a tape line may have at most 1024");
    // A bad header line stops the reading: nothing after it is read as the wrong header line.
    CHECK(tape_errors("sagasim-tape 1\t\nscenario s.yaml\n") ==
          "t.tape:1:15: error: unexpected character 0x09 in a decision tape");
    // Every problem, not only the first.
    CHECK(tape_errors(kHeader + "x kafka.latency - 0000000000000001 0 5\n1 kafka.latency - 0000000000000001 0 y\n") ==
          "t.tape:5:1: error: expected a step number, got 'x'\n"
          "t.tape:6:38: error: expected an integer for kafka.latency, got 'y'");
}

TEST_CASE("tape reader: comments, blank lines, CRLF and every value kind", "[tape]") {
    const Tape t = parse_tape(kHeader +
                                  "# a comment\r\n\n"
                                  "7 order.number - 00000000000000ab 0 0123456789abcdef0123456789abcdef o=1\r\n"
                                  "8 event.id - 00000000000000ab 1 00000000000000ff o=1\n"
                                  "9 tie.partition - 0000000000000003 2 1/3\n"
                                  "9 fault.value lost-pf 00000000000000ab 0 -5\n"
                                  "end 4 10 0123456789abcdef\n# after the end: comments only\n",
                              "t.tape");
    CHECK(t.complete);
    CHECK(t.seed == 3);
    CHECK(t.scenario == "s.yaml");
    REQUIRE(t.entries.size() == 4);
    CHECK(t.entries[0].site == Site::OrderNumber);
    CHECK(t.entries[0].hi_bits == 0x0123456789abcdefULL);
    CHECK(t.entries[0].value == 0x0123456789abcdefULL);
    CHECK(t.entries[0].order == 1);
    CHECK(t.entries[0].line == 7);
    CHECK(t.entries[1].value == 0xff);
    CHECK(t.entries[2].value == 1);
    CHECK(t.entries[2].candidates == 3);
    CHECK(t.entries[2].subject == 3);
    CHECK(t.entries[2].index == 2);
    CHECK(int64_t(t.entries[3].value) == -5);
    REQUIRE(t.fault_ids == std::vector<std::string>{"lost-pf"});
    CHECK(t.entries[3].fault == 1);
    CHECK(t.end_steps == 10);
    CHECK(t.end_digest == "0123456789abcdef");
}
