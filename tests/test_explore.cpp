// sim/explore without the command line: shard seed sets, the strategies as overrides (swarm's
// mix, PCT's priorities and change points, coverage mutants), coverage codes and their universe,
// failure signatures, and whole campaigns: the same result for any number of jobs, stop on
// first, a stopped campaign being a prefix, plans that replay their run, and merging shards.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/explore/campaign.hpp"
#include "sim/explore/merge.hpp"
#include "sim/explore/report.hpp"
#include "sim/explore/strategies.hpp"
#include "sim/scenario/errors.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/run_helpers.hpp"

using namespace sagasim;
using nlohmann::json;

namespace {

const Scenario& chaos() {
    static const Scenario sc = load_scenario_file(std::string(SAGASIM_SOURCE_DIR) + "/bench/generic-chaos.yaml");
    return sc;
}

CampaignResult campaign(const Scenario& sc, Strategy s, uint64_t runs, uint32_t jobs, bool stop = false,
                        uint32_t index = 0, uint32_t count = 1) {
    CampaignConfig c;
    c.strategy = s;
    c.seeds = seeds_in_range(1, runs, index, count);
    c.jobs = jobs;
    c.stop_on_first = stop;
    Campaign camp(sc, c);
    return camp.run(nullptr);
}

// What a campaign found, as text: each distinct failure with its first seed, count and digest.
std::string found(const CampaignResult& r) {
    std::string s = fmt::format("{} runs {} passed {} failed {} inconclusive\n", r.runs, r.passed, r.failed, r.inconclusive);
    for (const DistinctFailure& f : r.failures)
        s += fmt::format("{} {:016x} first {} count {} {} {}\n", f.invariant, f.signature, f.first_seed, f.count,
                         f.digest, f.plan_words);
    return s;
}

std::string jsonl(const Scenario& sc, CampaignConfig c) {
    Campaign camp(sc, c);
    const CampaignResult r = camp.run(nullptr);
    return campaign_jsonl(CampaignReport{sc, c, r, camp.coverage(), {}, {}});
}

}  // namespace

TEST_CASE("explore: the shards of a seed range split it without overlap and cover it", "[explore]") {
    std::set<uint64_t> all;
    for (uint32_t i = 0; i < 3; ++i) {
        const SeedSet s = seeds_in_range(10, 20, i, 3);
        for (uint64_t k = 0; k < *s.count; ++k) CHECK(all.insert(s.seed(k)).second);
    }
    CHECK(all == std::set<uint64_t>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
    CHECK(*seeds_in_range(5, 5, 1, 2).count == 0);
    CHECK(*seeds_in_range(0, UINT64_MAX, 0, 1).count == UINT64_MAX);  // 2^64 seeds: the count saturates below
    const SeedSet top = seeds_in_range(UINT64_MAX - 3, UINT64_MAX, 1, 2);
    CHECK(*top.count == 2);
    CHECK(top.seed(1) == UINT64_MAX);
}

TEST_CASE("explore: strategy names", "[explore]") {
    CHECK(strategy_choices() == "random, swarm, pct, coverage or portfolio");
    for (int i = 0; i < kStrategyCount; ++i) CHECK(strategy_from_name(strategy_name(Strategy(i))) == Strategy(i));
    CHECK(!strategy_from_name("Random"));
}

TEST_CASE("explore: swarm switches drawing faults off and scales them, the same way for the same seed", "[explore]") {
    const Scenario& sc = chaos();
    const std::vector<FaultIdentity> ids = fault_identities(sc.faults);
    SwarmOverride a(sc, ids), b(sc, ids);
    std::set<std::string> mixes;
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        a.configure(seed);
        b.configure(seed);
        CHECK(a.describe() == b.describe());
        mixes.insert(a.describe());
        CHECK(a.describe().find("#") == 0);
    }
    CHECK(mixes.size() > 20);
    // A fault switched off never acts; the nemesis switched off moves at its shortest.
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        a.configure(seed);
        const std::string d = a.describe();
        if (d.find("#1 off") == std::string::npos) continue;
        Decision acts{DrawKey{Site::FaultActs, ids[0].key, 7, 0, 0}, 0, 1, 0, 1, 0};
        CHECK(a.answer(acts));
        CHECK(acts.value == 0);
        RunPlan p;
        p.slot = p.seed = seed;
        p.strategy = p.base = Strategy::Swarm;
        CampaignConfig c;
        Campaign camp(sc, c);
        const RunResult r = camp.replay(p, nullptr);
        CHECK(r.fault_acted[0] == 0);
        CHECK(r.fault_chances[0].matched > 0);
        return;
    }
    FAIL("no seed in 1..40 switched fault #1 off");
}

