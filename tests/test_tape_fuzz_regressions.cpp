// Tape fuzz regressions: every file of tests/data/fuzz-regressions-tape/ (hostile tapes made by
// hand, and inputs fuzz_tape_reader ever found) and every input of the kept fuzz corpus
// fuzz/corpus/fuzz_tape_reader/ reads to a Tape or to a clean TapeError whose diagnostics are
// located in that file; nothing else may come out. Some of the hand-made ones get their first
// message checked word for word. Also keeps fuzz/tape_reader.dict in step with the site names.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "sim/tape/tape_reader.hpp"
#include "tests/input_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(SAGASIM_SOURCE_DIR) / "tests/data/fuzz-regressions-tape";
const fs::path kCorpus = fs::path(SAGASIM_SOURCE_DIR) / "fuzz/corpus/fuzz_tape_reader";

// The diagnostics of reading `path`, or "" if it reads; any other exception fails the test.
std::string read_result(const fs::path& path) {
    try {
        const Tape t = read_tape_file(path.string());
        CHECK(t.path == path.string());
        return "";
    } catch (const TapeError& e) {
        return checked_located(e, path);
    }
}

// The first diagnostic of reading kDir/name without "PATH:", or "" if it reads.
std::string first_error(const std::string& name) {
    const fs::path path = kDir / name;
    return first_without_path(read_result(path), path);
}

}  // namespace

TEST_CASE("tape fuzz regressions read cleanly or fail with a located error", "[tape][fuzz]") {
    const auto files = files_of(kDir);
    REQUIRE(files.size() >= 8);
    for (const fs::path& f : files) {
        CAPTURE(f.filename().string());
        read_result(f);
    }
}

TEST_CASE("the kept fuzz corpus of the tape reader reads cleanly or fails with a located error",
          "[tape][fuzz]") {
    REQUIRE(fs::is_directory(kCorpus));
    const auto files = files_of(kCorpus);
    REQUIRE(files.size() >= 10);
    size_t parsed = 0;
    for (const fs::path& f : files) {
        CAPTURE(f.filename().string());
        if (read_result(f).empty()) ++parsed;
    }
    // The corpus holds tapes that replay, not only rejected bytes.
    CHECK(parsed >= 5);
}

TEST_CASE("tape fuzz regressions: what the hand-made hostile tapes get", "[tape][fuzz]") {
    CHECK(first_error("empty.tape") == "1:1: error: the file is empty; a decision tape begins with 'sagasim-tape 1'");
    CHECK(first_error("only-comments.tape") ==
          "1:1: error: not a decision tape (it does not begin with 'sagasim-tape 1')");
    CHECK(first_error("binary.tape") == "6:1: error: not a text file (it contains a NUL byte)");
    CHECK(first_error("utf16.tape") == "1:1: error: unexpected character 0xff in a decision tape");
    CHECK(first_error("missing-header-line.tape") == "2:1: error: expected 'scenario PATH' in the tape's header");
    CHECK(first_error("bad-version.tape") ==
          "1:14: error: tape format version '9999999999999999999999999999999999999999...' is not supported; this "
          "sagasim reads version 1");
    CHECK(first_error("end-line-lies.tape") ==
          "9:5: error: the end line counts 41 decisions but the tape has 3 (it was cut or lines were added or "
          "removed)");
    CHECK(first_error("huge-numbers.tape") == "5:1: error: expected a step number, got '18446744073709551616'");
    CHECK(first_error("negative-values.tape") == "5:1: error: expected a step number, got '-1'");
    CHECK(first_error("overlong-line.tape") ==
          "5:1025: error: the line has 5000 characters; a tape line may have at most 1024");
    CHECK(first_error("utf8-elsewhere.tape") == "5:6: error: unexpected character 0xc3 in a decision tape");
    CHECK(first_error("control-characters.tape") == "5:39: error: unexpected character 0x0d in a decision tape");
    // Every problem of the file, up to the limit and a count of the rest.
    const std::string huge = read_result(kDir / "huge-numbers.tape");
    CHECK(std::count(huge.begin(), huge.end(), '\n') == 7);
    CHECK(huge.find(":12:5: error: expected a number of decisions, got '18446744073709551616'") != std::string::npos);
    const std::string many = read_result(kDir / "many-errors.tape");
    CHECK(std::count(many.begin(), many.end(), '\n') == 100);
    CHECK(many.find(":105:40: error: too many errors; 200 more not shown, the first of them here") !=
          std::string::npos);
}

TEST_CASE("tape fuzz regressions: CRLF and UTF-8 in the scenario path read", "[tape][fuzz]") {
    const Tape crlf = read_tape_file((kDir / "crlf.tape").string());
    CHECK(crlf.complete);
    CHECK(crlf.entries.size() == 5);
    CHECK(crlf.scenario == "scenarios/demo.yaml");
    CHECK(crlf.end_digest == "b9637949a4101c37");
    CHECK(crlf.fault_ids == std::vector<std::string>{"slow"});
    const Tape utf8 = read_tape_file((kDir / "utf8-scenario-path.tape").string());
    CHECK(utf8.complete);
    CHECK(utf8.scenario == "sc\xc3\xa9narios/\xc3\xbc" "bung/\xe3\x82\xb7\xe3\x83\x8a\xe3\x83\xaa\xe3\x82\xaa.yaml");
    CHECK(utf8.entries.size() == crlf.entries.size());
}

TEST_CASE("the tape fuzz dictionary has every decision site and header word", "[tape][fuzz]") {
    const std::set<std::string> words = dictionary_words(fs::path(SAGASIM_SOURCE_DIR) / "fuzz/tape_reader.dict");
    for (int i = 0; i < kSiteCount; ++i) {
        CAPTURE(i);
        CHECK(words.count(std::string(site_name(Site(i)))) == 1);
    }
    for (const char* w : {"sagasim-tape", "scenario ", "sha256 ", "seed ", "end ", "o="}) {
        CAPTURE(w);
        CHECK(words.count(w) == 1);
    }
}
