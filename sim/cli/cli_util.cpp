// Number parsing, safe output files and path checks for the command line.
#include "sim/cli/cli.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace sagasim::cli {

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

OutputFile::OutputFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp-sagasim") {
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (file_ == nullptr)
        throw UsageError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
}

OutputFile::~OutputFile() {
    if (file_ != nullptr) {
        std::fclose(file_);
        std::remove(tmp_.c_str());
    }
}

void OutputFile::commit() {
    const bool ok = std::fflush(file_) == 0 && !std::ferror(file_);
    std::fclose(file_);
    file_ = nullptr;
    if (!ok || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp_.c_str());
        throw UsageError(fmt::format("cannot write '{}': {}", path_, why));
    }
}

void refuse_overwrite(const std::string& output, const std::string& input, const std::string& option) {
    std::error_code ec;
    const bool same = std::filesystem::equivalent(output, input, ec);
    if (!ec && same)
        throw UsageError(fmt::format("{} '{}' is the scenario file itself; choose another path", option, output));
}

}  // namespace sagasim::cli