TEST_CASE("explore: pct gives a tie to the lane of highest priority and lowers it at a change point", "[explore]") {
    PctOverride p;
    uint64_t seed = 1;
    for (;; ++seed) {  // a seed of depth 2: one change point
        p.configure(seed, 10);
        if (p.depth() == 2) break;
    }
    const uint32_t lanes[3] = {4, 9, 12};
    Decision d{DrawKey{Site::TieEvent, 0, 0, 0, 0}, 0, 0, 0, 2, 0, lanes};
    // Before the change point, the same lane wins every tie it is in.
    const std::string words = p.describe();
    REQUIRE(words.rfind("depth 2, change points at ties ", 0) == 0);
    const uint32_t change = uint32_t(std::stoul(words.substr(words.rfind(' ') + 1)));
    uint32_t first = 99;
    for (uint32_t tie = 0; tie <= change; ++tie) {
        d.key.index = tie;
        REQUIRE(p.answer(d));
        if (first == 99) first = uint32_t(d.value);
        CHECK(d.value == first);
    }
    // After it, that lane comes last: another wins.
    d.key.index = change + 1;
    REQUIRE(p.answer(d));
    CHECK(d.value != first);
    // Without the candidates' lanes it leaves the tie to the seed.
    Decision bare{DrawKey{Site::TieEvent, 0, 0, 3, 0}, 0, 0, 0, 1, 0};
    CHECK(!p.answer(bare));
}

TEST_CASE("explore: a mutant changes the decisions it names and no others", "[explore]") {
    std::vector<MutableDecision> ds{{{Site::PaymentOutcome, 0, 5, 0, 1}, 0, 1}, {{Site::TieEvent, 0, 0, 3, 0}, 0, 2},
                                    {{Site::KafkaLatency, 0, 5, 0, 1200}, 1000, 5000}};
    const std::vector<Mutation> m = mutate({}, ds, 42, 3);
    REQUIRE(!m.empty());
    for (size_t i = 1; i < m.size(); ++i) CHECK(m[i - 1].key() < m[i].key());
    for (const Mutation& x : m)
        for (const MutableDecision& d : ds)
            if (d.at.key() == x.key()) {
                CHECK(x.value != d.at.value);
                CHECK(int64_t(x.value) >= d.lo);
                CHECK(int64_t(x.value) <= d.hi);
            }
    const Scenario& sc = chaos();
    const std::vector<FaultIdentity> ids = fault_identities(sc.faults);
    PlanOverride o(sc, ids);
    RunPlan p;
    p.mutations = {Mutation{Site::PaymentOutcome, 0, 5, 0, 0}};
    o.configure(p, 10);
    Decision hit{DrawKey{Site::PaymentOutcome, 0, 5, 0, 0}, 0, 1, 0, 1, 0};
    CHECK(o.answer(hit));
    CHECK(hit.value == 0);
    Decision other{DrawKey{Site::PaymentOutcome, 0, 5, 1, 0}, 0, 1, 0, 1, 0};
    CHECK(!o.answer(other));
    // A mutation that no longer fits its question is passed by.
    p.mutations = {Mutation{Site::TieEvent, 0, 0, 3, 5}};
    o.configure(p, 10);
    Decision tie{DrawKey{Site::TieEvent, 0, 0, 3, 0}, 0, 0, 0, 1, 0};
    CHECK(!o.answer(tie));
}

