// libFuzzer target for the trace reader of `sagasim report` and the renderers behind it: any bytes
// go to parse_trace as `sagasim report TRACE` reads them. A TraceError with one diagnostic that
// points into the input (FILE:LINE:COL with the path given, a line the input has or the one after
// its last, a message) is the right answer to bad input; any other exception, a crash, a hang or a
// sanitizer report is a finding, and so is a difference between the reader's fast path and its
// full path (the same error or the same trace). A trace it accepts is rendered (the report's data and the
// Perfetto JSON), which must not throw either, and must be the same bytes twice. Built by
// -DSAGASIM_FUZZ=ON with clang; run by .ci/fuzz from fuzz/corpus/fuzz_trace_reader/ and traces
// recorded at run time.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <typeinfo>

#include "reports/perfetto.hpp"
#include "reports/report_data.hpp"
#include "reports/trace_reader.hpp"

namespace {

using namespace sagasim;

constexpr const char* kPath = "fuzz.jsonl";

[[noreturn]] void finding(const std::string& what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_trace_reader: %s: %s\n", what.c_str(), detail.c_str());
    std::abort();
}

size_t line_count(std::string_view text) {
    size_t n = 0;
    for (char c : text) n += c == '\n';
    return n + (text.empty() || text.back() != '\n' ? 1 : 0);
}

void check_error(const reports::TraceError& e, std::string_view text) {
    const auto& ds = e.diagnostics();
    if (ds.size() != 1) finding("a TraceError without exactly one diagnostic", e.what());
    const Diagnostic& d = ds[0];
    if (d.file != kPath) finding("a diagnostic names another file", d.str());
    if (d.line < 1 || size_t(d.line) > line_count(text) + 1) finding("a diagnostic's line is not in the input", d.str());
    if (d.column < 1) finding("a diagnostic's column is not positive", d.str());
    if (d.message.empty()) finding("a diagnostic without a message", d.str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // The fast path and the full one (trace_reader.hpp) agree: the same error, or the same trace.
    std::string full_error, full_report;
    try {
        full_report = reports::report_data_json(reports::parse_trace(text, kPath, reports::ReadPath::Full), 64);
    } catch (const reports::TraceError& e) {
        full_error = e.what();
    } catch (const std::exception& e) {
        finding("the full read path threw something other than a TraceError", std::string(typeid(e).name()) + ": " + e.what());
    }
    try {
        const reports::Trace trace = reports::parse_trace(text, kPath);
        if (!full_error.empty()) finding("the fast path accepted what the full path refuses", full_error);
        const std::string report = reports::report_data_json(trace, 64);
        const std::string perfetto = reports::render_perfetto(trace);
        if (report != reports::report_data_json(trace, 64) || perfetto != reports::render_perfetto(trace))
            finding("a trace rendered twice gives two outputs", std::string(text.substr(0, 200)));
        if (report != full_report) finding("the fast and the full read paths give two traces", std::string(text.substr(0, 200)));
    } catch (const reports::TraceError& e) {
        check_error(e, text);
        if (full_error != e.what()) finding("the fast and the full read paths give two errors", full_error + " | " + e.what());
    } catch (const std::exception& e) {
        finding("reading or rendering threw something other than a TraceError",
                std::string(typeid(e).name()) + ": " + e.what());
    }
    return 0;
}
