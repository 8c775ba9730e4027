// libFuzzer target for the decision tape reader and its replay: any bytes go to parse_tape as
// `sagasim run --replay-decisions` reads them. A TapeError whose diagnostics each point into the
// input (FILE:LINE:COL with the path given, a message) is the right answer to bad input; any other
// exception, a crash, a hang, a sanitizer report, a diagnostic that points nowhere or a parsed
// Tape that breaks a guarantee of tape_format.hpp and tape_reader.cpp is a finding. A tape that
// parses is then replayed, as the command line does, against the small scenario below (bounded by
// its run.until and run.max-steps) by one Runner reused across inputs: the run must return
// normally (a SIM_ASSERT's InternalError is a finding), the replay must account for the tape, and
// a second run of the same tape must give the same digest (the Runner resets everything). Built
// by -DSAGASIM_FUZZ=ON with clang, linked to the whole simulator (sagasim_sim); run by .ci/fuzz
// from fuzz/corpus/fuzz_tape_reader/ with fuzz/tape_reader.dict.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "sim/faults/fault_table.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/run/run.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/tape/tape_reader.hpp"
#include "sim/tape/tape_replay.hpp"

namespace {

using namespace sagasim;

const std::string kPath = "fuzz.tape";

// The scenario every parsed tape is replayed against: one order, a payment provider and a carrier
// that sometimes decline, and three probabilistic faults with ids (a delay that draws its length,
// a duplicate, a payment crash after its publish that restarts), so that a tape can reach every
// kind of value but the nemesis's and the load's. Kept between the R"yaml( and )yaml" lines so
// that fuzz/corpus/README.md can cut it out to record tapes of it.
const char* const kScenario =
R"yaml(
name: fuzz-tape
seed: 1
run: {until: 10s, max-steps: 20000}
inventory: {SKU-1: 10}
orders:
  - {at: 0s, sku: SKU-1, quantity: 2, price: "5.00"}
payment: {success-rate: 0.5}
shipment: {success-rate: 0.8}
faults:
  - delay: {topic: "*", probability: 0.3, by: [1ms, 50ms], id: slow}
  - duplicate: {topic: order-placed-topic, probability: 0.5, id: dup}
  - crash: {service: payment, point: after-publish, probability: 0.5, restart-after: 1s, id: boom}
)yaml";

[[noreturn]] void finding(const char* what, const std::string& detail = "") {
    std::fprintf(stderr, "fuzz_tape_reader: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
    std::abort();
}

void require(bool ok, const char* what) {
    if (!ok) finding(what);
}

// The input's lines as the reader counts them: split at '\n', a last line without one counts.
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t nl = text.find('\n', pos);
        out.push_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    return out;
}

bool lower_hex(std::string_view t, size_t digits) {
    if (t.size() != digits) return false;
    for (char c : t)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// A TapeError: at least one diagnostic (at most the list's limit and its "too many" line), each
// naming the path given and pointing at a line of the input and a column of that line (or just
// past its end), with a message.
void check_error(const TapeError& e, const std::vector<std::string_view>& lines) {
    const std::vector<Diagnostic>& ds = e.diagnostics();
    require(!ds.empty(), "a TapeError without a diagnostic");
    require(ds.size() <= DiagnosticList::kDiagnosticsMax + 1, "a TapeError with more diagnostics than the limit");
    for (const Diagnostic& d : ds) {
        if (d.file != kPath) finding("a diagnostic names another file", d.str());
        if (d.line < 1 || d.column < 1) finding("a diagnostic before line 1 or column 1", d.str());
        if (d.message.empty()) finding("a diagnostic without a message", d.str());
        // An empty input has no line; its diagnostic is at 1:1.
        const size_t count = lines.empty() ? 1 : lines.size();
        if (size_t(d.line) > count) finding("a diagnostic past the last line", d.str());
        const size_t length = lines.empty() ? 0 : lines[size_t(d.line) - 1].size();
        if (size_t(d.column) > length + 1) finding("a diagnostic past the end of its line", d.str());
    }
}

// The number of decisions the `end` line of a complete tape states: the last line that is not
// blank and not a comment (only comments may follow it).
bool end_line_count(const std::vector<std::string_view>& lines, uint64_t& count) {
    for (size_t i = lines.size(); i-- > 4;) {
        std::string_view l = lines[i];
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l.empty() || l[0] == '#' || l.find_first_not_of(' ') == std::string_view::npos) continue;
        l.remove_prefix(l.find_first_not_of(' '));
        if (l.substr(0, 4) != "end ") return false;
        l.remove_prefix(4);
        l.remove_prefix(std::min(l.find_first_not_of(' '), l.size()));
        const std::string_view n = l.substr(0, l.find(' '));
        if (n.empty() || n.size() > 20) return false;
        count = 0;
        for (char c : n) {
            if (c < '0' || c > '9') return false;
            count = count * 10 + uint64_t(c - '0');
        }
        return true;
    }
    return false;
}