TEST_CASE("explore: coverage reaches tuples and pairs and names those never seen", "[explore]") {
    const Scenario sc = load_scenario_text(
        "name: t\ninventory: {SKU-1: 10}\norders:\n  - {at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n"
        "faults:\n  - duplicate: {topic: order-paid-topic, order: 1}\n",
        "t.yaml");
    CoverageProbe probe;
    RunOptions o = seeded(1);
    o.observer = &probe;
    run_scenario(sc, o);
    const std::vector<uint32_t> codes = probe.take();
    Coverage cov(sc);
    CHECK(cov.add(codes) == codes.size());
    CHECK(cov.add(codes) == 0);
    const std::vector<std::string> seen = cov.seen_words(true);
    const std::set<std::string> s(seen.begin(), seen.end());
    CHECK(s.count("order - (request) proceed") == 1);
    CHECK(s.count("inventory - OrderPlacedEvent reserved") == 1);
    CHECK(s.count("order PAID ShipmentShippedEvent proceed") == 1);
    CHECK(s.count("shipment - OrderPaidEvent duplicate") == 1);
    const std::vector<std::string> never = cov.never_words(true);
    CHECK(std::count(never.begin(), never.end(), "inventory - OrderPlacedEvent insufficient-stock") == 1);
    CHECK(cov.tuples_seen() + never.size() == cov.tuples_total());
    CHECK(cov.pairs_total() == 2);
    CHECK(cov.pairs_seen() == 2);
    const std::string id = "#1 " + fault_identities(sc.faults)[0].id + " duplicate ";
    CHECK(cov.seen_words(false) == std::vector<std::string>{id + "append", id + "ack", id + "fault"});
    // The probe starts afresh.
    CHECK(probe.take().empty());
}

TEST_CASE("explore: a failure's signature leaves out order ids, numbers and times", "[explore]") {
    const Scenario sc = load_scenario_file(std::string(SAGASIM_SOURCE_DIR) + "/scenarios/seed-bugs/lost-payment-failed.yaml");
    std::set<uint64_t> sigs;
    std::set<std::string> numbers;
    for (uint64_t seed : {1, 2, 3}) {
        const RunResult r = run_scenario(sc, seeded(seed));
        REQUIRE(!r.violations.empty());
        const Violation& v = r.violations[0];
        numbers.insert(v.order_number);
        sigs.insert(failure_signature(v.invariant, v.actual, history_shape(v)));
        for (const std::string& step : history_shape(v)) {
            CHECK(step.find("send") != 0);
            CHECK(step.find("append") != 0);
        }
    }
    CHECK(numbers.size() == 3);
    CHECK(sigs.size() == 1);
}

TEST_CASE("explore: what `expect` pins is no failure, what it misses is", "[explore]") {
    const Scenario sc = load_scenario_file(std::string(SAGASIM_SOURCE_DIR) + "/scenarios/seed-bugs/lost-payment-failed.yaml");
    const RunResult r = run_scenario(sc, seeded(1));
    CHECK(failure_hits(sc, r, judge(sc, r)).empty());
    // The same scenario without its drop: the pinned violations do not happen.
    Scenario healed = sc;
    healed.faults.clear();
    const RunResult h = run_scenario(healed, seeded(1));
    const std::vector<FailureHit> hits = failure_hits(healed, h, judge(healed, h));
    REQUIRE(hits.size() >= 1);
    CHECK(hits[0].invariant == "expect.violations");
    CHECK(hits[0].text ==
          "expected violations that did not happen: no-leak-after-payment-failure, saga-terminates");
}

TEST_CASE("explore: a campaign finds the same failures, first seeds and counts for any number of jobs", "[explore]") {
    const std::string one = found(campaign(chaos(), Strategy::Portfolio, 300, 1));
    CHECK(one == found(campaign(chaos(), Strategy::Portfolio, 300, 2)));
    CHECK(one == found(campaign(chaos(), Strategy::Portfolio, 300, 3)));
    const std::string cov = found(campaign(chaos(), Strategy::Coverage, 300, 1));
    CHECK(cov.find("coverage:") != std::string::npos);  // a mutant was among them
    CHECK(cov == found(campaign(chaos(), Strategy::Coverage, 300, 2)));
    CampaignConfig c;
    c.seeds = seeds_in_range(1, 200, 0, 1);
    c.jobs = 1;
    const std::string a = jsonl(chaos(), c);
    c.jobs = 2;
    CHECK(a == jsonl(chaos(), c));
}

TEST_CASE("explore: every strategy finds failures in the generic chaos mix", "[explore]") {
    for (Strategy s : {Strategy::Random, Strategy::Swarm, Strategy::Pct, Strategy::Coverage}) {
        CAPTURE(strategy_name(s));
        const CampaignResult r = campaign(chaos(), s, 100, 2);
        CHECK(r.runs == 100);
        CHECK(r.failed > 0);
        for (const DistinctFailure& f : r.failures) CHECK(f.plan.strategy == s);
    }
}

