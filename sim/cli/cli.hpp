// The command line's shared pieces: the usage error (exit 2), strict number parsing for seeds,
// the subcommands' entry points, and an output file that is written whole or not at all.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sagasim::reports {
struct Trace;
}

namespace sagasim::cli {

// A mistake on the command line: printed as "sagasim: error: ..." with exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A decimal unsigned 64-bit integer and nothing else: "-1", "0x10", "1e3", "+5", "" and values
// above 2^64-1 are refused with a UsageError naming `what`.
uint64_t parse_u64(const std::string& text, const std::string& what);

// Writes to `path` + ".tmp-sagasim-<pid>" and renames it onto `path` at commit(); a file never
// committed is removed (also on SIGINT, SIGTERM, SIGHUP and SIGPIPE), so an interrupted run leaves
// neither a half file nor a temporary one. The constructor refuses (UsageError, "cannot write
// 'PATH': why") an empty path, a directory and a place where no file can be created, before
// anything runs. A device or FIFO (/dev/null, /dev/stdout) is written in place; a symbolic link
// keeps pointing at the file it names, which is replaced.
class OutputFile {
public:
    explicit OutputFile(std::string path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    std::FILE* get() const { return file_; }
    void commit();

private:
    std::string path_;    // as given, for messages
    std::string target_;  // the file that is replaced: path_, or what its symbolic link names
    std::string tmp_;     // empty when writing in place
    std::FILE* file_ = nullptr;
    std::atomic<const char*>* slot_ = nullptr;  // where the signal handler finds tmp_
};

// Refuses (UsageError) an output path that names the same file as an input (`what` it is).
void refuse_overwrite(const std::string& output, const std::string& input, const std::string& option,
                      const std::string& what = "scenario file");

int cmd_run(const std::vector<std::string>& args);
int cmd_validate(const std::vector<std::string>& args);
int cmd_list(const std::vector<std::string>& args);
int cmd_schema(const std::vector<std::string>& args);
int cmd_fuzz(const std::vector<std::string>& args);
int cmd_merge(const std::vector<std::string>& args);
int cmd_shrink(const std::vector<std::string>& args);
int cmd_report(const std::vector<std::string>& args);

// What `write` writes to the FILE it is given, kept in memory (the trace of a run that is only
// rendered, for --report, --perfetto and fuzz --out).
std::string in_memory(const std::function<void(std::FILE*)>& write);

class OutputFile;
// Writes the HTML timeline and the Perfetto JSON of `trace` to those of the files that are set,
// each whole (committed), for `report` and for `run --report/--perfetto` alike.
void write_reports(const reports::Trace& trace, OutputFile* html, OutputFile* perfetto);

}  // namespace sagasim::cli
