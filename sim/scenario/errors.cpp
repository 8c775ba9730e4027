// Rendering and ordering of scenario diagnostics.
#include "sim/scenario/errors.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sagasim {

std::string Diagnostic::str() const { return fmt::format("{}:{}:{}: error: {}", file, line, column, message); }

InputError::InputError(std::vector<Diagnostic> diagnostics) : diagnostics_(std::move(diagnostics)) {
    for (size_t i = 0; i < diagnostics_.size(); ++i) {
        if (i > 0) text_ += '\n';
        text_ += diagnostics_[i].str();
    }
}

void DiagnosticList::error(int line, int column, std::string message) {
    Diagnostic d{file_, std::max(line, 1), std::max(column, 1), std::move(message)};
    if (list_.size() < kDiagnosticsMax) {
        list_.push_back(std::move(d));
        return;
    }
    if (dropped_++ == 0) first_dropped_ = std::move(d);
}

void DiagnosticList::throw_if_any() {
    if (list_.empty()) return;
    throw ScenarioError(take());
}

std::vector<Diagnostic> DiagnosticList::take() {
    // Stable, so that two problems found at one place keep the order they were found in.
    std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    // One problem reached by two paths is reported once.
    list_.erase(std::unique(list_.begin(), list_.end(),
                            [](const Diagnostic& a, const Diagnostic& b) {
                                return a.line == b.line && a.column == b.column && a.message == b.message;
                            }),
                list_.end());
    if (dropped_ > 0) {
        first_dropped_.message = fmt::format("too many errors; {} more not shown, the first of them here", dropped_);
        list_.push_back(std::move(first_dropped_));
    }
    dropped_ = 0;
    return std::move(list_);
}

}  // namespace sagasim