// What a parsed tape guarantees (tape_format.hpp and the reader).
void check_tape(const Tape& t, const std::vector<std::string_view>& lines) {
    require(t.path == kPath, "Tape::path is not the path given");
    require(lines.size() >= 4, "a tape parsed without its four header lines");
    require(lower_hex(t.sha256, 64), "Tape::sha256 is not 64 lowercase hex digits");
    std::set<std::string> ids;
    for (const std::string& id : t.fault_ids) {
        require(!id.empty() && id.size() <= 64 && id != "-", "a fault id that the reader should refuse");
        require(ids.insert(id).second, "a fault id listed twice in Tape::fault_ids");
    }
    std::vector<bool> used(t.fault_ids.size(), false);
    int previous_line = 4;
    for (const TapeEntry& e : t.entries) {
        require(int(e.site) >= 0 && int(e.site) < kSiteCount, "an entry's site is not below kSiteCount");
        require(e.fault <= t.fault_ids.size(), "an entry's fault index is past Tape::fault_ids");
        if (e.fault != 0) used[e.fault - 1] = true;
        require(e.line > previous_line && size_t(e.line) <= lines.size(),
                "entries' lines are not increasing lines of the input after the header");
        previous_line = e.line;
        switch (value_kind(e.site)) {
            case ValueKind::Choice:
                require(e.candidates >= 2 && e.value < e.candidates, "a Choice entry outside 0 <= value < candidates");
                break;
            case ValueKind::Bool: require(e.value <= 1, "a Bool entry that is neither 0 nor 1"); break;
            case ValueKind::Int:
            case ValueKind::Bits64: require(e.hi_bits == 0, "an entry other than 128 bits with high bits"); break;
            case ValueKind::Bits128: break;
        }
    }
    for (bool u : used) require(u, "a fault id in Tape::fault_ids that no entry names");
    if (t.complete) {
        uint64_t count = 0;
        require(end_line_count(lines, count), "a complete tape whose last line is not its end line");
        require(count == t.entries.size(), "a complete tape whose end line counts other than its entries");
        require(lower_hex(t.end_digest, 16), "a complete tape whose end digest is not 16 hex digits");
    } else {
        require(t.end_digest.empty() && t.end_steps == 0, "a tape without an end line with an end digest or steps");
    }
}

// The scenario and one Runner, built once and reused for every input.
struct World {
    Scenario scenario = load_scenario_text(kScenario, "fuzz-tape.yaml");
    std::vector<FaultIdentity> faults = fault_identities(scenario.faults);
    Runner runner{scenario};
};

World& world() {
    static World w;
    return w;
}

RunResult replay_run(const Tape& tape, TapeReplay& replay) {
    RunOptions o;
    o.seed = tape.seed;
    o.replay = &replay;
    o.tape = tape.path;
    try {
        return world().runner.run(o);
    } catch (const InternalError& e) {
        finding("the replay stopped at a SIM_ASSERT", e.what());
    } catch (const std::exception& e) {
        finding("the replay threw", std::string(typeid(e).name()) + ": " + e.what());
    }
}

void replay(const Tape& tape) {
    TapeReplay first(tape, world().faults);
    const RunResult a = replay_run(tape, first);
    require(first.replayed() <= tape.entries.size(), "the replay took more decisions than the tape has");
    require(first.replayed() == tape.entries.size() || !first.divergence().empty(),
            "the replay left decisions of the tape untaken without saying why");
    require(!a.digest.empty(), "a replayed run without a digest");
    TapeReplay second(tape, world().faults);
    const RunResult b = replay_run(tape, second);
    if (a.digest != b.digest || a.steps != b.steps || first.replayed() != second.replayed())
        finding("a tape replayed twice by the reused Runner gives two runs",
                a.digest + " after " + std::to_string(a.steps) + " steps, then " + b.digest + " after " +
                    std::to_string(b.steps));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    try {
        world();
    } catch (const std::exception& e) {
        finding("the embedded scenario does not load", e.what());
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<std::string_view> lines = lines_of(text);
    Tape tape;
    try {
        tape = parse_tape(text, kPath);
    } catch (const TapeError& e) {
        check_error(e, lines);
        return 0;
    } catch (const std::exception& e) {
        finding("parse_tape threw something other than a TapeError",
                std::string(typeid(e).name()) + ": " + e.what());
    }
    check_tape(tape, lines);
    replay(tape);
    return 0;
}
