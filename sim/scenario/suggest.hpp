// "Did you mean ...?" for misspelt names in scenario files: the closest candidate by edit
// distance (with adjacent transpositions), or a short list of the choices. Pure string code.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace sagasim {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// adjacent characters each cost 1. Case-sensitive.
int edit_distance(std::string_view a, std::string_view b);

// A hint that a wrong name means a given candidate ("delay" inside a delay fault means "by").
using SuggestAlias = std::pair<std::string_view, std::string_view>;

// The candidate `input` most likely means, if one is close enough: an exact match ignoring case,
// a distance of at most 2 (1 for inputs of 3 characters or fewer), a prefix of at least half the
// candidate, or the candidate (3 characters or more) followed by at most as many more. Aliases are matched the same way and stand for their target.
std::optional<std::string_view> closest_match(std::string_view input, std::span<const std::string_view> candidates,
                                              std::span<const SuggestAlias> aliases = {});

// "; did you mean 'x'?" when a close candidate exists; otherwise "; use a, b or c" when there are
// at most `list_max` candidates; otherwise "".
std::string suggestion_suffix(std::string_view input, std::span<const std::string_view> candidates,
                              std::span<const SuggestAlias> aliases = {}, size_t list_max = 8);

// "a, b or c".
std::string join_choices(std::span<const std::string_view> items);

}  // namespace sagasim
