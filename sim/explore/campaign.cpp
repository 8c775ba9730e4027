// The campaign's loop: plan a batch, run it on the pool, reduce it in seed order (campaign.hpp).
#include "sim/explore/campaign.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "sim/explore/pool.hpp"
#include "sim/explore/strategies.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

constexpr uint64_t kPortfolioSalt = 0x504f525400000004ULL;
constexpr uint64_t kCoverageSalt = 0x434f564500000005ULL;

// The arms of the portfolio, by seed.
constexpr Strategy kArms[] = {Strategy::Random, Strategy::Swarm, Strategy::Pct, Strategy::Coverage};

}  // namespace

std::string_view campaign_stop_name(CampaignStop s) {
    switch (s) {
        case CampaignStop::Done: return "done";
        case CampaignStop::StopOnFirst: return "stop-on-first";
        case CampaignStop::Stopped: return "max-total-time";
    }
    return "?";
}

struct Campaign::Worker {
    Worker(const Scenario& sc, const std::vector<FaultIdentity>& ids) : runner(sc), plan_override(sc, ids) {}
    Runner runner;
    PlanOverride plan_override;
    CoverageProbe probe;
    DecisionLog log;
};

struct Campaign::Outcome {
    Verdict verdict = Verdict::Pass;
    RunEnd end = RunEnd::Drained;
    uint64_t steps = 0;
    std::string digest;
    std::vector<FailureHit> hits;
    Violations violations;                   // kept when the run failed, for the words of new groups
    std::vector<uint32_t> codes;             // its coverage
    std::vector<MutableDecision> decisions;  // kept when it reached something new: a corpus candidate
};

struct Campaign::CorpusEntry {
    RunPlan plan;
    std::vector<MutableDecision> decisions;
};

Campaign::Campaign(const Scenario& sc, CampaignConfig config) : sc_(sc), cfg_(config), coverage_(sc) {
    Runner calibration(sc);
    horizon_ = std::max<uint64_t>(1, calibration.run(seeded(sc.seed.value_or(0))).ties);
}

Campaign::~Campaign() = default;

RunPlan Campaign::plan(uint64_t seed) const {
    RunPlan p;
    p.slot = p.seed = seed;
    p.strategy = cfg_.strategy == Strategy::Portfolio ? kArms[mix64(seed, kPortfolioSalt) % 4] : cfg_.strategy;
    p.base = p.strategy == Strategy::Coverage ? Strategy::Random : p.strategy;
    if (p.strategy != Strategy::Coverage || corpus_.empty()) return p;
    // Seven runs in eight mutate a run of the corpus; the eighth tries a fresh seed.
    Rng r(mix64(seed, kCoverageSalt));
    if (r.below(8) == 0) return p;
    const CorpusEntry& parent = corpus_[r.below(corpus_.size())];
    p.seed = parent.plan.seed;
    p.base = parent.plan.base;
    p.parent = parent.plan.slot;
    p.mutations = mutate(parent.plan.mutations, parent.decisions, seed, 1 + uint32_t(r.below(4)));
    return p;
}

void Campaign::execute(Worker& w, const RunPlan& p, Outcome& out) const {
    const bool corpus_open = (cfg_.strategy == Strategy::Coverage || cfg_.strategy == Strategy::Portfolio) &&
                             corpus_.size() < kCorpusMax;
    w.plan_override.configure(p, horizon_);
    w.log.reset();
    RunOptions o;
    o.seed = p.seed;
    o.replay = p.plain() ? nullptr : &w.plan_override;
    o.recorder = corpus_open ? &w.log : nullptr;
    o.observer = &w.probe;
    RunResult r = w.runner.run(o);
    const Judged j = judge(sc_, r);
    out.verdict = j.verdict;
    out.end = r.end;
    out.steps = r.steps;
    out.digest = r.digest;
    out.codes = w.probe.take();
    if (j.verdict == Verdict::Fail) {
        out.hits = failure_hits(sc_, r, j);
        out.violations = std::move(r.violations);
    }
    // The coverage of the batches before this one is only read while a batch runs.
    if (corpus_open && std::any_of(out.codes.begin(), out.codes.end(), [&](uint32_t c) { return !coverage_.seen(c); }))
        out.decisions = std::move(w.log.decisions());
}

std::string Campaign::plan_words(const RunPlan& p) const {
    const std::vector<FaultIdentity> ids = fault_identities(sc_.faults);
    PlanOverride o(sc_, ids);
    o.configure(p, horizon_);
    std::string base(strategy_name(p.base));
    if (p.base == Strategy::Swarm) base += " (" + o.swarm().describe() + ")";
    if (p.base == Strategy::Pct) base += " (" + o.pct().describe() + ")";
    if (p.mutations.empty()) return base;
    return fmt::format("coverage: {} decision{} of the run of seed {} changed; the rest {} from seed {}",
                       p.mutations.size(), p.mutations.size() == 1 ? "" : "s", p.parent.value_or(p.seed), base,
                       p.seed);
}

