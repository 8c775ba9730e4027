// The benchmark program (not a test): one whole run of a generated load with every checker on
// and no trace, timed on the wall clock, reporting steps/s, records/s and peak memory; and the
// floor to compare it with, a bare (time, seq) binary-heap event loop doing the same number of
// pushes and pops. One measurement per process, so peak memory belongs to that run alone:
//   sagasim_bench [--orders N] [--rate R] [--seed S] [--scenario FILE] [--no-checks]
//   sagasim_bench --baseline --events N
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/check/catalog.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/run/run.hpp"
#include "sim/scenario/loader.hpp"

using namespace sagasim;

namespace {

long peak_rss_kib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The benchmark's load: the seed's timings, 20 SKUs with ample stock, 100 orders/s (what the
// seed's single-threaded listeners sustain; 3 hot SKUs or 200/s build a backlog of optimistic-lock
// retries), 90% of payments and 95% of shipments succeed, so every path (compensation included)
// runs and every saga completes.
Scenario generated(uint64_t orders, uint64_t rate, bool checks) {
    Scenario sc;
    sc.path = "(generated)";
    sc.name = "bench";
    if (checks)
        for (const InvariantInfo& i : invariant_catalog())
            if (i.implemented) sc.invariants.emplace_back(i.name);
    Load l;
    l.count = orders;
    l.rate_count = rate;
    for (int k = 1; k <= 20; ++k) {
        const SkuId id = sc.skus.intern("SKU-" + std::to_string(k));
        sc.inventory.emplace_back(id, int64_t(orders) * 3);
        l.skus.push_back(id);
    }
    l.quantity = {1, 3};
    l.price = {Money{100}, Money{200000}};
    sc.load = l;
    sc.payment_success = 900000;
    sc.shipment_success = 950000;
    sc.run.max_steps = UINT64_MAX;
    return sc;
}

int baseline(uint64_t events) {
    // The same shape of work as a run: a queue holding a few hundred pending events, each pop
    // followed by one push a little later in virtual time.
    EventQueue q;
    Rng r(1);
    for (int i = 0; i < 256; ++i) q.push(SimTime{r.between(0, 5000)}, 1, 0, 0);
    const auto t0 = std::chrono::steady_clock::now();
    uint64_t sum = 0;
    for (uint64_t i = 0; i < events; ++i) {
        const QueuedEvent e = q.pop();
        sum += e.seq;
        q.push(e.time + Duration{int64_t(1 + (e.seq & 4095))}, 1, 0, 0);
    }
    const double s = seconds_since(t0);
    std::printf("baseline: %llu events in %.3f s = %.2f M events/s (checksum %llu), peak RSS %ld KiB\n",
                (unsigned long long)events, s, double(events) / s / 1e6, (unsigned long long)sum, peak_rss_kib());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t orders = 10000, rate = 100, seed = 1, events = 0;
    bool base = false, checks = true;
    std::string file;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "missing value after %s\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--orders") orders = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--rate") rate = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--seed") seed = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--scenario") file = next();
        else if (a == "--baseline") base = true;
        else if (a == "--no-checks") checks = false;
        else if (a == "--events") events = std::strtoull(next().c_str(), nullptr, 10);
        else {
            std::fprintf(stderr, "unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    if (base) return baseline(events ? events : 10000000);

    const long rss_before = peak_rss_kib();
    Scenario sc = file.empty() ? generated(orders, rate, checks) : load_scenario_file(file);
    if (!checks) sc.invariants.clear();
    const auto t0 = std::chrono::steady_clock::now();
    const RunResult r = run_scenario(sc, RunOptions{seed, nullptr});
    const double s = seconds_since(t0);
    std::printf("invariants checked: %zu\n", sc.invariants.size());
    std::printf("run: %s, %llu orders created, %llu steps, %llu kernel events, %llu records, %llu violations\n",
                sc.path.c_str(), (unsigned long long)r.orders_created, (unsigned long long)r.steps,
                (unsigned long long)r.events, (unsigned long long)r.records_total,
                (unsigned long long)r.violation_count);
    std::printf("time: %.3f s wall; %.2f M steps/s; %.2f M kernel events/s; %.0f records/s\n", s,
                double(r.steps) / s / 1e6, double(r.events) / s / 1e6, double(r.records_total) / s);
    std::printf("memory: peak RSS %ld KiB (%ld KiB before the run)\n", peak_rss_kib(), rss_before);
    std::printf("digest %s\n", r.digest.c_str());
    return 0;
}
