// The renderers of reports/ through the command line and the library: `run --report` and `report
// TRACE` give the same bytes, a run gives the same report every time, markup in a scenario's strings
// stays inert, the page fetches nothing, the window past the ceiling, the Perfetto file's fields
// and flows, and the trace reader's errors (word for word, exit 3) and unwritable outputs (exit 2).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "reports/report_data.hpp"
#include "reports/trace_reader.hpp"
#include "tests/cli_runner.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using sagasim::testing::run_cli;
using sagasim::testing::slurp;

namespace {

fs::path scratch() {
    static const fs::path dir = sagasim::testing::scratch_dir("reports");
    return dir;
}

std::string source(const std::string& rel) { return (fs::path(SAGASIM_SOURCE_DIR) / rel).string(); }

// The failing run the tests render: generic chaos at seed 3 (five violations, faults, crashes).
const std::string& failing_trace() {
    static const std::string path = [] {
        const auto r = run_cli(scratch(), "run '" + source("bench/generic-chaos.yaml") +
                                              "' --seed 3 --trace failing.jsonl --report run.html --perfetto run.json -q");
        REQUIRE(r.code == 1);
        return (scratch() / "failing.jsonl").string();
    }();
    return path;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t nl = text.find('\n', pos);
        out.push_back(text.substr(pos, nl - pos));
        pos = nl == std::string::npos ? text.size() : nl + 1;
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines, size_t n) {
    std::string s;
    for (size_t i = 0; i < n && i < lines.size(); ++i) s += lines[i] + "\n";
    return s;
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// `report FILE -o out.html` of a file holding `text`: the error it prints, exit code 3, no output.
std::string report_error(const std::string& name, const std::string& text) {
    std::ofstream(scratch() / name, std::ios::binary) << text;
    fs::remove(scratch() / "bad.html");
    const auto r = run_cli(scratch(), "report " + name + " -o bad.html");
    CHECK(r.code == 3);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(scratch() / "bad.html"));
    return r.err;
}

}  // namespace

TEST_CASE("report: run --report and report of the run's trace write the same bytes", "[reports]") {
    const std::string trace = failing_trace();
    const auto r = run_cli(scratch(), "report failing.jsonl -o again.html --perfetto again.json");
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    const std::string html = slurp(scratch() / "run.html");
    REQUIRE(html.size() > 10000);
    CHECK(html == slurp(scratch() / "again.html"));
    CHECK(slurp(scratch() / "run.json") == slurp(scratch() / "again.json"));
    // No temporary file is left beside the outputs.
    for (const auto& e : fs::directory_iterator(scratch()))
        CHECK(e.path().filename().string().find(".tmp-sagasim-") == std::string::npos);
}

TEST_CASE("report: the same run gives a byte-identical report", "[reports]") {
    (void)failing_trace();
    const auto r = run_cli(scratch(), "run '" + source("bench/generic-chaos.yaml") + "' --seed 3 --report twice.html -q");
    CHECK(r.code == 1);
    CHECK(slurp(scratch() / "twice.html") == slurp(scratch() / "run.html"));
}

TEST_CASE("report: the page is one file with its data inline and nothing to fetch", "[reports]") {
    (void)failing_trace();
    const std::string html = slurp(scratch() / "run.html");
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(count(html, "<script") == 2);
    CHECK(count(html, "</script>") == 2);
    CHECK(html.find("<script type=\"application/json\" id=\"sagasim-data\">{\"format\":\"sagasim-report\"") !=
          std::string::npos);
    CHECK(html.find("http:") == std::string::npos);
    CHECK(html.find("https:") == std::string::npos);
    CHECK(html.find(" src=") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("fetch(") == std::string::npos);
    CHECK(html.find("XMLHttpRequest") == std::string::npos);
    CHECK(html.find("innerHTML") == std::string::npos);  // every string is set with textContent
    // The markers of the template are all filled.
    CHECK(html.find("@DATA@") == std::string::npos);
    CHECK(html.find("/*@JS@*/") == std::string::npos);
    CHECK(html.find("/*@CSS@*/") == std::string::npos);
}

