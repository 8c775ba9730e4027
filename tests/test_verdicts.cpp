// Verdicts that tell the truth (issue "Every verdict tells the truth"): the fault phase lasts
// until the sagas fall quiet, every fault accounts for itself, a heal phase out of time is
// inconclusive, the false alarms the catalogue rules out stay out, and a stuck order says what
// became of the record it waits for.
#include <catch2/catch.hpp>

#include <fstream>

#include "sim/run/fault_report.hpp"
#include "sim/run/summary.hpp"
#include "tests/cli_runner.hpp"
#include "tests/run_helpers.hpp"

using namespace sagasim;
using namespace sagasim::testing;

namespace {

constexpr const char* kOneDeclined =
    "name: one-declined\n"
    "inventory: {SKU-1: 10}\n"
    "payment: {success-rate: 0.0}\n"
    "orders:\n  - {at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n";

Scenario load(const std::string& yaml) { return load_scenario_text(yaml, "inline.yaml"); }

RunResult run_of(const Scenario& sc, uint64_t seed = 1) { return run_scenario(sc, seeded(seed)); }

Scenario shipped(const std::string& rel) {
    Scenario sc = load_scenario_file(std::string(SAGASIM_SOURCE_DIR) + "/" + rel);
    sc.path = rel;
    return sc;
}

}  // namespace

TEST_CASE("without run.until the fault phase lasts until the sagas fall quiet, so a drop acts", "[verdicts]") {
    const Scenario sc = load(std::string(kOneDeclined) + "faults:\n  - drop: {topic: payment-failed-topic, order: 1}\n");
    const RunResult r = run_of(sc);
    CHECK(r.phase_end_why == PhaseEnd::Quiet);
    CHECK(r.end == RunEnd::Drained);
    REQUIRE(r.fault_acted.size() == 1);
    CHECK(r.fault_acted[0] == 1);
    CHECK(violated(r) == std::set<std::string>{"no-leak-after-payment-failure", "saga-terminates"});
    const std::string text = summary_text(sc, r, judge(sc, r));
    CHECK(text.find("faults:\n  #1 drop payment-failed-topic order=1  acted 1 time\n") != std::string::npos);
    CHECK(fault_warnings(sc, r).empty());
}

TEST_CASE("a stuck order says what became of the record it waits for", "[verdicts]") {
    const Scenario sc = load(std::string(kOneDeclined) + "faults:\n  - drop: {topic: payment-failed-topic, order: 1}\n");
    const RunResult r = run_of(sc);
    bool found = false;
    for (const Violation& v : r.violations) {
        if (v.invariant != "saga-terminates") continue;
        found = true;
        CHECK(v.actual.rfind("stuck in CONFIRMED: the PaymentFailedEvent sent for it was lost (step ", 0) == 0);
    }
    CHECK(found);
}

TEST_CASE("a fault that never acted says why", "[verdicts]") {
    SECTION("a crash whose time comes after the sagas fell quiet") {
        const Scenario sc = load(std::string(kOneDeclined) + "faults:\n  - crash: {service: payment, at: 5s}\n");
        const RunResult r = run_of(sc);
        const std::vector<std::string> w = fault_warnings(sc, r);
        REQUIRE(w.size() == 1);
        CHECK(w[0].find("fault #1 (crash-") == 0);
        CHECK(w[0].substr(w[0].find(")")) ==
              ") never acted: its time (5s) came after the fault phase ended at " + short_time(r.phase_end.us) +
                  " (all quiet after the last client request); set run.until to keep faults on longer");
    }
    SECTION("a drop whose record is sent after run.until") {
        const Scenario sc = load(std::string(kOneDeclined) +
                                 "run: {until: 0s}\nfaults:\n  - drop: {topic: payment-failed-topic, order: 1, id: lost-pf}\n");
        const RunResult r = run_of(sc);
        const std::vector<FaultReport> f = fault_reports(sc, r);
        REQUIRE(f.size() == 1);
        CHECK(f[0].acted == 0);
        CHECK(f[0].never_acted.rfind("no record of payment-failed-topic for order 1 was sent before the fault phase "
                                     "ended at 0s (run.until); the first was sent at ",
                                     0) == 0);
        CHECK(fault_warnings(sc, r)[0].rfind("fault #1 (lost-pf) never acted: no record of", 0) == 0);
    }
    SECTION("a probabilistic fault that matched but never drew") {
        const Scenario sc =
            load(std::string(kOneDeclined) + "faults:\n  - duplicate: {topic: order-placed-topic, probability: 0.000001}\n");
        const RunResult r = run_of(sc);
        CHECK(fault_reports(sc, r)[0].never_acted ==
              "it met 1 record in the fault phase and its probability (0.000001) drew none");
    }
    SECTION("nth beyond what came") {
        const Scenario sc = load(std::string(kOneDeclined) + "faults:\n  - drop: {topic: order-placed-topic, nth: 3}\n");
        const RunResult r = run_of(sc);
        CHECK(fault_reports(sc, r)[0].never_acted == "it met 1 record in the fault phase; nth: 3 never came");
    }
}

