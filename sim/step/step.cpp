// Names of step kinds and stock moves, as the trace writes them.
#include "sim/step/step.hpp"

#include <array>

namespace sagasim {
namespace {

constexpr std::array<std::string_view, kStepKindCount> kNames{
    "client-request", "restock", "inject",   "send",    "append",       "deliver",      "decide",
    "ack",            "commit",  "rollback", "offset-commit", "retry",  "dead-letter",  "skip",
    "violation",      "fault",   "crash",    "restart", "timeout",      "lost",         "done",
    "abandon",        "timer",   "window-begin", "window-end", "initial-stock", "phase-end",
    "direct-reserve", "rebalance",
};

}  // namespace

std::string_view step_kind_name(StepKind k) { return kNames[size_t(k)]; }

bool step_kind_from_name(std::string_view name, StepKind& out) {
    for (size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            out = StepKind(i);
            return true;
        }
    }
    return false;
}

std::string_view rebalance_why_name(RebalanceWhy w) {
    switch (w) {
        case RebalanceWhy::None: return "none";
        case RebalanceWhy::Join: return "join";
        case RebalanceWhy::Leave: return "leave";
        case RebalanceWhy::SessionTimeout: return "session-timeout";
        case RebalanceWhy::PollTimeout: return "poll-timeout";
    }
    return "?";
}

std::string_view stock_move_name(StockMoveKind k) {
    switch (k) {
        case StockMoveKind::Initial: return "initial";
        case StockMoveKind::Restock: return "restock";
        case StockMoveKind::Reserve: return "reserve";
        case StockMoveKind::Release: return "release";
        case StockMoveKind::Finalize: return "finalize";
        case StockMoveKind::DirectReserve: return "direct-reserve";
    }
    return "?";
}

}  // namespace sagasim