TEST_CASE("report: markup in a scenario's strings is inert in the page's data", "[reports]") {
    const auto r = run_cli(scratch(), "run '" + source("tests/data/reports/markup-in-names.yaml") + "' --report markup.html -q");
    REQUIRE(r.code == 0);
    const std::string html = slurp(scratch() / "markup.html");
    CHECK(count(html, "</script") == 2);
    CHECK(count(html, "<script") == 2);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("alert(1)") != std::string::npos);
    CHECK(html.find("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e") != std::string::npos);
    CHECK(html.find("\\u003cimg src=x onerror=alert(2)\\u003e\\u2028\\u0026amp;") != std::string::npos);
    CHECK(html.find("\xe2\x80\xa8") == std::string::npos);
    CHECK(html.find("\xe2\x80\xa9") == std::string::npos);
}

TEST_CASE("report: make_inert escapes what could end a script element, and nothing else", "[reports]") {
    std::string j = "{\"a\":\"</script>&\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xa7\"}";
    sagasim::reports::make_inert(j);
    CHECK(j == "{\"a\":\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\xe2\x80\xa7\"}");
    CHECK(json::parse(j).at("a") == "</script>&\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xa7");
}

TEST_CASE("report: past its ceiling the report keeps a window around the first violation and says so", "[reports]") {
    using namespace sagasim::reports;
    const Trace t = read_trace_file(failing_trace());
    REQUIRE(t.steps.size() > 500);
    REQUIRE(t.violations.size() == 5);
    const json whole = json::parse(report_data_json(t));
    CHECK(whole.at("window") == json{{"first", 1}, {"last", t.steps.size()}, {"total", t.steps.size()}, {"ceiling", kReportStepsMax}});
    CHECK(whole.at("steps").size() == t.steps.size());
    const json cut = json::parse(report_data_json(t, 100));
    const uint64_t v = t.violations.front().step;
    CHECK(cut.at("window") == json{{"first", v - 50}, {"last", v + 49}, {"total", t.steps.size()}, {"ceiling", 100}});
    CHECK(cut.at("steps").size() == 100);
    CHECK(cut.at("steps")[0][0] == t.steps[v - 51].t);
    // The orders, the violations and the header are the whole run's (their strings are numbered
    // in the order each data set first uses them).
    const auto orders = [](const json& d) {
        json out = json::array();
        for (json o : d.at("orders")) {
            for (size_t i = 1; i < o.at(3).size(); i += 2) o.at(3)[i] = d.at("strings").at(o.at(3)[i].get<size_t>());
            if (o.at(4).get<int64_t>() >= 0) o.at(4) = d.at("strings").at(o.at(4).get<size_t>());
            out.push_back(o);
        }
        return out;
    };
    CHECK(orders(cut) == orders(whole));
    CHECK(orders(cut).size() == 20);
    CHECK(cut.at("violations") == whole.at("violations"));
    CHECK(cut.at("footer") == whole.at("footer"));
}

TEST_CASE("report: the data names each order's statuses over time and the fault windows", "[reports]") {
    using namespace sagasim::reports;
    const Trace t = read_trace_file(failing_trace());
    const json d = json::parse(report_data_json(t));
    const auto& S = d.at("strings");
    REQUIRE(d.at("orders").size() == 20);
    std::map<std::string, int> final_status;
    for (const json& o : d.at("orders")) {
        REQUIRE(o.at(3).size() >= 2);
        CHECK(S.at(o.at(3)[1].get<size_t>()) == "PENDING");
        final_status[S.at(o.at(3)[o.at(3).size() - 1].get<size_t>()).get<std::string>()]++;
    }
    CHECK(final_status == std::map<std::string, int>{{"PAYMENT_FAILED", 3}, {"SHIPMENT_FAILED", 1}, {"SHIPPED", 16}});
    // Crashes to their restarts, and the nemesis's windows.
    std::set<std::string> kinds;
    for (const json& b : d.at("bands")) {
        CHECK(b.at(1).get<uint64_t>() <= b.at(2).get<uint64_t>());
        kinds.insert(S.at(b.at(4).get<size_t>()).get<std::string>());
    }
    CHECK(kinds.count("crash") == 1);
    CHECK(kinds.size() >= 2);
    CHECK(d.at("reproduce") == "sagasim run " + source("bench/generic-chaos.yaml") + " --seed 3");
}

