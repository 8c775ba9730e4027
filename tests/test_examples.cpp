// The CI examples in examples/ cannot rot: the GitHub Actions workflow and the Kubernetes Indexed
// Job are parsed (yaml-cpp), and every sagasim command they hold is run on a tiny budget, shard by
// shard, with the artifacts handed from the shard jobs to the merge job as the workflow says.
#include <catch2/catch.hpp>

#include "tests/cli_runner.hpp"

#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

fs::path scratch() {
    static const fs::path dir = [] {
        const fs::path d = ::sagasim::testing::scratch_dir("examples");
        std::error_code ec;
        for (const char* f : {"bench", "scenarios"}) fs::create_directory_symlink(fs::path(SAGASIM_SOURCE_DIR) / f, d / f, ec);
        fs::create_directories(d / "build");
        fs::create_symlink(SAGASIM_BINARY, d / "build" / "sagasim", ec);
        return d;
    }();
    return dir;
}

// A command on a tiny budget: a few runs, a second at most.
std::string tiny(std::string cmd) {
    cmd = std::regex_replace(cmd, std::regex("--runs [0-9]+"), "--runs 3");
    return std::regex_replace(cmd, std::regex("--max-total-time [0-9a-z]+"), "--max-total-time 1s");
}

// Runs `cmd` with sh in the scratch directory; its exit code.
int sh(const std::string& cmd, const std::string& env = "") {
    const std::string full = "cd '" + scratch().string() + "' && " + env + " sh -c '" +
                             std::regex_replace(cmd, std::regex("'"), "'\\''") + "' >/dev/null 2>err.txt";
    const int status = std::system(full.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool finds_or_passes(int code) { return code == 0 || code == 1 || code == 4; }

}  // namespace

TEST_CASE("examples: the GitHub Actions workflow's sagasim commands run, shards to merge", "[examples]") {
    const YAML::Node wf = YAML::LoadFile((fs::path(SAGASIM_SOURCE_DIR) / "examples/github-actions/sagasim-fuzz.yml").string());
    REQUIRE(wf["on"]["pull_request"]);
    REQUIRE(wf["on"]["schedule"][0]["cron"]);
    const YAML::Node jobs = wf["jobs"];
    REQUIRE(jobs.size() == 3);
    size_t commands = 0;
    std::set<std::string> uploaded;
    for (const char* name : {"pull-request", "nightly-shard", "nightly-merge"}) {
        CAPTURE(name);
        const YAML::Node job = jobs[name];
        REQUIRE(job);
        std::vector<std::string> values{""};
        if (job["strategy"]) {
            values.clear();
            for (const auto& v : job["strategy"]["matrix"]["shard"]) values.push_back(v.as<std::string>());
            REQUIRE(values.size() == 4);
        }
        for (const std::string& value : values) {
            for (const auto& step : job["steps"]) {
                const std::string uses = step["uses"] ? step["uses"].as<std::string>() : "";
                if (uses.rfind("actions/upload-artifact", 0) == 0) {
                    uploaded.insert(std::regex_replace(step["with"]["path"].as<std::string>(),
                                                       std::regex("\\$\\{\\{ matrix.shard \\}\\}"), value));
                } else if (uses.rfind("actions/download-artifact", 0) == 0) {
                    // merge-multiple: every artifact's files in one folder.
                    REQUIRE(step["with"]["merge-multiple"].as<bool>());
                    const fs::path into = scratch() / step["with"]["path"].as<std::string>();
                    fs::create_directories(into);
                    for (const std::string& f : uploaded)
                        if (fs::is_regular_file(scratch() / f)) fs::copy_file(scratch() / f, into / fs::path(f).filename(), fs::copy_options::overwrite_existing);
                }
                if (!step["run"]) continue;
                std::stringstream lines(step["run"].as<std::string>());
                for (std::string line; std::getline(lines, line);) {
                    if (line.rfind("./build/sagasim ", 0) != 0) continue;
                    line = std::regex_replace(line, std::regex("\\$\\{\\{ matrix.shard \\}\\}"), value);
                    if (line.find("--shard-count") != std::string::npos) CHECK(line.find("--shard-count 4") != std::string::npos);
                    CAPTURE(line);
                    CHECK(finds_or_passes(sh(tiny(line))));
                    ++commands;
                }
            }
        }
    }
    CHECK(commands == 1 + 4 + 1);
    // The merge saw the four shards.
    std::ifstream in(scratch() / "campaign.json");
    std::string last, line;
    while (std::getline(in, line)) last = line;
    const nlohmann::json summary = nlohmann::json::parse(last);
    CHECK(summary["shards"] == nlohmann::json::array({0, 1, 2, 3}));
    CHECK(summary["runs"] == 12);
}

TEST_CASE("examples: the Kubernetes Indexed Job runs a shard per completion index", "[examples]") {
    const YAML::Node job =
        YAML::LoadFile((fs::path(SAGASIM_SOURCE_DIR) / "examples/kubernetes/sagasim-fuzz-job.yaml").string());
    CHECK(job["kind"].as<std::string>() == "Job");
    CHECK(job["spec"]["completionMode"].as<std::string>() == "Indexed");
    const int completions = job["spec"]["completions"].as<int>();
    const YAML::Node c = job["spec"]["template"]["spec"]["containers"][0];
    REQUIRE(c["command"][0].as<std::string>() == "sh");
    REQUIRE(c["command"][1].as<std::string>() == "-c");
    std::string cmd = c["args"][0].as<std::string>();
    CHECK(cmd.find("$JOB_COMPLETION_INDEX") != std::string::npos);
    CHECK(cmd.find("--shard-count " + std::to_string(completions)) != std::string::npos);
    const std::string mount = c["volumeMounts"][0]["mountPath"].as<std::string>();
    cmd = std::regex_replace(cmd, std::regex(mount + "/"), "results/");
    fs::create_directories(scratch() / "results");
    std::vector<std::string> shards;
    for (int i = 0; i < completions; ++i) {
        CAPTURE(i);
        CHECK(sh(tiny(cmd), "JOB_COMPLETION_INDEX=" + std::to_string(i)) == 0);
        shards.push_back("results/shard-" + std::to_string(i) + ".json");
    }
    std::string merge = "./build/sagasim merge";
    for (const std::string& s : shards) merge += " " + s;
    CHECK(finds_or_passes(sh(merge + " -o results/campaign.json")));
    std::ifstream in(scratch() / "results/campaign.json");
    std::string last, line;
    while (std::getline(in, line)) last = line;
    CHECK(nlohmann::json::parse(last)["runs"] == 3 * completions);
}
