// Number parsing, safe output files and path checks for the command line. An output file is
// written to a temporary file next to it and renamed into place, and the temporary file is removed
// on every way out: an error, an exception, or SIGINT, SIGTERM, SIGHUP and SIGPIPE.
#include "sim/cli/cli.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace sagasim::cli {
namespace {

// The temporary files that exist right now, for the signal handler to remove. A slot holds a
// pointer to an OutputFile's own path string, which lives as long as the slot is set.
std::array<std::atomic<const char*>, 8> g_temporaries{};

extern "C" void remove_temporaries_and_die(int sig) {
    for (auto& slot : g_temporaries) {
        if (const char* p = slot.load()) ::unlink(p);  // async-signal-safe
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// Installs the handler for the signals that end a run from outside, once, and only where nobody
// chose another disposition (a SIGHUP ignored by nohup stays ignored).
void install_cleanup_handler() {
    static const bool installed = [] {
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
            struct sigaction sa {};
            sa.sa_handler = remove_temporaries_and_die;
            sigemptyset(&sa.sa_mask);
            ::sigaction(sig, &sa, nullptr);
        }
        return true;
    }();
    (void)installed;
}

std::atomic<const char*>* register_temporary(const char* path) {
    install_cleanup_handler();
    for (auto& slot : g_temporaries) {
        const char* expected = nullptr;
        if (slot.compare_exchange_strong(expected, path)) return &slot;
    }
    return nullptr;  // more outputs than slots: this one is still removed on every other way out
}

[[noreturn]] void cannot_write(const std::string& path, const std::string& why) {
    throw UsageError(fmt::format("cannot write '{}': {}", path, why));
}

}  // namespace

uint64_t parse_u64(const std::string& text, const std::string& what) {
    const std::string msg = fmt::format("{} must be a decimal unsigned 64-bit integer, got '{}'", what, text);
    if (text.empty() || text.size() > 20) throw UsageError(msg);
    uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') throw UsageError(msg);
        const uint64_t d = uint64_t(c - '0');
        if (v > (UINT64_MAX - d) / 10) throw UsageError(msg);
        v = v * 10 + d;
    }
    return v;
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
    if (path_.empty()) cannot_write(path_, "the path is empty");
    struct stat st {};
    const bool exists = ::stat(path_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) cannot_write(path_, "it is a directory");
    if (exists && !S_ISREG(st.st_mode)) {
        // A device, a FIFO or a socket (/dev/null, /dev/stdout, a pipe from the shell) is a stream:
        // it is written in place, and never replaced by a regular file.
        file_ = std::fopen(path_.c_str(), "wb");
        if (file_ == nullptr) cannot_write(path_, std::strerror(errno));
        return;
    }
    // Through a symbolic link, the file it names is replaced and the link is kept.
    std::string target = path_;
    std::error_code ec;
    if (exists && std::filesystem::is_symlink(path_, ec)) {
        const auto canonical = std::filesystem::canonical(path_, ec);
        if (!ec) target = canonical.string();
    }
    // A name of this process's own, so that two runs writing the same output never share one.
    for (int attempt = 0; file_ == nullptr; ++attempt) {
        tmp_ = fmt::format("{}.tmp-sagasim-{}{}", target, ::getpid(), attempt ? fmt::format("-{}", attempt) : "");
        const int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            if (errno == EEXIST && attempt < 100) continue;
            const std::string why = std::strerror(errno);
            tmp_.clear();
            cannot_write(path_, why);
        }
        file_ = ::fdopen(fd, "wb");
        if (file_ == nullptr) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp_.c_str());
            tmp_.clear();
            cannot_write(path_, why);
        }
    }
    target_ = std::move(target);
    slot_ = register_temporary(tmp_.c_str());
}

OutputFile::~OutputFile() {
    if (file_ != nullptr) {
        std::fclose(file_);
        if (!tmp_.empty()) ::unlink(tmp_.c_str());
    }
    if (slot_ != nullptr) slot_->store(nullptr);
}

void OutputFile::commit() {
    bool ok = std::fflush(file_) == 0 && !std::ferror(file_);
    int err = errno;
    // Written to the disk before it takes the output's name, so that even a crash of the machine
    // leaves the old file or the new one, never a part of the new one.
    if (ok && !tmp_.empty() && ::fsync(::fileno(file_)) != 0) {
        ok = false;
        err = errno;
    }
    if (std::fclose(file_) != 0 && ok) {
        ok = false;
        err = errno;
    }
    file_ = nullptr;
    if (ok && !tmp_.empty() && std::rename(tmp_.c_str(), target_.c_str()) != 0) {
        ok = false;
        err = errno;
    }
    if (!tmp_.empty()) {
        if (!ok) ::unlink(tmp_.c_str());
        if (slot_ != nullptr) slot_->store(nullptr);
        slot_ = nullptr;
    }
    if (!ok) cannot_write(path_, std::strerror(err));
}

std::string in_memory(const std::function<void(std::FILE*)>& write) {
    char* kept = nullptr;
    size_t size = 0;
    std::FILE* memory = ::open_memstream(&kept, &size);
    if (memory == nullptr) throw std::runtime_error(fmt::format("cannot keep a trace in memory: {}", std::strerror(errno)));
    try {
        write(memory);
    } catch (...) {
        std::fclose(memory);
        std::free(kept);
        throw;
    }
    std::fclose(memory);
    std::string text(kept, size);
    std::free(kept);
    return text;
}

void refuse_overwrite(const std::string& output, const std::string& input, const std::string& option,
                      const std::string& what) {
    std::error_code ec;
    const bool same = std::filesystem::equivalent(output, input, ec);
    if (!ec && same)
        throw UsageError(fmt::format("{} '{}' is the {} itself; choose another path", option, output, what));
}

}  // namespace sagasim::cli