TEST_CASE("a replica and a scale step are in the fault's brief, and a late scale step says why it never acted",
          "[verdicts]") {
    const Scenario sc = load(std::string(kOneDeclined) +
                             "replicas: {inventory: 2}\nfaults:\n"
                             "  - crash: {service: inventory, replica: 2, at: 5s}\n"
                             "  - pause: {service: payment, replica: 1, from: 4s, to: 6s}\n"
                             "  - scale: {service: inventory, at: 5s, replicas: 3}\n");
    CHECK(fault_brief(sc.faults[0]) == "crash inventory replica=2 at=5s");
    CHECK(fault_brief(sc.faults[1]) == "pause payment replica=1 4s..6s");
    CHECK(fault_brief(sc.faults[2]) == "scale inventory to 3 at=5s");
    const RunResult r = run_of(sc);
    const std::vector<FaultReport> f = fault_reports(sc, r);
    REQUIRE(f.size() == 3);
    CHECK(f[2].acted == 0);
    CHECK(f[2].never_acted == "its time (5s) came after the fault phase ended at " + short_time(r.phase_end.us) +
                                  " (all quiet after the last client request); set run.until to keep faults on longer");
}

TEST_CASE("the command line warns on stderr of a fault that never acted", "[verdicts][cli]") {
    const auto dir = scratch_dir("verdicts");
    std::ofstream(dir / "late.yaml") << kOneDeclined << "faults:\n  - crash: {service: payment, at: 5s, id: late}\n";
    const CliResult r = run_cli(dir, "run late.yaml");
    CHECK(r.err.find("sagasim: warning: fault #1 (late) never acted: its time (5s) came after the fault phase ended at ") !=
          std::string::npos);
    CHECK(r.out.find("  #1 crash payment at=5s  acted 0 times  (warning: never acted: its time (5s)") != std::string::npos);
}

TEST_CASE("a heal phase that runs out of time with orders at work is inconclusive, exit 4", "[verdicts]") {
    // The OrderPlacedEvent is held 30 s by its consumers; the heal phase ends 2 s after run.until.
    const std::string yaml = std::string(kOneDeclined) +
                             "run: {until: 1s, quiesce: 2s}\n"
                             "faults:\n  - delay: {topic: order-placed-topic, by: 30s}\n";
    const Scenario sc = load(yaml);
    const RunResult r = run_of(sc);
    CHECK(r.end == RunEnd::QuiesceLimit);
    CHECK(r.unjudged == 1);
    CHECK(r.violations.empty());
    const Judged j = judge(sc, r);
    CHECK(j.verdict == Verdict::Inconclusive);
    CHECK(exit_code(j.verdict) == 4);
    const std::string text = summary_text(sc, r, j);
    CHECK(text.find("INCONCLUSIVE: 1 order still at work when the heal phase ended (run.quiesce 2s after the fault "
                    "phase ended at 1s); first: order 1 (PENDING); inventory's listener on order-placed-topic: 1 "
                    "record not yet handled; try run.quiesce: 20s\n") != std::string::npos);
    CHECK(text.find("(quiesce-limit)") != std::string::npos);
    const auto dir = scratch_dir("verdicts");
    std::ofstream(dir / "slow.yaml") << yaml;
    CHECK(run_cli(dir, "run slow.yaml").code == 4);
}

