// The counts a run reports (the summary's "deliveries 6, retries 0, ..."), and how often each
// fault acted: sinks of the step stream, kept from the steps alone.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/step/lanes.hpp"
#include "sim/step/step.hpp"

namespace sagasim {

struct RunCounters {
    uint64_t deliveries = 0;
    uint64_t retries = 0;
    uint64_t dead_lettered = 0;
    uint64_t skipped = 0;
    uint64_t rollbacks = 0;
    uint64_t client_requests = 0;
    uint64_t client_errors = 0;  // requests refused, answered 500, or cut off by a crash
    uint64_t faults = 0;         // faults that acted (records, commits, crashes, windows) and send timeouts
    uint64_t crashes = 0;
};

class CounterSink {
public:
    explicit CounterSink(const Lanes& lanes) : lanes_(lanes) {}
    void reset(size_t faults) {
        c_ = RunCounters{};
        acted_.assign(faults, 0);
    }
    void on_step(const Step& s) {
        switch (s.kind) {
            case StepKind::Deliver: ++c_.deliveries; break;
            case StepKind::Retry: ++c_.retries; break;
            case StepKind::DeadLetter: ++c_.dead_lettered; break;
            case StepKind::Skip: ++c_.skipped; break;
            case StepKind::Rollback: ++c_.rollbacks; break;
            case StepKind::ClientRequest:
            case StepKind::Restock:
            case StepKind::DirectReserve:
                ++c_.client_requests;
                if (s.note != 0) ++c_.client_errors;  // the connection was refused
                break;
            case StepKind::Done:
                if (s.note != 0 && lanes_.kind(s.lane) == LaneKind::Http) ++c_.client_errors;
                break;
            case StepKind::Abandon:
                if (lanes_.kind(s.lane) == LaneKind::Http) ++c_.client_errors;
                break;
            case StepKind::Timeout: ++c_.faults; break;
            case StepKind::Crash: ++c_.crashes; [[fallthrough]];
            case StepKind::Fault:
            case StepKind::WindowBegin:
                ++c_.faults;
                if (s.fault != 0 && s.fault <= acted_.size()) ++acted_[s.fault - 1];
                break;
            default: break;
        }
    }
    const RunCounters& counters() const { return c_; }
    // Per scenario.faults entry: how many times it acted.
    const std::vector<uint64_t>& acted() const { return acted_; }

private:
    const Lanes& lanes_;
    RunCounters c_;
    std::vector<uint64_t> acted_;
};

}  // namespace sagasim
