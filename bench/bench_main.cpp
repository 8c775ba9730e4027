// The benchmark program (not a test). Each mode measures sagasim and, in the same process right
// after, the floor to compare it with: a bare event loop on the run's own (time, seq) heap, doing as many
// pushes and pops as the runs dispatched kernel events. Wall-clock time is read here only, never
// inside a run.
//   sagasim_bench [--orders N] [--rate R] [--seed S] [--replicas R] [--no-checks] [--tape] [--repeat K]
//       a run of a generated load (20 SKUs, R orders/s, 90% of payments and 95% of shipments
//       succeed), every checker on, no trace: steps/s and kernel events/s against the floor, and
//       peak memory. --replicas runs every service with R replicas (seed-behaviour.md §8.6). The run and the floor are measured K times each, in turns (default 5), and
//       the best of each is taken, so a machine's noise weighs less. --tape also records the
//       decision tape (to /dev/null), and measures the same runs without one in turns with it:
//       the cost of recording.
//   sagasim_bench --scenario FILE [--runs N] [--tape] [--repeat K]
//       runs FILE for seeds 1..N on one Runner (parsed once, buffers reused): runs/s and steps/s;
//       with --repeat, the N runs K times in turns with the floor, and the best of each.
//   sagasim_bench --baseline [--events N]
//       the floor alone.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "sim/check/catalog.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/run/run.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/tape/tape_writer.hpp"

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