TEST_CASE("report: the Perfetto file has each phase's fields and its flows pair up", "[reports]") {
    (void)failing_trace();
    const json p = json::parse(slurp(scratch() / "run.json"));
    REQUIRE(p.at("traceEvents").is_array());
    std::map<std::string, std::pair<int, int>> flows;  // id -> (starts, finishes)
    std::map<std::string, std::pair<int, int>> orders;
    std::set<std::pair<int, int>> named, used;
    std::map<std::string, int> phases;
    for (const json& e : p.at("traceEvents")) {
        CAPTURE(e.dump());
        const std::string ph = e.at("ph");
        phases[ph]++;
        REQUIRE(e.at("name").is_string());
        REQUIRE(e.at("pid").is_number_integer());
        REQUIRE(e.at("tid").is_number_integer());
        const std::pair<int, int> thread{e.at("pid").get<int>(), e.at("tid").get<int>()};
        if (ph == "M") {
            REQUIRE(e.at("args").is_object());
            if (e.at("name") == "thread_name") named.insert(thread);
            continue;
        }
        REQUIRE(e.at("ts").is_number_unsigned());
        if (ph == "X") {
            REQUIRE(e.at("dur").is_number_unsigned());
            used.insert(thread);
        } else if (ph == "s" || ph == "f") {
            REQUIRE(e.at("id").is_string());
            REQUIRE(e.at("cat") == "record");
            auto& f = flows[e.at("id")];
            (ph == "s" ? f.first : f.second)++;
            if (ph == "f") CHECK(e.at("bp") == "e");
        } else if (ph == "b" || ph == "e") {
            REQUIRE(e.at("id").is_string());
            REQUIRE(e.at("cat") == "order");
            auto& o = orders[e.at("id")];
            (ph == "b" ? o.first : o.second)++;
        } else if (ph == "i") {
            CHECK(e.at("s") == "t");
            used.insert(thread);
        } else {
            FAIL("unexpected phase " << ph);
        }
    }
    REQUIRE(flows.size() > 20);
    for (const auto& [id, f] : flows) {
        CAPTURE(id);
        CHECK(f == std::pair<int, int>{1, 1});
    }
    CHECK(orders.size() == 20);
    for (const auto& [id, o] : orders) CHECK(o == std::pair<int, int>{1, 1});
    for (const auto& t : used) CHECK(named.count(t) == 1);  // every thread with events has a name
    CHECK(phases["i"] >= 5 + 2);                            // the violations and the faults
    CHECK(p.at("otherData").at("verdict") == "FAIL");
}

namespace {

// A read trace in words, its strings by value: what the two read paths must agree on.
std::string described(const sagasim::reports::Trace& t) {
    const auto str = [&](int32_t id) { return id < 0 ? std::string("-") : t.strings.at(id); };
    std::string out = t.header.dump() + "\n" + t.footer.dump() + "\n";
    for (const auto& s : t.steps)
        out += fmt::format("{} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {}\n", s.step,
                           s.t, s.cause, s.offset, s.append, s.order, s.lane, s.attempt, s.readers, s.outbox,
                           s.partition, s.kind, s.copy, str(s.service), str(s.topic), str(s.event), str(s.event_id),
                           str(s.fault), str(s.fault_kind), str(s.outcome), str(s.note), str(s.from), str(s.to),
                           str(s.failure), str(s.timer), str(s.why), str(s.writes), s.violation);
    for (const auto& v : t.violations)
        out += fmt::format("{} {} {} {} {} {} {}\n", v.step, v.invariant, v.order_number, v.subject, v.expected,
                           v.actual, fmt::join(v.history, ","));
    for (const auto& w : t.status_writes) out += fmt::format("{} {} {}\n", w.step, w.order, str(w.status));
    return out;
}

}  // namespace

