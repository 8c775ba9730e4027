// Runs the real sagasim binary for command-line tests: a scratch directory per test process,
// the command's exit code, stdout and stderr, and small file helpers.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace sagasim::testing {

struct CliResult {
    int code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A directory of its own for this test process, named after `tag`. It starts empty: a directory
// of that name is left from an earlier process that had the same pid (the files of a failed test
// stay for a look), and its contents, such as a link into a source tree since deleted, are not
// this process's.
inline std::filesystem::path scratch_dir(const std::string& tag) {
    static std::set<std::string> fresh;  // the tags whose directory this process has emptied
    std::filesystem::path d =
        std::filesystem::temp_directory_path() / ("sagasim-" + tag + "-test-" + std::to_string(::getpid()));
    if (fresh.insert(tag).second) std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

// Runs `BINARY ARGS` in `dir`, its output kept in `out_dir`.
inline CliResult run_program(const std::filesystem::path& dir, const std::string& binary, const std::string& args,
                             const std::filesystem::path& out_dir) {
    const std::filesystem::path out = out_dir / "stdout.txt", err = out_dir / "stderr.txt";
    const std::string cmd = "cd '" + dir.string() + "' && '" + binary + "' " + args + " >'" + out.string() +
                            "' 2>'" + err.string() + "'";
    const int status = std::system(cmd.c_str());
    CliResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

// Runs `sagasim ARGS` in `dir`.
inline CliResult run_cli(const std::filesystem::path& dir, const std::string& args) {
    return run_program(dir, SAGASIM_BINARY, args, dir);
}

}  // namespace sagasim::testing
