// Helpers for the tests of hostile input files: the files of a folder (but its README), the
// checks every located error must pass, the first diagnostic of an error without its path, and
// the words of a fuzz dictionary.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/scenario/errors.hpp"

namespace sagasim::testing {

inline std::vector<std::filesystem::path> files_of(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> r;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename() != "README.md") r.push_back(e.path());
    std::sort(r.begin(), r.end());
    return r;
}

// Every diagnostic names `path`, points at a line and a column, and says something; there are
// at most the list's limit and its "too many" line. Returns the error's text.
inline std::string checked_located(const InputError& e, const std::filesystem::path& path) {
    CHECK_FALSE(e.diagnostics().empty());
    for (const Diagnostic& d : e.diagnostics()) {
        CHECK(d.file == path.string());
        CHECK(d.line >= 1);
        CHECK(d.column >= 1);
        CHECK_FALSE(d.message.empty());
    }
    CHECK(e.diagnostics().size() <= DiagnosticList::kDiagnosticsMax + 1);
    return e.what();
}

// The words of a libFuzzer dictionary (its "quoted" lines).
inline std::set<std::string> dictionary_words(const std::filesystem::path& dict) {
    std::ifstream in(dict);
    REQUIRE(in);
    std::set<std::string> words;
    std::string line;
    while (std::getline(in, line))
        if (line.size() >= 2 && line.front() == '"' && line.back() == '"') words.insert(line.substr(1, line.size() - 2));
    return words;
}

// The first line of an error's text, without its "PATH:" ("" for no error).
inline std::string first_without_path(const std::string& error, const std::filesystem::path& path) {
    if (error.empty()) return "";
    const size_t prefix = path.string().size() + 1;
    const size_t nl = error.find('\n');
    return error.substr(prefix, nl == std::string::npos ? std::string::npos : nl - prefix);
}

}  // namespace sagasim::testing
