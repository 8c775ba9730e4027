// Edit distance and the choice of a suggestion for misspelt names.
#include "sim/scenario/suggest.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace sagasim {
namespace {

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return r;
}

// How far `input` is from `candidate` for the purpose of suggesting it; a large number if it is
// too far to be worth suggesting.
int closeness(std::string_view input, std::string_view candidate) {
    constexpr int kFar = 1000;
    const std::string a = lower(input), b = lower(candidate);
    if (a == b) return 0;
    const int d = edit_distance(a, b);
    const int limit = a.size() <= 3 ? 1 : 2;
    if (d <= limit) return d;
    // "order-placed" for "order-placed-topic", "restart" for "restart-after".
    if (a.size() >= 2 && b.starts_with(a) && 2 * a.size() >= b.size()) return limit + 1;
    // "no-overselling" for "no-oversell", "delays" for "delay".
    if (b.size() >= 3 && a.starts_with(b) && 2 * b.size() >= a.size()) return limit + 1;
    return kFar;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
    const size_t n = a.size(), m = b.size();
    // Three rows are enough for the optimal string alignment recurrence.
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (size_t j = 0; j <= m; ++j) prev[j] = int(j);
    for (size_t i = 1; i <= n; ++i) {
        cur[0] = int(i);
        for (size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::optional<std::string_view> closest_match(std::string_view input, std::span<const std::string_view> candidates,
                                              std::span<const SuggestAlias> aliases) {
    constexpr int kFar = 1000;
    int best = kFar;
    std::optional<std::string_view> found;
    // Candidates first, in their given order, so that ties go to the earlier one.
    for (std::string_view c : candidates) {
        const int d = closeness(input, c);
        if (d < best) {
            best = d;
            found = c;
        }
    }
    for (const auto& [alias, target] : aliases) {
        const int d = closeness(input, alias);
        if (d < best) {
            best = d;
            found = target;
        }
    }
    return found;
}

std::string join_choices(std::span<const std::string_view> items) {
    std::string r;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) r += i + 1 == items.size() ? " or " : ", ";
        r += items[i];
    }
    return r;
}

std::string suggestion_suffix(std::string_view input, std::span<const std::string_view> candidates,
                              std::span<const SuggestAlias> aliases, size_t list_max) {
    if (auto m = closest_match(input, candidates, aliases)) return fmt::format("; did you mean '{}'?", *m);
    if (!candidates.empty() && candidates.size() <= list_max) return "; use " + join_choices(candidates);
    return "";
}

}  // namespace sagasim
