// The wall clock of `sagasim fuzz`, kept out of the runs: the --max-total-time budget and the
// progress line on stderr (redrawn in place on a terminal, a plain line every few seconds
// otherwise; coloured only on a terminal, with --color auto and no NO_COLOR). Nothing it measures
// reaches a run, a report body or an output file: it only decides when a campaign stops. Also the
// progress lines of `sagasim shrink` (replays done, current size) and the seconds it took.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "sim/explore/campaign.hpp"
#include "sim/kernel/time.hpp"

namespace sagasim::cli {

class FuzzProgress {
public:
    // `color`: auto, always or never.
    FuzzProgress(std::optional<Duration> budget, const std::string& color);
    // Thread-safe; false once the budget is spent.
    bool tick(const CampaignProgress& p);
    // Ends the progress line and says how long the campaign took (stderr only).
    void finish(const CampaignResult& r, uint32_t jobs);

private:
    double elapsed() const;
    void draw(const CampaignProgress& p, double now);

    std::mutex mutex_;
    std::optional<double> budget_s_;
    int64_t start_ns_ = 0;
    double last_draw_ = 0;
    bool tty_ = false;
    bool color_ = false;
    bool drawn_ = false;
};

// `sagasim shrink`'s line on stderr, every half second of wall clock at most.
class ShrinkProgress {
public:
    ShrinkProgress();
    // `last`: the final line, printed whatever the time since the one before.
    void tick(uint64_t replays, uint64_t orders, uint64_t faults, uint64_t steps, bool last = false);
    double seconds() const;

private:
    int64_t start_ns_ = 0;
    int64_t last_ns_ = 0;
};

}  // namespace sagasim::cli