TEST_CASE("report: the reader's fast path reads every shipped scenario's trace as the full path does", "[reports]") {
    using namespace sagasim::reports;
    size_t traces = 0;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(SAGASIM_SOURCE_DIR) / "scenarios")) {
        if (e.path().extension() != ".yaml") continue;
        const auto r = run_cli(scratch(), "run '" + e.path().string() + "' --trace each.jsonl -q");
        CAPTURE(e.path().string(), r.err);
        REQUIRE((r.code == 0 || r.code == 1 || r.code == 4));
        const std::string text = slurp(scratch() / "each.jsonl");
        const Trace fast = parse_trace(text, "t", ReadPath::Fast), full = parse_trace(text, "t", ReadPath::Full);
        CHECK(described(fast) == described(full));
        CHECK(report_data_json(fast) == report_data_json(full));
        ++traces;
    }
    CHECK(traces > 30);
}

TEST_CASE("report: a trace the reader refuses names the line and column, exit 3", "[reports]") {
    const std::string text = slurp(failing_trace());
    const std::vector<std::string> lines = lines_of(text);
    REQUIRE(lines.size() > 20);

    CHECK(report_error("empty.jsonl", "") == "empty.jsonl:1:1: error: the file is empty; a trace begins with a header record\n");
    CHECK(report_error("text.jsonl", "hello\n") ==
          "text.jsonl:1:1: error: not a sagasim trace (it does not begin with "
          "{\"record\":\"header\",\"format\":\"sagasim-trace\",...})\n");
    CHECK(report_error("tape.jsonl", "sagasim-tape 1\nscenario x.yaml\n") ==
          "tape.jsonl:1:1: error: not a sagasim trace (it does not begin with "
          "{\"record\":\"header\",\"format\":\"sagasim-trace\",...})\n");

    std::string v2 = lines[0];
    const size_t at = v2.find("\"version\":1");
    REQUIRE(at != std::string::npos);
    v2.replace(at, 11, "\"version\":2");
    CHECK(report_error("v2.jsonl", v2 + "\n" + joined(lines, lines.size()).substr(lines[0].size() + 1)) ==
          "v2.jsonl:1:" + std::to_string(at + 1) +
              ": error: trace format version 2 is not supported; this sagasim reads version 1\n");

    CHECK(report_error("short.jsonl", joined(lines, 10)) ==
          "short.jsonl:10:1: error: the trace ends after step 9 without its footer record (it was cut short)\n");
    const std::string half = lines[10].substr(0, 25);
    CHECK(report_error("cut.jsonl", joined(lines, 10) + half) ==
          "cut.jsonl:11:26: error: the trace is cut short in the middle of line 11 (no newline and no footer record)\n");

    std::vector<std::string> gap = lines;
    gap.erase(gap.begin() + 5);
    CHECK(report_error("gap.jsonl", joined(gap, gap.size())) ==
          "gap.jsonl:6:2: error: expected step 5, got step 6 (steps are numbered 1, 2, 3, ... with no gap)\n");

    std::vector<std::string> extra = lines;
    extra[3].insert(1, "\"zzz\":1,");
    CHECK(report_error("key.jsonl", joined(extra, extra.size())) ==
          "key.jsonl:4:2: error: unknown key 'zzz' in a step record\n");

    std::vector<std::string> broken = lines;
    broken[7] = broken[7].substr(0, 30) + "}";
    CHECK(report_error("json.jsonl", joined(broken, broken.size())).rfind(
              "json.jsonl:8:", 0) == 0);
    CHECK(report_error("json.jsonl", joined(broken, broken.size())).find(
              ": error: invalid JSON (a trace has one JSON object per line)\n") != std::string::npos);

    // A number no double holds is refused where it stands, as bad JSON (nlohmann_json throws it as
    // out_of_range, not parse_error: a finding of fuzz_trace_reader, that escaped the reader).
    std::vector<std::string> huge = lines;
    const size_t time_at = huge[4].find("\"t\":");
    REQUIRE(time_at != std::string::npos);
    huge[4].replace(time_at + 4, huge[4].find(',', time_at) - time_at - 4, "1e999");
    CHECK(report_error("huge.jsonl", joined(huge, huge.size())) ==
          "huge.jsonl:5:" + std::to_string(time_at + 5) + ": error: invalid JSON: the number 1e999 is out of range\n");
    CHECK(report_error("huge-header.jsonl", "{\"record\":\"header\",\"seed\":1e999}\n") ==
          "huge-header.jsonl:1:1: error: not a sagasim trace (it does not begin with "
          "{\"record\":\"header\",\"format\":\"sagasim-trace\",...})\n");

    // A cause that names no earlier step, 0 included (the writer leaves 'cause' out instead), is
    // refused by the fast path as by the full one (a finding of fuzz_trace_reader).
    for (const std::string cause : {"0", "4"}) {
        std::vector<std::string> bad = lines;
        REQUIRE(bad[2].find("\"cause\"") == std::string::npos);
        bad[2].insert(1, "\"cause\":" + cause + ",");
        CHECK(report_error("cause.jsonl", joined(bad, bad.size())) ==
              "cause.jsonl:3:2: error: step 2's cause " + cause + " is not an earlier step\n");
    }
    // A key twice in one object is refused, not read as one of its values.
    std::vector<std::string> twice = lines;
    REQUIRE(twice[3].find("\"cause\":2") != std::string::npos);
    twice[3].insert(1, "\"cause\":1,");
    CHECK(report_error("twice.jsonl", joined(twice, twice.size())) ==
          "twice.jsonl:4:2: error: key 'cause' appears twice in one object\n");

    std::vector<std::string> after = lines;
    after.push_back(lines[1]);
    CHECK(report_error("after.jsonl", joined(after, after.size())) ==
          "after.jsonl:" + std::to_string(after.size()) + ":1: error: nothing may follow the footer record\n");

    std::vector<std::string> lane = lines;
    lane[2] = std::regex_replace(lane[2], std::regex("\"lane\":[0-9]+"), "\"lane\":9999");
    CHECK(report_error("lane.jsonl", joined(lane, lane.size())) ==
          "lane.jsonl:3:" + std::to_string(lane[2].find("\"lane\"") + 1) +
              ": error: lane 9999 is not one of the header's 117 lanes\n");

    std::vector<std::string> nul = lines;
    nul[4][9] = '\0';
    CHECK(report_error("nul.jsonl", joined(nul, nul.size())) == "nul.jsonl:5:10: error: not a text file (it contains a NUL byte)\n");

    // Oversized: refused from its size, before it is read (a sparse file).
    {
        std::ofstream(scratch() / "big.jsonl") << lines[0] << "\n";
        fs::resize_file(scratch() / "big.jsonl", sagasim::reports::kTraceBytesMax + 1);
        const auto r = run_cli(scratch(), "report big.jsonl -o bad.html");
        CHECK(r.code == 3);
        CHECK(r.err == "big.jsonl:1:1: error: the file has more than 1073741824 bytes; a trace may have at most "
                       "1073741824 (1 GiB)\n");
        fs::remove(scratch() / "big.jsonl");
    }
    fs::create_directories(scratch() / "a-dir.jsonl");
    const auto dir = run_cli(scratch(), "report a-dir.jsonl -o bad.html");
    CHECK(dir.code == 3);
    CHECK(dir.err == "a-dir.jsonl:1:1: error: cannot read the file: Is a directory\n");
    const auto missing = run_cli(scratch(), "report missing.jsonl -o bad.html");
    CHECK(missing.code == 3);
    CHECK(missing.err == "missing.jsonl:1:1: error: cannot read the file: No such file or directory\n");
}

