// How a run is told: the header line every run starts with, the human summary, the JSON summary
// (--json), and the verdict with its exit code (../shared/docs/cli.md).
#pragma once

#include <string>
#include <vector>

#include "sim/run/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace sagasim {

enum class Verdict : uint8_t { Pass, Fail, Inconclusive };
int exit_code(Verdict v);  // 0, 1, 4
std::string_view verdict_name(Verdict v);

struct Judged {
    Verdict verdict = Verdict::Pass;
    std::vector<std::string> expectation_failures;
};
Judged judge(const Scenario& scenario, const RunResult& result);

// "sagasim 0.1.0 (abc1234)"
std::string version_string();
// "sagasim 0.1.0 (abc1234) scenario=PATH sha256=HEX seed=N"
std::string header_line(const Scenario& scenario, uint64_t seed);
// A word as a POSIX shell reads it back: as it is when it is plain, else in single quotes.
std::string shell_quoted(std::string_view word);
// "sagasim run PATH --seed N" (the path shell-quoted), or "sagasim run PATH --replay-decisions TAPE" for a replayed run.
std::string reproduce_command(const Scenario& scenario, const RunResult& result);
// The line that tells how a replay went ("replay: ..."), or "" for a run from its seed.
std::string replay_line(const RunResult& result);

// The answer first (cli.md, "What a failure looks like"): outcomes, one line per violated
// invariant, one line per fault with how often it acted, the verdict and the repro line; with
// `verbose`, then every report with its causal history in words.
std::string summary_text(const Scenario& scenario, const RunResult& result, const Judged& judged, bool verbose = false);
// One warning per fault that never acted, with the reason where it is known (for stderr).
std::vector<std::string> fault_warnings(const Scenario& scenario, const RunResult& result);
std::string summary_json(const Scenario& scenario, const RunResult& result, const Judged& judged);
// A violation's report line ("FAIL no-oversell at t=1.2s step 80 order 3 (...): ..., expected ...")
// and its causal history in words, newest first, as --verbose shows them.
std::string violation_line(const Scenario& scenario, const Violation& v);
std::vector<std::string> history_words(const Scenario& scenario, const Violation& v);

}  // namespace sagasim