TEST_CASE("a violation found is a failure even when the heal phase ran out of time", "[verdicts]") {
    // Order 1's PaymentFailedEvent is lost (a leak and a stuck saga); order 2 is still held back.
    const Scenario sc = load(
        "name: two\ninventory: {SKU-1: 10}\npayment: {success-rate: 0.0}\nrun: {until: 1s, quiesce: 2s}\n"
        "orders:\n  - {at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}\n"
        "  - {at: 0s, sku: SKU-1, quantity: 1, price: \"5.00\"}\n"
        "faults:\n  - delay: {topic: order-placed-topic, order: 2, by: 30s}\n"
        "  - drop: {topic: payment-failed-topic, order: 1}\n");
    const RunResult r = run_of(sc);
    CHECK(r.end == RunEnd::QuiesceLimit);
    CHECK(r.unjudged == 1);
    CHECK(r.first_unjudged == 2);
    CHECK(violated(r) == std::set<std::string>{"no-leak-after-payment-failure", "saga-terminates"});
    CHECK(judge(sc, r).verdict == Verdict::Fail);
}

TEST_CASE("false alarm: a charge rolled back and re-rolled the same way is no ship-only-paid", "[verdicts]") {
    // Seed 11: PaymentSucceededEvent went out, the crash rolled the row back, shipment shipped, and
    // the redelivery drew SUCCEEDED again: the end state is consistent (SHIPPED, one charge).
    const Scenario sc = shipped("scenarios/seed-bugs/payment-reroll-after-crash.yaml");
    const RunResult r = run_of(sc, 11);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(r.payments.at(PaymentStatus::SUCCEEDED) == 1);
    CHECK(r.counters.crashes == 1);
    CHECK(violated(r).empty());
}

TEST_CASE("false alarm: holding more than the quantity is single-reservation's, not no-oversell's", "[verdicts]") {
    // Order 1's OrderPlacedEvent sent twice with fresh eventIds: inventory holds 4 for a quantity of 2.
    const RunResult r = run_yaml("name: t\nrun: {until: 10s}\ninventory: {SKU-1: 10}\n"
                                 "orders: [{at: 0s, sku: SKU-1, quantity: 2, price: \"5.00\"}]\n"
                                 "inject:\n  - {at: 1s, topic: order-placed-topic, order-id: 1}\n",
                                 1);
    CHECK(stock_of(r, "SKU-1") == 6);
    CHECK(violated(r) == std::set<std::string>{"single-reservation"});
}

TEST_CASE("false alarm: a SHIPPED order whose payment row is FAILED leaked nothing", "[verdicts]") {
    // Seed 1297 of the chaos scenario: order shipped, its payment row re-rolled FAILED.
    const Scenario sc = shipped("bench/generic-chaos.yaml");
    const RunResult r = run_of(sc, 1297);
    for (const Violation& v : r.violations) {
        if (v.invariant != "no-leak-after-payment-failure") continue;
        CAPTURE(v.order, v.actual);
        CHECK(v.actual.find("(SHIPPED)") == std::string::npos);
    }
}

TEST_CASE("the digest covers the values of published records", "[verdicts]") {
    const std::string base = std::string(kOneDeclined) + "inject:\n  - {at: 1s, topic: payment-failed-topic, order-id: 1";
    const RunResult a = run_yaml(base + ", amount: \"10.00\"}\n", 1);
    const RunResult b = run_yaml(base + ", amount: \"11.00\"}\n", 1);
    CHECK(a.steps == b.steps);
    CHECK(a.digest != b.digest);
}

TEST_CASE("a fault window ends with the fault phase", "[verdicts]") {
    // A db-outage from 0 s to 100 s with run.until 1 s: commits fail until 1 s, then succeed.
    const Traced t = run_traced(std::string(kOneDeclined) + "run: {until: 1s}\nfaults:\n  - db-outage: {service: inventory, from: 0s, to: 100s}\n", 1);
    const auto ends = of_kind(t.steps, "window-end");
    REQUIRE(ends.size() == 1);
    CHECK(ends[0]["t"] == 1000000);
    const auto phase = of_kind(t.steps, "phase-end");
    REQUIRE(phase.size() == 1);
    CHECK(phase[0]["why"] == "until");
    CHECK(t.result.end_time.us < 100000000);
}