TEST_CASE("report: an unwritable output is a usage error before anything is read or run", "[reports]") {
    const auto r = run_cli(scratch(), "report missing.jsonl -o /nonexistent-dir/out.html");
    CHECK(r.code == 2);  // not 3: the trace was never opened
    CHECK(r.err == "sagasim: error: cannot write '/nonexistent-dir/out.html': No such file or directory\n");
    const auto p = run_cli(scratch(), "report missing.jsonl --perfetto /nonexistent-dir/out.json");
    CHECK(p.code == 2);
    const auto run = run_cli(scratch(), "run '" + source("bench/generic-chaos.yaml") + "' --report /nonexistent-dir/out.html");
    CHECK(run.code == 2);
    CHECK(run.out.empty());  // not even the header line: nothing ran
    CHECK(run.err == "sagasim: error: cannot write '/nonexistent-dir/out.html': No such file or directory\n");
    const auto usage = run_cli(scratch(), "report missing.jsonl");
    CHECK(usage.code == 2);
    CHECK(usage.err == "sagasim: error: report needs -o OUT.html or --perfetto OUT.json\n");
    (void)failing_trace();
    const auto self = run_cli(scratch(), "report failing.jsonl -o failing.jsonl");
    CHECK(self.code == 2);
    CHECK(self.err == "sagasim: error: -o 'failing.jsonl' is the trace itself; choose another path\n");
}

