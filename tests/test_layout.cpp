// Keeps the dependency rules of ../shared/docs/architecture.md true, in the spirit of
// TigerBeetle's tidy checks: services/ includes nothing from sim/, no yaml-cpp, no Boost, no
// <random>, no <thread>, no clock; only sim/scenario includes yaml-cpp; every source file opens
// with a header comment.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> sources(const std::string& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(SAGASIM_SOURCE_DIR) / dir)) {
        const auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".cpp" || ext == ".hpp")) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> includes(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    static const std::regex inc(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
    std::string line;
    std::smatch m;
    while (std::getline(in, line))
        if (std::regex_search(line, m, inc)) out.push_back(m[1]);
    return out;
}

}  // namespace

TEST_CASE("services/ depends on nothing in sim/ and on no clock, randomness, threads or YAML", "[layout]") {
    const auto files = sources("services");
    REQUIRE(files.size() > 10);
    for (const auto& f : files) {
        for (const std::string& inc : includes(f)) {
            CAPTURE(f.string(), inc);
            CHECK(inc.rfind("sim/", 0) != 0);
            CHECK(inc.rfind("yaml-cpp", 0) != 0);
            CHECK(inc.rfind("boost", 0) != 0);
            CHECK(inc != "random");
            CHECK(inc != "thread");
            CHECK(inc != "chrono");
            CHECK(inc != "ctime");
        }
    }
}

TEST_CASE("only sim/scenario includes yaml-cpp; nothing in sim/ reads a clock or starts a thread", "[layout]") {
    for (const auto& f : sources("sim")) {
        const bool scenario = f.string().find("/sim/scenario/") != std::string::npos;
        for (const std::string& inc : includes(f)) {
            CAPTURE(f.string(), inc);
            if (!scenario) CHECK(inc.rfind("yaml-cpp", 0) != 0);
            CHECK(inc != "thread");
            CHECK(inc != "chrono");
            CHECK(inc != "random");
        }
    }
}

TEST_CASE("every source file opens with a header comment", "[layout]") {
    for (const std::string dir : {"sim", "services", "bench"}) {
        for (const auto& f : sources(dir)) {
            std::ifstream in(f);
            std::string first;
            std::getline(in, first);
            CAPTURE(f.string());
            CHECK(first.rfind("//", 0) == 0);
        }
    }
}