TEST_CASE("explore: --stop-on-first keeps the runs up to the first failing seed, whatever the jobs", "[explore]") {
    const CampaignResult one = campaign(chaos(), Strategy::Random, 500, 1, true);
    const CampaignResult two = campaign(chaos(), Strategy::Random, 500, 2, true);
    CHECK(one.stopped == CampaignStop::StopOnFirst);
    CHECK(found(one) == found(two));
    CHECK(one.failed == 1);
    CHECK(one.runs == *one.last_seed);  // seeds from 1: the first failing seed is the last that counts
    CHECK(one.failures.front().first_seed == *one.last_seed);
}

TEST_CASE("explore: a campaign stopped by its caller is a prefix of the seeds, as if it had asked for fewer runs", "[explore]") {
    CampaignConfig c;
    c.strategy = Strategy::Coverage;
    c.seeds = seeds_in_range(1, 100000, 0, 1);
    c.jobs = 2;
    Campaign camp(chaos(), c);
    const CampaignResult r = camp.run([](const CampaignProgress& p) { return p.runs < 150; });
    CHECK(r.stopped == CampaignStop::Stopped);
    CHECK(r.runs >= 128);
    CHECK(r.runs < 100000);
    CHECK(*r.last_seed == r.runs);
    CHECK(found(r) == found(campaign(chaos(), Strategy::Coverage, r.runs, 1)));
}

TEST_CASE("explore: a failure's plan replays its run, digest for digest", "[explore]") {
    std::set<Strategy> kinds;
    size_t mutants = 0;
    for (Strategy s : {Strategy::Portfolio, Strategy::Coverage}) {
        CampaignConfig c;
        c.strategy = s;
        c.seeds = seeds_in_range(1, 300, 0, 1);
        c.jobs = 2;
        Campaign camp(chaos(), c);
        const CampaignResult r = camp.run(nullptr);
        CHECK(r.corpus > 0);
        for (const DistinctFailure& f : r.failures) {
            CAPTURE(f.first_seed, f.plan_words);
            CHECK(camp.replay(f.plan, nullptr).digest == f.digest);
            kinds.insert(f.plan.strategy);
            mutants += f.plan.mutations.empty() ? 0 : 1;
        }
    }
    CHECK(kinds.size() == 4);
    CHECK(mutants > 0);
}

TEST_CASE("explore: a run that hits max-steps is inconclusive, never a pass", "[explore]") {
    Scenario sc = chaos();
    sc.run.max_steps = 50;
    const CampaignResult r = campaign(sc, Strategy::Random, 10, 1);
    CHECK(r.inconclusive == 10);
    CHECK(r.passed == 0);
    CHECK(r.failed == 0);
    CHECK(*r.first_inconclusive == 1);
    CHECK(r.first_inconclusive_why == "max-steps");
}

TEST_CASE("explore: merged shards are the whole campaign's counts and failures, deduplicated", "[explore]") {
    std::vector<ShardFile> files;
    uint64_t runs = 0, failed = 0;
    std::map<std::pair<std::string, uint64_t>, std::pair<uint64_t, uint64_t>> want;  // first seed, count
    for (uint32_t i = 0; i < 3; ++i) {
        CampaignConfig c;
        c.strategy = Strategy::Random;
        c.seeds = seeds_in_range(1, 150, i, 3);
        Campaign camp(chaos(), c);
        const CampaignResult r = camp.run(nullptr);
        runs += r.runs;
        failed += r.failed;
        for (const DistinctFailure& f : r.failures) {
            auto [it, fresh] = want.emplace(std::pair(f.invariant, f.signature), std::pair(f.first_seed, f.count));
            if (!fresh) it->second = {std::min(it->second.first, f.first_seed), it->second.second + f.count};
        }
        files.push_back(ShardFile{fmt::format("shard{}.json", i), campaign_jsonl(CampaignReport{chaos(), c, r, camp.coverage(), {}, {}})});
    }
    const Merged m = merge_results(files);
    CHECK(m.summary["runs"] == runs);
    CHECK(m.summary["failed"] == failed);
    CHECK(m.summary["shards"] == json::array({0, 1, 2}));
    CHECK(m.summary["distinct_failures"] == want.size());
    REQUIRE(m.failures.size() == want.size());
    for (const json& f : m.failures) {
        const auto& w = want.at(std::pair(f["invariant"].get<std::string>(), std::stoull(f["signature"].get<std::string>(), nullptr, 16)));
        CHECK(f["first_seed"] == w.first);
        CHECK(f["count"] == w.second);
    }
    // The whole campaign, run in one piece, finds the same distinct failures.
    CHECK(campaign(chaos(), Strategy::Random, 150, 2).failures.size() == want.size());
    // Twice the same shard counts once.
    const Merged again = merge_results({files[0], files[1], files[0]});
    REQUIRE(again.warnings.size() == 1);
    CHECK(again.warnings[0] == "'shard0.json' holds shards merged already; it is counted once");
    CHECK(again.summary["shards"] == json::array({0, 1}));
}

