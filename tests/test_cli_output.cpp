// Hostile command lines (issue 4): output paths that cannot be written are usage errors (exit 2)
// before anything runs and leave no file behind; devices and symbolic links are written through,
// never replaced; an interrupted run leaves neither a half trace nor a temporary file; input paths
// that are empty, directories or endless are located errors (exit 3). Each test runs the real
// binary in a scratch directory of its own.
#include <catch2/catch.hpp>

#include "tests/cli_runner.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

using Result = sagasim::testing::CliResult;
using sagasim::testing::slurp;

fs::path scratch() {
    static const fs::path dir = ::sagasim::testing::scratch_dir("cli-output");
    return dir;
}

// Runs `sagasim ARGS` in the scratch directory.
Result cli(const std::string& args) { return ::sagasim::testing::run_cli(scratch(), args); }

void write(const std::string& name, const std::string& text) {
    std::ofstream(scratch() / name, std::ios::binary) << text;
}

// Every file in the scratch directory whose name says it is a temporary output.
std::vector<std::string> temporaries() {
    std::vector<std::string> r;
    for (const auto& e : fs::recursive_directory_iterator(scratch()))
        if (e.path().filename().string().find(".tmp-sagasim") != std::string::npos) r.push_back(e.path().string());
    return r;
}

bool is_char_device(const char* path) {
    struct stat st {};
    return ::lstat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

const char* kPassing =
    "name: cli-pass\n"
    "seed: 7\n"
    "inventory: {SKU-1: 12}\n"
    "orders:\n"
    "  - {at: 0s, sku: SKU-1, quantity: 4, price: \"15.50\"}\n";

}  // namespace

TEST_CASE("output: paths that cannot be written are usage errors before the run, leaving no file",
          "[cli][output]") {
    write("pass.yaml", kPassing);
    fs::create_directories(scratch() / "adir");
    const std::pair<const char*, const char*> kCases[] = {
        {"''", "sagasim: error: cannot write '': the path is empty\n"},
        {"adir", "sagasim: error: cannot write 'adir': it is a directory\n"},
        {"adir/", "sagasim: error: cannot write 'adir/': it is a directory\n"},
        {"no-such-dir/t.jsonl", "sagasim: error: cannot write 'no-such-dir/t.jsonl': No such file or directory\n"},
        {"pass.yaml/t.jsonl", "sagasim: error: cannot write 'pass.yaml/t.jsonl': Not a directory\n"},
        {"/proc/sagasim-t.jsonl", nullptr},  // refused by the kernel, as root too
    };
    for (const auto& [path, message] : kCases) {
        CAPTURE(path);
        const Result r = cli(std::string("run pass.yaml --trace ") + path);
        CHECK(r.code == 2);
        if (message) CHECK(r.err == message);
        CHECK(r.err.rfind("sagasim: error: cannot write '", 0) == 0);
        CHECK(r.out.empty());  // refused before the header: nothing ran
        CHECK(temporaries().empty());
    }
    CHECK_FALSE(fs::exists("/proc/sagasim-t.jsonl"));
    CHECK(slurp(scratch() / "pass.yaml") == kPassing);
}

TEST_CASE("output: a failed write is a usage error and leaves the old file whole", "[cli][output]") {
    write("pass.yaml", kPassing);
    // /dev/full takes the open and refuses the bytes: the error comes at the end, and the device
    // stays a device (it is written in place, never renamed over).
    Result r = cli("run pass.yaml --trace /dev/full");
    CHECK(r.code == 2);
    CHECK(r.err == "sagasim: error: cannot write '/dev/full': No space left on device\n");
    CHECK(is_char_device("/dev/full"));
    r = cli("run pass.yaml --trace /dev/null");
    CHECK(r.code == 0);
    CHECK(is_char_device("/dev/null"));
    // An invalid scenario is found before the output is opened: the old trace is untouched.
    write("old.jsonl", "old\n");
    write("bad.yaml", "name: Bad\n");
    r = cli("run bad.yaml --trace old.jsonl");
    CHECK(r.code == 3);
    CHECK(slurp(scratch() / "old.jsonl") == "old\n");
    CHECK(temporaries().empty());
    // A good run replaces it whole.
    r = cli("run pass.yaml --trace old.jsonl");
    CHECK(r.code == 0);
    CHECK(slurp(scratch() / "old.jsonl").rfind("{\"record\":\"header\",", 0) == 0);
    CHECK(temporaries().empty());
}

