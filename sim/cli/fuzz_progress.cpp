// FuzzProgress (fuzz_progress.hpp): a steady clock, a mutex for the workers' calls, stderr.
#include "sim/cli/fuzz_progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

namespace sagasim::cli {
namespace {

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// How often the line is drawn: often on a terminal, rarely in a CI log.
constexpr double kTtyEvery = 0.1, kLogEvery = 5.0;

}  // namespace

FuzzProgress::FuzzProgress(std::optional<Duration> budget, const std::string& color) : start_ns_(now_ns()) {
    if (budget) budget_s_ = double(budget->us) / 1e6;
    tty_ = ::isatty(2) == 1;
    const bool no_color = std::getenv("NO_COLOR") != nullptr && std::getenv("NO_COLOR")[0] != '\0';
    color_ = color == "always" || (color == "auto" && tty_ && !no_color);
}

double FuzzProgress::elapsed() const { return double(now_ns() - start_ns_) / 1e9; }

bool FuzzProgress::tick(const CampaignProgress& p) {
    const double now = elapsed();
    std::lock_guard<std::mutex> lock(mutex_);
    if (now - last_draw_ >= (tty_ ? kTtyEvery : kLogEvery)) {
        last_draw_ = now;
        draw(p, now);
    }
    return !budget_s_ || now < *budget_s_;
}

void FuzzProgress::draw(const CampaignProgress& p, double now) {
    const std::string failing = fmt::format("{} failing", p.failing_runs);
    const std::string line = fmt::format(
        "fuzz: {} runs, {:.0f} runs/s, {}, coverage {}/{} tuples {}/{} pairs", p.runs, now > 0 ? double(p.runs) / now : 0.0,
        color_ && p.failing_runs != 0 ? "\033[31m" + failing + "\033[0m" : failing, p.tuples_seen, p.tuples_total,
        p.pairs_seen, p.pairs_total);
    if (tty_) std::fprintf(stderr, "\r\033[K%s", line.c_str());
    else std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void FuzzProgress::finish(const CampaignResult& r, uint32_t jobs) {
    const double s = elapsed();
    std::lock_guard<std::mutex> lock(mutex_);
    if (tty_ && drawn_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "fuzz: %llu runs in %.2fs (%.0f runs/s, %u job%s)\n", (unsigned long long)r.runs, s,
                 s > 0 ? double(r.runs) / s : 0.0, jobs, jobs == 1 ? "" : "s");
}

ShrinkProgress::ShrinkProgress() : start_ns_(now_ns()), last_ns_(start_ns_) {}

void ShrinkProgress::tick(uint64_t replays, uint64_t orders, uint64_t faults, uint64_t steps, bool last) {
    const int64_t now = now_ns();
    if (!last && now - last_ns_ < 500000000) return;
    last_ns_ = now;
    std::fprintf(stderr, "shrink: %llu replays, now %llu orders, %llu faults, %llu steps\n", (unsigned long long)replays,
                 (unsigned long long)orders, (unsigned long long)faults, (unsigned long long)steps);
}

double ShrinkProgress::seconds() const { return double(now_ns() - start_ns_) / 1e9; }

}  // namespace sagasim::cli