TEST_CASE("the history of a charge never refunded ends at the charge", "[verdicts]") {
    const Scenario sc = shipped("scenarios/reference/r5-shipment-rejected.yaml");
    const RunResult r = run_of(sc, sc.seed.value_or(0));
    const Violation* v = nullptr;
    for (const Violation& x : r.violations)
        if (x.invariant == "no-charge-without-shipment") v = &x;
    REQUIRE(v != nullptr);
    REQUIRE(!v->history.empty());
    CHECK(v->history[0].kind == StepKind::Commit);
    CHECK(v->history[0].service == uint8_t(Service::Payment));
    CHECK(v->history_steps[0] == v->about_step);
    CHECK(v->about_step < v->step);
}

TEST_CASE("the quiesce an inconclusive run suggests follows the pace its largest backlog drained at", "[verdicts]") {
    // 100 orders on 3 units: each insufficient-stock order holds inventory's partition for its
    // retries, so the heal phase after run.until 1s drains slowly; the run needs about 8 minutes.
    const Scenario sc = load(
        "name: hot\nrun: {until: 1s}\ninventory: {SKU-1: 3}\n"
        "load: {count: 100, rate: 100/s, skus: [SKU-1], quantity: [1, 1], price: [\"1.00\", \"1.00\"]}\n");
    const RunResult r = run_of(sc, 0);
    REQUIRE(r.end == RunEnd::QuiesceLimit);
    CHECK(r.heal_handled > 0);
    const std::string text = summary_text(sc, r, judge(sc, r));
    CHECK(text.find("inventory's listener on order-placed-topic: 85 records not yet handled; try run.quiesce: 10m\n") !=
          std::string::npos);
    Scenario longer = sc;
    longer.run.quiesce = Duration::seconds(600);
    const RunResult again = run_of(longer, 0);
    CHECK(again.end == RunEnd::Drained);
    CHECK(judge(longer, again).verdict == Verdict::Pass);
}

TEST_CASE("without run.until the fault phase ends 10 minutes after the last request at the latest", "[verdicts]") {
    // A record held 20 minutes keeps work pending past the cap.
    const Scenario sc = load(std::string(kOneDeclined) + "faults:\n  - delay: {topic: order-placed-topic, by: 20m}\n");
    const RunResult r = run_of(sc);
    CHECK(r.phase_end_why == PhaseEnd::Cap);
    CHECK(r.phase_end.us == 600000000);
    CHECK(r.end == RunEnd::QuiesceLimit);
    CHECK(r.end_time.us <= 660000000);
    CHECK(judge(sc, r).verdict == Verdict::Inconclusive);
}

TEST_CASE("the tally marks each violated invariant unexpected, expected or allowed", "[verdicts]") {
    const std::string faults = "faults:\n  - drop: {topic: payment-failed-topic, order: 1}\n";
    const Scenario allowed = load(std::string(kOneDeclined) +
                                  "expect: {violations: {allowed: [saga-terminates, no-leak-after-payment-failure]}}\n" + faults);
    const RunResult r = run_of(allowed);
    CHECK(judge(allowed, r).verdict == Verdict::Pass);
    CHECK(summary_text(allowed, r, judge(allowed, r)).find("  saga-terminates                1 order     first: order 1 at t=") !=
          std::string::npos);
    CHECK(summary_text(allowed, r, judge(allowed, r)).find("  (allowed)\n") != std::string::npos);
    const Scenario pinned =
        load(std::string(kOneDeclined) + "expect: {violations: [saga-terminates, no-leak-after-payment-failure]}\n" + faults);
    const std::string text = summary_text(pinned, run_of(pinned), judge(pinned, run_of(pinned)), true);
    CHECK(text.find("  (expected)\n") != std::string::npos);
    CHECK(text.find("\nEXPECTED saga-terminates at t=") != std::string::npos);
    CHECK(text.find("\nFAIL ") == std::string::npos);
}