TEST_CASE("output: a symbolic link is written through and kept", "[cli][output]") {
    write("pass.yaml", kPassing);
    write("real.jsonl", "old\n");
    fs::remove(scratch() / "link.jsonl");
    fs::create_symlink("real.jsonl", scratch() / "link.jsonl");
    const Result r = cli("run pass.yaml --trace link.jsonl");
    CHECK(r.code == 0);
    CHECK(fs::is_symlink(scratch() / "link.jsonl"));
    CHECK(slurp(scratch() / "real.jsonl").rfind("{\"record\":\"header\",", 0) == 0);
    CHECK(temporaries().empty());
    // A link to the scenario is the scenario.
    fs::remove(scratch() / "to-pass.yaml");
    fs::create_symlink("pass.yaml", scratch() / "to-pass.yaml");
    const Result same = cli("run pass.yaml --trace to-pass.yaml");
    CHECK(same.code == 2);
    CHECK(same.err == "sagasim: error: --trace 'to-pass.yaml' is the scenario file itself; choose another path\n");
    CHECK(slurp(scratch() / "pass.yaml") == kPassing);
}

TEST_CASE("output: an interrupted run leaves neither the output nor a temporary file", "[cli][output]") {
    // A million orders at a rate the services keep up with (so memory stays small): about 40
    // million steps, far more than the run makes before it is stopped.
    write("long.yaml",
          "name: long\nseed: 1\ninventory: {A: 2000000000}\nload: {count: 1000000, rate: 100/s, skus: [A]}\n"
          "run: {max-steps: 1000000000}\n");
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        CAPTURE(sig);
        fs::remove(scratch() / "sig.jsonl");
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            // The child: default signal dispositions, as from an interactive shell.
            std::signal(sig, SIG_DFL);
            if (::chdir(scratch().c_str()) != 0) std::_Exit(127);
            std::freopen("/dev/null", "w", stdout);
            std::freopen("/dev/null", "w", stderr);
            ::execl(SAGASIM_BINARY, SAGASIM_BINARY, "run", "long.yaml", "--trace", "sig.jsonl", nullptr);
            std::_Exit(127);
        }
        // Stopped once it is writing its trace.
        for (int i = 0; i < 400 && temporaries().empty(); ++i) ::usleep(50000);
        CHECK(temporaries().size() == 1);
        ::usleep(200000);
        ::kill(pid, sig);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        // Killed by the signal, as without the handler, so that a shell sees what happened.
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == sig);
        CHECK_FALSE(fs::exists(scratch() / "sig.jsonl"));
        CHECK(temporaries().empty());
    }
}

TEST_CASE("input: empty, directory and endless scenario paths are located errors", "[cli][output]") {
    Result r = cli("run ''");
    CHECK(r.code == 3);
    CHECK(r.err == "<empty path>:1:1: error: cannot read the file: the path is empty\n");
    fs::create_directories(scratch() / "adir");
    r = cli("run adir");
    CHECK(r.code == 3);
    CHECK(r.err == "adir:1:1: error: cannot read the file: Is a directory\n");
    r = cli("validate /dev/zero");
    CHECK(r.code == 3);
    CHECK(r.err ==
          "/dev/zero:1:1: error: the file has more than 16777216 bytes; a scenario file may have at most 16777216 "
          "(16 MiB)\n");
    write("bin.yaml", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10));
    r = cli("run bin.yaml");
    CHECK(r.code == 3);
    CHECK(r.err == "bin.yaml:1:1: error: not a text file (it contains the control character 0x7f)\n");
}

TEST_CASE("command line: numbers are strict, never wrapped", "[cli][output]") {
    write("pass.yaml", kPassing);
    for (const char* bad : {"-1", "0x10", "1e3", "+5", " 5", "5 ", "18446744073709551616", "99999999999999999999999",
                            "", "٣"}) {
        CAPTURE(bad);
        const Result r = cli(std::string("run pass.yaml --seed '") + bad + "'");
        CHECK(r.code == 2);
        CHECK(r.err == std::string("sagasim: error: --seed must be a decimal unsigned 64-bit integer, got '") + bad +
                           "'\n");
    }
}