namespace {

// The data of a page: the JSON of its <script type="application/json"> element.
json page_data(const std::string& html) {
    const std::string open = "<script type=\"application/json\" id=\"sagasim-data\">";
    const size_t a = html.find(open);
    REQUIRE(a != std::string::npos);
    const size_t b = html.find("</script>", a);
    REQUIRE(b != std::string::npos);
    return json::parse(html.substr(a + open.size(), b - a - open.size()));
}

}  // namespace

TEST_CASE("report: fuzz --out writes the campaign page and each failure's timeline", "[reports]") {
    const std::string cmd = "fuzz '" + source("bench/generic-chaos.yaml") + "' --runs 12 --json --out ";
    const auto r = run_cli(scratch(), cmd + "campaign");
    REQUIRE(r.code == 1);
    size_t failures = 0;
    for (size_t at = r.out.find("\"record\":\"failure\""); at != std::string::npos;
         at = r.out.find("\"record\":\"failure\"", at + 1))
        ++failures;
    REQUIRE(failures >= 1);
    const std::string index = slurp(scratch() / "campaign" / "index.html");
    const json d = page_data(index);
    CHECK(d.at("summary").at("verdict") == "fail");
    REQUIRE(d.at("failures").size() == failures);
    REQUIRE(d.at("timelines").size() == failures);
    REQUIRE(d.at("shrunk").size() == failures);
    for (size_t i = 0; i < failures; ++i) {
        CAPTURE(i);
        const std::string timeline = d.at("timelines")[i];
        CHECK(timeline.rfind("generic-chaos/", 0) == 0);
        // Each timeline is the report of the failure's first run: its seed, its digest, a violation.
        const json t = page_data(slurp(scratch() / "campaign" / timeline));
        CHECK(t.at("footer").at("verdict") == "FAIL");
        CHECK(t.at("footer").at("digest") == d.at("failures")[i].at("digest"));
        CHECK(t.at("violations").size() >= 1);
        const std::string tape = d.at("tapes")[i];
        if (!tape.empty()) CHECK(fs::is_regular_file(scratch() / "campaign" / tape));
        // Its repro line is the failure's: a tape replays what its seed alone does not.
        if (!tape.empty()) CHECK(t.at("reproduce") == d.at("failures")[i].at("repro"));
        // A shrunk scenario is linked where the failure names one, and is there.
        const json& named = d.at("failures")[i].at("shrunk");
        const std::string shrunk = d.at("shrunk")[i];
        CHECK(named.is_string() == !shrunk.empty());
        if (!shrunk.empty()) CHECK(fs::is_regular_file(scratch() / "campaign" / shrunk));
    }
    CHECK(count(index, "<script") == 2);
    // The same campaign gives the same page (the paths in it are the --out folder's).
    fs::remove_all(scratch() / "campaign");
    const auto again = run_cli(scratch(), cmd + "campaign");
    CHECK(again.code == 1);
    CHECK(slurp(scratch() / "campaign" / "index.html") == index);
}

TEST_CASE("report: the campaign page links each shrunk scenario", "[reports]") {
    // Plain random seeds replay alone, so fuzz --out shrinks their failures.
    const auto r = run_cli(scratch(), "fuzz '" + source("bench/generic-chaos.yaml") +
                                          "' --runs 3 --strategy random --json --out shrunk-campaign");
    REQUIRE(r.code == 1);
    const json d = page_data(slurp(scratch() / "shrunk-campaign" / "index.html"));
    size_t links = 0;
    for (size_t i = 0; i < d.at("failures").size(); ++i) {
        const std::string shrunk = d.at("shrunk")[i];
        CHECK(d.at("failures")[i].at("shrunk").is_string() == !shrunk.empty());
        if (shrunk.empty()) continue;
        ++links;
        CHECK(shrunk.rfind("generic-chaos/", 0) == 0);
        CHECK(fs::is_regular_file(scratch() / "shrunk-campaign" / shrunk));
    }
    CHECK(links >= 1);
}
