// Keeps the dependency rules of ../shared/docs/architecture.md true, in the spirit of
// TigerBeetle's tidy checks: services/ includes nothing from sim/, no yaml-cpp, no Boost, no
// <random>, no <thread>, no clock; only sim/scenario includes yaml-cpp, only the campaign's pool
// starts threads and only the fuzz command's progress reads a clock; each folder of sim/
// includes only what sim/README.md's folder table lets it (and that table has no cycle); every
// source file opens with a header comment; no test name holds a ';'.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
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

// Two files of sim/ stand above the runs and may do what no run may: the campaign's thread pool
// (one simulation per thread, parallelism above them) and the fuzz command's wall clock (its time
// budget and progress line, which decide when a campaign stops and never reach a run's output).
TEST_CASE("only sim/scenario includes yaml-cpp, nothing in sim/ reads a clock or starts a thread", "[layout]") {
    const std::string pool = "/sim/explore/pool.cpp", clock = "/sim/cli/fuzz_progress.cpp";
    size_t asio = 0, chrono = 0;
    for (const auto& f : sources("sim")) {
        const std::string path = f.generic_string();
        const bool scenario = path.find("/sim/scenario/") != std::string::npos;
        const bool is_pool = path.size() >= pool.size() && path.compare(path.size() - pool.size(), pool.size(), pool) == 0;
        const bool is_clock = path.size() >= clock.size() && path.compare(path.size() - clock.size(), clock.size(), clock) == 0;
        for (const std::string& inc : includes(f)) {
            CAPTURE(f.string(), inc);
            if (!scenario) CHECK(inc.rfind("yaml-cpp", 0) != 0);
            CHECK(inc != "thread");
            CHECK(inc != "random");
            if (inc.rfind("boost/asio", 0) == 0) {
                CHECK(is_pool);
                ++asio;
            }
            if (inc == "chrono") {
                CHECK(is_clock);
                ++chrono;
            }
        }
    }
    // The exceptions are where they are said to be (the rule is not checking a file that moved).
    CHECK(asio > 0);
    CHECK(chrono == 1);
}

TEST_CASE("every source file opens with a header comment", "[layout]") {
    for (const std::string dir : {"sim", "services", "bench", "reports", "fuzz"}) {
        for (const auto& f : sources(dir)) {
            std::ifstream in(f);
            std::string first;
            std::getline(in, first);
            CAPTURE(f.string());
            CHECK(first.rfind("//", 0) == 0);
        }
    }
}

namespace {

// sim/README.md's table: folder -> the names in its "may include" column.
std::map<std::string, std::set<std::string>> folder_table() {
    std::ifstream in(fs::path(SAGASIM_SOURCE_DIR) / "sim" / "README.md");
    static const std::regex row(R"(^\| `([a-z]+)/` \|.*\| ([a-z/_., ]+) \|$)");
    std::map<std::string, std::set<std::string>> out;
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (!std::regex_match(line, m, row)) continue;
        std::stringstream names(m[2].str());
        std::string name;
        while (std::getline(names, name, ',')) {
            name.erase(0, name.find_first_not_of(' '));
            out[m[1]].insert(name);
        }
    }
    return out;
}

// Whether `include` (a path like "sim/broker/broker.hpp") is allowed by `names`.
bool allowed(const std::set<std::string>& names, const std::string& folder, const std::string& include) {
    if (names.count("everything")) return true;
    if (include.rfind("services/", 0) == 0)
        return names.count("services") || (include.rfind("services/common/", 0) == 0 && names.count("services/common"));
    if (include.rfind("reports/", 0) == 0) return folder == "reports" || names.count("reports");
    if (include.rfind("sim/", 0) != 0) return true;  // libraries
    const std::string rest = include.substr(4);
    const std::string dir = rest.substr(0, rest.find('/'));
    return dir == folder || names.count(dir) || names.count(rest);
}

}  // namespace

TEST_CASE("every folder of sim/ includes only what sim/README.md's table lets it", "[layout]") {
    const auto table = folder_table();
    REQUIRE(table.size() >= 11);
    std::set<std::string> folders;
    for (const auto& e : fs::directory_iterator(fs::path(SAGASIM_SOURCE_DIR) / "sim"))
        if (e.is_directory()) folders.insert(e.path().filename().string());
    for (const std::string& f : folders) {
        CAPTURE(f);
        CHECK(table.count(f) == 1);  // every folder has its row
    }
    for (const auto& file : sources("sim")) {
        const std::string rel = fs::relative(file, fs::path(SAGASIM_SOURCE_DIR) / "sim").generic_string();
        const std::string folder = rel.substr(0, rel.find('/'));
        if (!table.count(folder)) continue;
        for (const std::string& inc : includes(file)) {
            CAPTURE(rel, inc);
            CHECK(allowed(table.at(folder), folder, inc));
        }
    }
}

// reports/ is a top-level folder with its row in sim/README.md's table: it reads traces, so it may
// include only what that row names (the diagnostics and the file reading of sim/scenario), nothing of
// services/; of sim/, only the command line includes it.
TEST_CASE("reports/ includes only what its row of sim/README.md's table lets it", "[layout]") {
    const auto table = folder_table();
    REQUIRE(table.count("reports") == 1);
    const auto files = sources("reports");
    REQUIRE(files.size() >= 6);
    for (const auto& file : files) {
        for (const std::string& inc : includes(file)) {
            CAPTURE(file.string(), inc);
            CHECK(allowed(table.at("reports"), "reports", inc));
            CHECK(inc.rfind("services/", 0) != 0);
            CHECK(inc != "chrono");
            CHECK(inc != "ctime");
            CHECK(inc != "random");
            CHECK(inc != "thread");
        }
    }
    size_t users = 0;
    for (const auto& file : sources("sim")) {
        const std::string rel = fs::relative(file, fs::path(SAGASIM_SOURCE_DIR) / "sim").generic_string();
        for (const std::string& inc : includes(file)) {
            if (inc.rfind("reports/", 0) != 0) continue;
            CAPTURE(rel, inc);
            CHECK(rel.rfind("cli/", 0) == 0);
            ++users;
        }
    }
    CHECK(users > 0);
}

TEST_CASE("sim/README.md's folder table has no cycle", "[layout]") {
    const auto table = folder_table();
    std::map<std::string, int> state;  // 1: on the path, 2: done
    std::function<bool(const std::string&)> acyclic = [&](const std::string& f) {
        if (state[f] == 1) return false;
        if (state[f] == 2) return true;
        state[f] = 1;
        for (std::string n : table.at(f)) {
            n = n.substr(0, n.find('/'));
            if (n == f || !table.count(n)) continue;
            if (!acyclic(n)) return false;
        }
        state[f] = 2;
        return true;
    };
    for (const auto& [f, names] : table) {
        CAPTURE(f);
        CHECK(acyclic(f));
    }
}

TEST_CASE("no test name holds a semicolon (catch_discover_tests splits it, and the test never runs)", "[layout]") {
    static const std::regex name(R"re(TEST_CASE\("([^"]*)")re");
    size_t tests = 0;
    for (const auto& f : sources("tests")) {
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it) {
            CAPTURE(f.filename().string(), (*it)[1].str());
            CHECK((*it)[1].str().find(';') == std::string::npos);
            ++tests;
        }
    }
    CHECK(tests > 200);
}
