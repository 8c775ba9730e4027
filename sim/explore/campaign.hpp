// A fuzz campaign: one parsed scenario run for many seeds under a strategy, on a pool of
// workers (each with a Runner of its own), its results reduced in seed order into distinct
// failures, counts and coverage. Runs go in batches of kBatch seeds: every run of a batch is
// planned from what the batches before it found (the coverage corpus), so the campaign's result
// is the same for any number of jobs. A run stopped by run.max-steps or the heal phase's end is
// inconclusive, never a pass. Wall-clock time is the caller's: it may stop the campaign through
// the progress callback, and the result says how many seeds ran. Explore code: nothing of the
// command line.
#pragma once

#include <cstdio>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/explore/coverage.hpp"
#include "sim/explore/failures.hpp"
#include "sim/explore/plan.hpp"
#include "sim/run/run.hpp"

namespace sagasim {

inline constexpr size_t kBatch = 64;
inline constexpr size_t kCorpusMax = 256;

struct CampaignConfig {
    Strategy strategy = Strategy::Portfolio;
    SeedSet seeds;
    uint32_t jobs = 1;
    bool stop_on_first = false;
};

// One group of failures: the same invariant with the same signature, told once.
struct DistinctFailure {
    std::string invariant;
    uint64_t signature = 0;
    uint64_t first_seed = 0;   // the campaign seed of its first run
    uint64_t count = 0;        // runs that had it
    RunPlan plan;              // of its first run: replaying it gives that run again
    std::string plan_words;    // the plan's strategy parameters in words ("pct depth 2, ...")
    std::string digest;        // of its first run
    std::string what;          // the first report's line, or the expectation's message
    std::vector<std::string> shape;    // history_shape() of the first report
    std::vector<std::string> history;  // its causal history in words
};

enum class CampaignStop : uint8_t { Done, StopOnFirst, Stopped };
std::string_view campaign_stop_name(CampaignStop s);  // "done", "stop-on-first", "max-total-time"

struct CampaignResult {
    uint64_t runs = 0, passed = 0, failed = 0, inconclusive = 0;
    uint64_t steps = 0;
    std::optional<uint64_t> last_seed;          // the last campaign seed that ran
    std::optional<uint64_t> first_inconclusive; // its seed, and why ("max-steps", "quiesce-limit")
    std::string first_inconclusive_why;
    std::vector<DistinctFailure> failures;      // in order of first seed
    CampaignStop stopped = CampaignStop::Done;
    size_t corpus = 0;
};

// What the callback sees after each run (from the worker that ran it).
struct CampaignProgress {
    uint64_t runs = 0;          // runs finished (across the batch's workers)
    uint64_t failing_runs = 0;
    size_t tuples_seen = 0, tuples_total = 0, pairs_seen = 0, pairs_total = 0;  // as of the last batch
};
// Called after every run, possibly from several threads at once; returning false stops the
// campaign (the runs already started finish, and the seeds that ran whole in order count).
using ProgressFn = std::function<bool(const CampaignProgress&)>;

class Campaign {
public:
    Campaign(const Scenario& sc, CampaignConfig config);
    ~Campaign();
    CampaignResult run(const ProgressFn& progress);
    // Runs a plan again (a failure's tape is written this way), on the calling thread.
    // With `trace`, its trace is written there; `tape` (the tape written of it, if any) is named in
    // the trace's header, so that the trace's repro line replays that tape.
    RunResult replay(const RunPlan& plan, DecisionRecorder* recorder, std::FILE* trace = nullptr,
                     const std::string& tape = "");
    const Coverage& coverage() const { return coverage_; }
    // PCT's horizon: the ties of a plain run at the scenario's seed (fixed per scenario, so a
    // PCT run replays from its seed alone).
    uint64_t pct_horizon() const { return horizon_; }

private:
    struct Worker;
    struct Outcome;
    struct CorpusEntry;
    RunPlan plan(uint64_t seed) const;
    void execute(Worker& w, const RunPlan& p, Outcome& out) const;
    void reduce(const RunPlan& p, Outcome& out, CampaignResult& r);
    std::string plan_words(const RunPlan& p) const;

    const Scenario& sc_;
    CampaignConfig cfg_;
    uint64_t horizon_ = 1;
    Coverage coverage_;
    std::vector<CorpusEntry> corpus_;
    std::map<std::pair<std::string, uint64_t>, size_t> groups_;  // (invariant, signature) -> failures index
    std::vector<std::unique_ptr<Worker>> workers_;
    std::atomic<uint64_t> runs_done_{0}, failing_{0};
};

}  // namespace sagasim