// The benchmark's load: the seed's timings, 20 SKUs with ample stock, R orders/s (100/s is what
// the seed's single-threaded listeners sustain; 3 hot SKUs or 200/s build a backlog of
// optimistic-lock retries), 90% of payments and 95% of shipments succeed, so every path
// (compensation included) runs and every saga completes.
Scenario generated(uint64_t orders, uint64_t rate, bool checks) {
    Scenario sc;
    sc.path = "(generated)";
    sc.name = "bench";
    if (checks)
        for (const InvariantInfo& i : invariant_catalog()) sc.invariants.emplace_back(i.name);
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

// The floor: the same shape of work as a run, a queue holding a few hundred pending events, each
// pop followed by one push a little later in virtual time. Returns events/s.
double floor_events_per_s(uint64_t events) {
    EventQueue q;
    Rng r(1);
    for (int i = 0; i < 256; ++i) q.push(SimTime{r.between(0, 5000)}, 1, 0, 0, 1);
    const auto t0 = std::chrono::steady_clock::now();
    uint64_t sum = 0;
    for (uint64_t i = 0; i < events; ++i) {
        const QueuedEvent e = q.pop(nullptr);
        sum += e.seq;
        q.push(e.time + Duration{int64_t(1 + (e.seq & 4095))}, 1, 0, 0, 1);
    }
    const double s = seconds_since(t0);
    if (sum == 42) std::printf(" ");  // keeps the loop from being optimised away
    return double(events) / s;
}

// Where a recorded tape goes when only the cost of recording is measured.
std::FILE* null_output() {
    static std::FILE* f = std::fopen("/dev/null", "wb");
    return f;
}

int usage(const char* what) {
    std::fprintf(stderr, "sagasim_bench: %s\n", what);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t orders = 10000, rate = 100, seed = 1, events = 10000000, runs = 1000, repeat = 0, replicas = 1;
    bool base = false, checks = true, tape = false;
    std::string file;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) std::exit(usage(("missing value after " + a).c_str()));
            return argv[++i];
        };
        if (a == "--orders") orders = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--rate") rate = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--seed") seed = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--replicas") replicas = std::clamp<uint64_t>(std::strtoull(next().c_str(), nullptr, 10), 1, kReplicasMax);
        else if (a == "--scenario") file = next();
        else if (a == "--runs") runs = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--repeat") repeat = std::max<uint64_t>(1, std::strtoull(next().c_str(), nullptr, 10));
        else if (a == "--baseline") base = true;
        else if (a == "--no-checks") checks = false;
        else if (a == "--tape") tape = true;
        else if (a == "--events") events = std::strtoull(next().c_str(), nullptr, 10);
        else return usage(("unknown argument " + a).c_str());
    }
    if (base) {
        std::printf("floor: %.2f M events/s (bare (time, seq) heap, %llu events)\n", floor_events_per_s(events) / 1e6,
                    (unsigned long long)events);
        return 0;
    }
    const long rss_before = peak_rss_kib();
    Scenario sc = file.empty() ? generated(orders, rate, checks) : load_scenario_file(file);
    if (!checks) sc.invariants.clear();
    if (file.empty()) sc.replicas.fill(uint8_t(replicas));
    const uint64_t n = file.empty() ? 1 : runs;
    if (repeat == 0) repeat = file.empty() ? 5 : 1;
    Runner runner(sc);
    const std::unique_ptr<TapeWriter> tape_writer = tape ? std::make_unique<TapeWriter>(sc) : nullptr;
    uint64_t tape_bytes = 0;
    uint64_t steps = 0, kernel_events = 0, records = 0, violations = 0, decisions = 0;
    std::string digest;
    // The n runs once, recording a tape or not; returns the seconds they took.
    const auto measure = [&](bool record) {
        steps = kernel_events = records = violations = decisions = tape_bytes = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (uint64_t k = 0; k < n; ++k) {
            RunOptions o;
            o.seed = file.empty() ? seed : k + 1;
            // One writer for all the tapes, as one runner for all the runs (its buffers are reused).
            TapeWriter* const writer = record ? tape_writer.get() : nullptr;
            if (writer) {
                writer->begin(null_output(), o.seed);
                o.recorder = writer;
            }
            const RunResult r = runner.run(o);
            steps += r.steps;
            kernel_events += r.events;
            records += r.records_total;
            violations += r.violation_count;
            decisions += r.decisions;
            if (writer) {
                writer->finish(r.steps, r.digest);
                tape_bytes += writer->bytes();
            }
            if (k == 0) digest = r.digest;
        }
        return seconds_since(t0);
    };
    // With --tape, the same runs without a tape are measured in turns with them, so that the cost
    // of recording is a ratio of two figures taken side by side (this machine's speed drifts).
    double s = 1e300, s_untaped = 1e300, floor = 0;
    for (uint64_t rep = 0; rep < repeat; ++rep) {
        if (tape) s_untaped = std::min(s_untaped, measure(false));
        s = std::min(s, measure(tape));
        floor = std::max(floor, floor_events_per_s(std::max<uint64_t>(kernel_events, 1000000)));
    }
    std::printf("scenario: %s, %zu invariants checked%s, replicas %u/%u/%u/%u\n", sc.path.c_str(), sc.invariants.size(),
                tape ? ", recording the decision tape" : "", sc.replicas[0], sc.replicas[1], sc.replicas[2], sc.replicas[3]);
    std::printf("runs: %llu in %.3f s = %.0f runs/s%s\n", (unsigned long long)n, s, double(n) / s,
                repeat > 1 ? " (the best of the repeats)" : "");
    std::printf("per run: %.1f steps, %.1f kernel events, %.1f records, %.1f decisions, %.1f violations\n",
                double(steps) / double(n), double(kernel_events) / double(n), double(records) / double(n),
                double(decisions) / double(n), double(violations) / double(n));
    std::printf("speed: %.2f M steps/s, %.2f M kernel events/s\n", double(steps) / s / 1e6,
                double(kernel_events) / s / 1e6);
    std::printf("floor: %.2f M events/s (bare heap, same process); steps/s = %.0f%% of it, kernel events/s = %.0f%%\n",
                floor / 1e6, 100.0 * double(steps) / s / floor, 100.0 * double(kernel_events) / s / floor);
    if (tape)
        std::printf("tape: %llu bytes = %.1f bytes per step (written to /dev/null); recording costs %.1f%% "
                    "(the same runs without a tape, in turns: %.3f s, with: %.3f s)\n",
                    (unsigned long long)tape_bytes, double(tape_bytes) / double(steps), 100.0 * (s - s_untaped) / s_untaped,
                    s_untaped, s);
    std::printf("memory: peak RSS %ld KiB (%ld KiB before the run)\n", peak_rss_kib(), rss_before);
    std::printf("digest of the first run %s\n", digest.c_str());
    return 0;
}