void Campaign::reduce(const RunPlan& p, Outcome& out, CampaignResult& r) {
    ++r.runs;
    r.steps += out.steps;
    r.last_seed = p.slot;
    switch (out.verdict) {
        case Verdict::Pass: ++r.passed; break;
        case Verdict::Fail: ++r.failed; break;
        case Verdict::Inconclusive:
            ++r.inconclusive;
            if (!r.first_inconclusive) {
                r.first_inconclusive = p.slot;
                r.first_inconclusive_why = run_end_name(out.end);
            }
            break;
    }
    for (const FailureHit& h : out.hits) {
        const auto [it, fresh] = groups_.emplace(std::pair(h.invariant, h.signature), r.failures.size());
        if (!fresh) {
            ++r.failures[it->second].count;
            continue;
        }
        DistinctFailure f;
        f.invariant = h.invariant;
        f.signature = h.signature;
        f.first_seed = p.slot;
        f.count = 1;
        f.plan = p;
        f.plan_words = plan_words(p);
        f.digest = out.digest;
        if (h.violation < out.violations.size()) {
            const Violation& v = out.violations[h.violation];
            f.what = violation_line(sc_, v);
            f.shape = history_shape(v);
            f.history = history_words(sc_, v);
        } else {
            f.what = h.text;
        }
        r.failures.push_back(std::move(f));
    }
    if (coverage_.add(out.codes) != 0 && !out.decisions.empty() && corpus_.size() < kCorpusMax)
        corpus_.push_back(CorpusEntry{p, std::move(out.decisions)});
}

CampaignResult Campaign::run(const ProgressFn& progress) {
    const std::vector<FaultIdentity> ids = fault_identities(sc_.faults);
    while (workers_.size() < cfg_.jobs) workers_.push_back(std::make_unique<Worker>(sc_, ids));
    WorkerPool pool(cfg_.jobs);
    CampaignResult res;
    std::atomic<bool> halt{false};
    CampaignProgress seen;
    for (uint64_t i0 = 0;; i0 += kBatch) {
        const std::optional<uint64_t>& count = cfg_.seeds.count;
        if (count && i0 >= *count) break;
        const size_t n = count ? size_t(std::min<uint64_t>(kBatch, *count - i0)) : kBatch;
        std::vector<RunPlan> plans;
        for (size_t k = 0; k < n; ++k) plans.push_back(plan(cfg_.seeds.seed(i0 + k)));
        std::vector<Outcome> outcomes(n);
        std::atomic<size_t> first_fail{SIZE_MAX};
        seen.tuples_seen = coverage_.tuples_seen();
        seen.tuples_total = coverage_.tuples_total();
        seen.pairs_seen = coverage_.pairs_seen();
        seen.pairs_total = coverage_.pairs_total();
        const auto task = [&](uint32_t w, size_t k) {
            execute(*workers_[w], plans[k], outcomes[k]);
            CampaignProgress now = seen;
            now.runs = ++runs_done_;
            now.failing_runs = failing_.load();
            if (outcomes[k].verdict == Verdict::Fail) {
                now.failing_runs = ++failing_;
                if (cfg_.stop_on_first) {
                    size_t f = first_fail.load();
                    while (k < f && !first_fail.compare_exchange_weak(f, k)) {
                    }
                }
            }
            if (progress && !progress(now)) halt.store(true);
        };
        const auto more = [&](size_t k) { return !halt.load() && k <= first_fail.load(); };
        const size_t ran = pool.run(n, task, more);
        const size_t fail = first_fail.load();
        const size_t upto = fail < ran ? fail + 1 : ran;
        for (size_t k = 0; k < upto; ++k) reduce(plans[k], outcomes[k], res);
        if (fail < ran) {
            res.stopped = CampaignStop::StopOnFirst;
            break;
        }
        if (halt.load() || ran < n) {
            res.stopped = CampaignStop::Stopped;
            break;
        }
    }
    res.corpus = corpus_.size();
    return res;
}

RunResult Campaign::replay(const RunPlan& plan, DecisionRecorder* recorder, std::FILE* trace, const std::string& tape) {
    const std::vector<FaultIdentity> ids = fault_identities(sc_.faults);
    PlanOverride o(sc_, ids);
    o.configure(plan, horizon_);
    Runner runner(sc_);
    RunOptions opts;
    opts.seed = plan.seed;
    opts.replay = plan.plain() ? nullptr : &o;
    opts.recorder = recorder;
    opts.trace = trace;
    opts.tape = tape;
    return runner.run(opts);
}

}  // namespace sagasim
