// `sagasim merge SHARD.json... -o OUT.json`: the JSON Lines results of a campaign's shards
// (`sagasim fuzz --json`) combined into one (sim/explore/merge.hpp), written whole or not at all.
// The exit code is the merged campaign's: 0 nothing failed, 1 something did, 4 only inconclusive.
#include <cstdio>
#include <filesystem>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "sim/cli/cli.hpp"
#include "sim/cli/options.hpp"
#include "sim/explore/merge.hpp"
#include "sim/explore/report.hpp"
#include "sim/scenario/errors.hpp"

namespace po = boost::program_options;

namespace sagasim::cli {
namespace {

std::string read_all(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputError({Diagnostic{path, 1, 1, "cannot read the file: it is a directory"}});
    std::FILE* in = std::fopen(path.c_str(), "rb");
    if (in == nullptr) throw InputError({Diagnostic{path, 1, 1, fmt::format("cannot read the file: {}", std::strerror(errno))}});
    std::string text;
    char buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) text.append(buf, n);
    std::fclose(in);
    return text;
}

}  // namespace

int cmd_merge(const std::vector<std::string>& args) {
    po::options_description opts("sagasim merge SHARD.json... -o OUT.json");
    opts.add_options()("help,h", "show this help")("output,o", po::value<std::string>(),
                                                   "write the merged result (JSON Lines) to this file");
    const std::optional<po::variables_map> parsed = parse_command(args, opts, "shard result");
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    const std::vector<std::string> files = files_of(vm);
    if (files.empty()) throw UsageError("merge takes at least one shard result (the output of sagasim fuzz --json)");
    if (!vm.count("output")) throw UsageError("merge needs -o OUT.json, the file to write");
    const std::string output = vm["output"].as<std::string>();
    for (const std::string& f : files) {
        std::error_code ec;
        if (std::filesystem::equivalent(output, f, ec))
            throw UsageError(fmt::format("-o '{}' is one of the shard results; choose another path", output));
    }
    std::vector<ShardFile> shards;
    for (const std::string& f : files) shards.push_back(ShardFile{f, read_all(f)});
    Merged merged;
    try {
        merged = merge_results(shards);
    } catch (const MergeRefused& e) {
        throw UsageError(e.what());
    }
    for (const std::string& w : merged.warnings) std::fprintf(stderr, "sagasim: warning: %s\n", w.c_str());
    OutputFile out(output);
    std::fputs(merged.jsonl().c_str(), out.get());
    out.commit();
    const nlohmann::json& s = merged.summary;
    std::printf("merged %zu shard result%s: %llu runs, %llu failed, %llu inconclusive, %zu distinct failure%s -> %s\n",
                files.size(), files.size() == 1 ? "" : "s", (unsigned long long)s["runs"].get<uint64_t>(),
                (unsigned long long)s["failed"].get<uint64_t>(), (unsigned long long)s["inconclusive"].get<uint64_t>(),
                merged.failures.size(), merged.failures.size() == 1 ? "" : "s", output.c_str());
    return campaign_exit_code(s["verdict"].get<std::string>());
}

}  // namespace sagasim::cli
