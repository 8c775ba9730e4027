// Whole runs of small scenarios built in code (no YAML): the seed's saga end to end, its retry
// and dead-letter paths, determinism of the digest, a Runner reused across seeds, and Runners on
// several threads at once.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"

using namespace sagasim;

namespace {

Scenario base() {
    Scenario sc;
    sc.path = "inline.yaml";
    sc.name = "inline";
    for (const auto& i : {"legal-transition", "stock-never-negative", "stock-conserved", "single-reservation",
                          "single-charge", "amount-matches", "saga-terminates"})
        sc.invariants.emplace_back(i);
    return sc;
}

void add_stock(Scenario& sc, const char* sku, int64_t q) { sc.inventory.emplace_back(sc.skus.intern(sku), q); }

void add_order(Scenario& sc, int64_t at_ms, const char* sku, int32_t qty, int64_t cents) {
    sc.orders.push_back(OrderRequest{SimTime{at_ms * 1000}, sc.skus.intern(sku), qty, Money{cents}, {}});
}

int64_t stock_of(const RunResult& r, const std::string& sku) {
    for (const auto& [n, q] : r.stock)
        if (n == sku) return q;
    return -1;
}

}  // namespace

TEST_CASE("R1: stock 12, qty 4, both rates 1.0 ships the order", "[run][golden]") {
    Scenario sc = base();
    add_stock(sc, "SKU-KT-100", 12);
    add_order(sc, 0, "SKU-KT-100", 4, 1550);
    const RunResult r = run_scenario(sc, seeded(1));
    CHECK(r.end == RunEnd::Drained);
    CHECK(r.final_status.at(OrderStatus::SHIPPED) == 1);
    CHECK(stock_of(r, "SKU-KT-100") == 8);
    CHECK(r.reservations_left == 1);  // nothing deletes a reservation on success
    CHECK(r.payments.at(PaymentStatus::SUCCEEDED) == 1);
    CHECK(r.shipments.at(ShipmentStatus::SHIPPED) == 1);
    CHECK(r.violations.empty());
    // OrderPlaced, InventoryReserved, OrderConfirmed, PaymentSucceeded, OrderPaid, ShipmentShipped.
    CHECK(r.records_total == 6);
}

TEST_CASE("R2: insufficient stock fails the order, 6 InventoryFailed from the retries", "[run][golden]") {
    Scenario sc = base();
    add_stock(sc, "SKU-KT-200", 2);
    add_order(sc, 0, "SKU-KT-200", 5, 1000);
    const RunResult r = run_scenario(sc, seeded(1));
    CHECK(r.final_status.at(OrderStatus::FAILED) == 1);
    CHECK(stock_of(r, "SKU-KT-200") == 2);
    CHECK(r.records[topic_id(Topic::InventoryFailed)] == 6);
    CHECK(r.records[topic_id(Topic::OrderFailed)] == 1);
    CHECK(r.counters.retries == 5);
    CHECK(r.counters.skipped == 1);
    CHECK(r.violations.empty());
}

TEST_CASE("R4: payment rate 0 fails the payment and gives the stock back", "[run][golden]") {
    Scenario sc = base();
    sc.payment_success = 0;
    add_stock(sc, "SKU-1", 7);
    add_order(sc, 0, "SKU-1", 3, 1000);
    const RunResult r = run_scenario(sc, seeded(1));
    CHECK(r.final_status.at(OrderStatus::PAYMENT_FAILED) == 1);
    CHECK(stock_of(r, "SKU-1") == 7);
    CHECK(r.reservations_left == 0);
    CHECK(r.payments.at(PaymentStatus::FAILED) == 1);
    CHECK(r.violations.empty());
}

TEST_CASE("the same seed gives the same digest, another seed another", "[run][determinism]") {
    Scenario sc = base();
    add_stock(sc, "SKU-1", 100);
    sc.payment_success = 700000;
    Load l;
    l.count = 200;
    l.rate_count = 100;
    l.skus = {sc.skus.intern("SKU-1")};
    l.quantity = {1, 3};
    l.price = {Money{100}, Money{5000}};
    sc.load = l;
    const RunResult a = run_scenario(sc, seeded(7));
    const RunResult b = run_scenario(sc, seeded(7));
    const RunResult c = run_scenario(sc, seeded(8));
    CHECK(a.digest == b.digest);
    CHECK(a.steps == b.steps);
    CHECK(a.digest != c.digest);
}