TEST_CASE("explore: merge refuses results of different scenarios, tools or splits, naming both files", "[explore]") {
    CampaignConfig c;
    c.seeds = seeds_in_range(1, 3, 0, 2);
    Campaign camp(chaos(), c);
    const CampaignResult r = camp.run(nullptr);
    const std::string text = campaign_jsonl(CampaignReport{chaos(), c, r, camp.coverage(), {}, {}});
    json sum = json::parse(text.substr(text.rfind("\n", text.size() - 2) + 1));
    const auto with = [&](const char* key, const json& v) {
        json s = sum;
        s[key] = v;
        return text.substr(0, text.rfind("\n", text.size() - 2) + 1) + s.dump() + "\n";
    };
    const std::string sha = chaos().sha256;
    try {
        merge_results({{"a.json", text}, {"b.json", with("sha256", "00ff")}});
        FAIL("merged two scenarios");
    } catch (const MergeRefused& e) {
        CHECK(std::string(e.what()) == "cannot merge 'a.json' and 'b.json': they ran different scenarios (" +
                                           chaos().path + " sha256 " + sha + " and " + chaos().path + " sha256 00ff)");
    }
    try {
        merge_results({{"a.json", text}, {"b.json", with("tool", "sagasim 0.0.9 (1234567)")}});
        FAIL("merged two tools");
    } catch (const MergeRefused& e) {
        CHECK(std::string(e.what()) == "cannot merge 'a.json' and 'b.json': they come from different tool versions (" +
                                           version_string() + " and sagasim 0.0.9 (1234567))");
    }
    try {
        merge_results({{"a.json", text}, {"b.json", with("shard", json{{"index", 1}, {"count", 4}})}});
        FAIL("merged two splits");
    } catch (const MergeRefused& e) {
        CHECK(std::string(e.what()) ==
              "cannot merge 'a.json' and 'b.json': they are shards of different splits (shard 0 of 2 and shard 1 of 4)");
    }
    try {
        merge_results({{"a.json", "{\"record\":\"summary\"}\n"}});
        FAIL("merged a summary without fields");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == "a.json:1:1: error: the summary has no 'tool' of the right type");
    }
    try {
        merge_results({{"a.json", "not json\n"}});
        FAIL("merged text");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == "a.json:1:1: error: not a JSON line of sagasim fuzz --json");
    }
    try {
        merge_results({{"a.json", text.substr(0, text.rfind("\n", text.size() - 2) + 1)}});
        FAIL("merged a cut result");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("error: no summary line: not the whole output of sagasim fuzz --json") !=
              std::string::npos);
    }
}

TEST_CASE("explore: JUnit test cases are named after the scenario, or its file when it has no name", "[explore]") {
    const json summary{{"scenario", "dir/my-case.yaml"}, {"name", ""}, {"tool", "t"}, {"sha256", "s"},
                       {"strategy", "random"}, {"verdict", "pass"}, {"runs", 1}, {"passed", 1}, {"failed", 0},
                       {"inconclusive", 0}, {"first_inconclusive", nullptr},
                       {"coverage", {{"tuples", {{"seen", 1}, {"of", 2}}}, {"pairs", {{"seen", 0}, {"of", 0}}}}}};
    const std::string xml = campaign_junit({}, summary);
    CHECK(xml.find("<testcase classname=\"sagasim.fuzz.my-case\" name=\"campaign summary\" file=\"dir/my-case.yaml\" line=\"1\">") !=
          std::string::npos);
    CHECK(xml.find("<system-out>runs: 1 (1 passed, 0 failed, 0 inconclusive)\ncoverage: 1 of 2 (service, status, event, "
                   "outcome) tuples, 0 of 0 (fault, step) pairs\n</system-out>") != std::string::npos);
    json named = summary;
    named["name"] = "a<b";
    CHECK(campaign_junit({}, named).find("classname=\"sagasim.fuzz.a&lt;b\"") != std::string::npos);
}
