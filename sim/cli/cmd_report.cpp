// `sagasim report TRACE -o OUT.html [--perfetto OUT.json]`: renders a saved trace (`run --trace`)
// without re-running anything, and the renderers' part of `run --report` and `run --perfetto`,
// which render the trace of the run they just made: both paths go through write_reports, so the
// same run gives the same bytes either way.
#include <cstdio>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "reports/html_report.hpp"
#include "reports/perfetto.hpp"
#include "reports/trace_reader.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/options.hpp"

namespace po = boost::program_options;

namespace sagasim::cli {

void write_reports(const reports::Trace& trace, OutputFile* html, OutputFile* perfetto) {
    const auto write = [](OutputFile& out, const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), out.get());
        out.commit();
    };
    if (html != nullptr) write(*html, reports::render_html_report(trace));
    if (perfetto != nullptr) write(*perfetto, reports::render_perfetto(trace));
}

int cmd_report(const std::vector<std::string>& args) {
    po::options_description opts("sagasim report TRACE -o OUT.html [options]");
    opts.add_options()("help,h", "show this help")("output,o", po::value<std::string>(),
                                                   "write the HTML timeline of the trace to this file")(
        "perfetto", po::value<std::string>(), "write the trace in Chrome Trace Event format (ui.perfetto.dev) to this file");
    const std::optional<po::variables_map> parsed = parse_command(args, opts, "trace file");
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    const std::vector<std::string> named = files_of(vm);
    if (named.size() != 1) throw UsageError(fmt::format("report takes one trace file (written by run --trace); {} were given", named.size()));
    if (!vm.count("output") && !vm.count("perfetto")) throw UsageError("report needs -o OUT.html or --perfetto OUT.json");
    // The outputs are opened first: an unwritable path stops before the trace is read.
    std::optional<OutputFile> html, perfetto;
    if (vm.count("output")) {
        refuse_overwrite(vm["output"].as<std::string>(), named[0], "-o", "trace");
        html.emplace(vm["output"].as<std::string>());
    }
    if (vm.count("perfetto")) {
        refuse_overwrite(vm["perfetto"].as<std::string>(), named[0], "--perfetto", "trace");
        perfetto.emplace(vm["perfetto"].as<std::string>());
    }
    const reports::Trace trace = reports::read_trace_file(named[0]);
    write_reports(trace, html ? &*html : nullptr, perfetto ? &*perfetto : nullptr);
    return 0;
}

}  // namespace sagasim::cli