TEST_CASE("a run stopped by max-steps is inconclusive and judges nothing at rest", "[run]") {
    Scenario sc = base();
    add_stock(sc, "SKU-1", 12);
    add_order(sc, 0, "SKU-1", 4, 1550);
    sc.run.max_steps = 10;
    const RunResult r = run_scenario(sc, seeded(1));
    CHECK(r.end == RunEnd::MaxSteps);
    // It stops at the end of the kernel event during which the 10th step was taken.
    CHECK(r.steps >= 10);
    CHECK(r.steps <= 12);
    CHECK(r.violations.empty());
    CHECK(judge(sc, r).verdict == Verdict::Inconclusive);
}

TEST_CASE("the text summary tallies violations by invariant, --verbose shows the first 50 reports, JSON has them all", "[run]") {
    Scenario sc = base();
    sc.payment_success = 0;
    add_stock(sc, "SKU-1", 1000);
    for (int i = 0; i < 30; ++i) add_order(sc, i, "SKU-1", 1, 100);
    FaultSpec drop;
    drop.kind = FaultKind::Drop;
    drop.topics = {Topic::PaymentFailed};
    sc.faults.push_back(drop);
    sc.run.until = SimTime{60000000};
    for (const char* i : {"no-leak-after-payment-failure"}) sc.invariants.emplace_back(i);
    const RunResult r = run_scenario(sc, seeded(1));
    REQUIRE(r.violations.size() == 60);  // saga-terminates and the leak, for each of 30 orders
    const std::string brief = summary_text(sc, r, judge(sc, r));
    CHECK(brief.find("violations:\n"
                     "  no-leak-after-payment-failure  30 orders   first: order 1 at t=") != std::string::npos);
    CHECK(brief.find("  saga-terminates                30 orders   first: order 1 at t=") != std::string::npos);
    CHECK(brief.find("  (unexpected)\n") != std::string::npos);
    CHECK(brief.find("\nFAIL no-leak") == std::string::npos);  // the reports wait for --verbose
    const std::string text = summary_text(sc, r, judge(sc, r), true);
    size_t lines = 0;
    for (size_t p = text.find("\nFAIL "); p != std::string::npos; p = text.find("\nFAIL ", p + 1)) ++lines;
    CHECK(lines == 51);  // 50 reports and the expect line
    CHECK(text.find("(10 more reports not shown; --json lists them all)\n") != std::string::npos);
    CHECK(r.violation_count == 60);
    CHECK(summary_json(sc, r, judge(sc, r)).find("\"violation_count\": 60") != std::string::npos);
}

TEST_CASE("a Runner reused for many seeds gives each seed's own run", "[run]") {
    Scenario sc = base();
    add_stock(sc, "SKU-1", 40);
    for (int i = 0; i < 5; ++i) add_order(sc, i * 3, "SKU-1", 2, 1000);
    sc.payment_success = 500000;
    sc.shipment_success = 500000;  // a failed shipment is never refunded: violations, with histories
    sc.invariants.emplace_back("no-charge-without-shipment");
    Runner runner(sc);
    size_t histories = 0;
    for (uint64_t seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        const RunResult reused = runner.run(seeded(seed));
        const RunResult fresh = run_scenario(sc, seeded(seed));
        CHECK(reused.digest == fresh.digest);
        CHECK(reused.steps == fresh.steps);
        CHECK(reused.final_status == fresh.final_status);
        // The causal histories come from the tracer's ring of recent steps, which a reused
        // Runner keeps: a run never sees an earlier run's steps in it.
        REQUIRE(reused.violations.size() == fresh.violations.size());
        for (size_t i = 0; i < fresh.violations.size(); ++i) {
            CHECK(reused.violations[i].history_steps == fresh.violations[i].history_steps);
            histories += fresh.violations[i].history_steps.size();
        }
    }
    CHECK(histories > 0);
}

TEST_CASE("runs on several threads at once are the runs of one thread", "[run][threads]") {
    Scenario sc = base();
    add_stock(sc, "SKU-1", 40);
    for (int i = 0; i < 8; ++i) add_order(sc, i, "SKU-1", 1 + i % 3, 1000);
    sc.payment_success = 700000;
    constexpr uint64_t kSeeds = 200;
    std::vector<std::string> alone(kSeeds), together(kSeeds);
    {
        Runner r(sc);
        for (uint64_t s = 0; s < kSeeds; ++s) alone[s] = r.run(seeded(s)).digest;
    }
    // Two threads, each with its own Runner over the one shared Scenario, interleaving seeds.
    std::vector<std::thread> threads;
    for (uint64_t t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            Runner r(sc);
            for (uint64_t s = t; s < kSeeds; s += 2) together[s] = r.run(seeded(s)).digest;
        });
    }
    for (std::thread& th : threads) th.join();
    CHECK(together == alone);
}
