// The YAML-free side of scenario loading: a plain tree of the file's nodes with their positions,
// readers for the value kinds of scenario-format.md ("Values": durations, ranges, probabilities,
// money, integers, booleans) and a checked view of a map's keys. Every reader reports a located
// error into a DiagnosticList and returns nothing when the value is wrong. No yaml-cpp here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/money.hpp"
#include "sim/kernel/time.hpp"
#include "sim/scenario/errors.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/suggest.hpp"

// Loader internals live in their own namespace, so that generic names (Node, report, display)
// never meet another subsystem's.
namespace sagasim::scenario_values {

// One node of a scenario file, as the loader's YAML reader builds it.
struct Node {
    enum class Kind : uint8_t {
        Null,      // `key:` with nothing, `~` or `null`
        Scalar,
        Sequence,
        Map,
        Bad,       // something already reported (an alias, a tag): readers skip it silently
    };
    Kind kind = Kind::Null;
    SourceLoc loc;
    std::string text;          // Scalar: the text as written, quotes and escapes resolved
    bool quoted = false;       // Scalar: written in quotes, so a string, never a number or boolean
    std::vector<Node> keys;    // Map: the keys, in file order
    std::vector<Node> items;   // Sequence: the items; Map: the values, parallel to `keys`
};

// Reports `message` at the node's position.
void report(DiagnosticList& out, const Node& at, std::string message);

// A value as it is quoted in messages: the text, with control characters escaped and anything
// long cut short.
std::string display(std::string_view text);
// What a node holds, for "got ..." in messages: "'20'", "the string \"7\"", "a sequence", "a map",
// "an empty value".
std::string describe(const Node& node);
// "run.until", "faults[2].delay": a key path for messages.
std::string join_path(std::string_view path, std::string_view key);
std::string index_path(std::string_view path, size_t index);

// Reports every duplicate key (keeping the first) and every key that is not a scalar, removing
// them from the tree, so that the readers see each key once.
void check_keys(Node& root, DiagnosticList& out);

// Text parsers: a value, or the message saying why the text is not one.
template <typename T>
struct Parsed {
    std::optional<T> value;
    std::string error;
};
// "250us", "20ms", "3s", "5m", "1h"; at most limits::kDurationMax.
Parsed<Duration> parse_duration(std::string_view text);
Parsed<Ppm> parse_probability(std::string_view text);          // "0.05" -> 50000, exactly
Parsed<Money> parse_money(std::string_view text);              // "49.99" -> 4999 cents, exactly
// A rate "N/s", "N/ms" or "N/m", 1 <= N <= limits::kRateCountMax: the count and the unit.
struct Rate {
    uint64_t count = 0;
    Duration unit;
};
Parsed<Rate> parse_rate(std::string_view text);

// Node readers. `name` is how a message names the value ("quantity", "stock of 'SKU-1'").
bool expect_map(const Node& node, std::string_view path, DiagnosticList& out);
bool expect_sequence(const Node& node, std::string_view path, DiagnosticList& out);
std::optional<std::string> read_scalar(const Node& node, std::string_view what, DiagnosticList& out);
std::optional<Duration> read_duration(const Node& node, DiagnosticList& out);
std::optional<Duration> read_positive_duration(const Node& node, std::string_view name, DiagnosticList& out);
std::optional<SimTime> read_time(const Node& node, DiagnosticList& out);
// A duration d (held as [d, d]) or a range [min, max] of durations.
std::optional<Range<Duration>> read_duration_range(const Node& node, DiagnosticList& out);
std::optional<Ppm> read_probability(const Node& node, DiagnosticList& out);
// Money from `min` to limits::kMoneyCentsMax.
std::optional<Money> read_money(const Node& node, std::string_view name, Money min, DiagnosticList& out);
// A value v (held as [v, v]) or a range [min, max].
std::optional<Range<Money>> read_money_range(const Node& node, std::string_view name, Money min, DiagnosticList& out);
std::optional<int64_t> read_int(const Node& node, std::string_view name, int64_t min, int64_t max,
                                DiagnosticList& out);
std::optional<uint64_t> read_uint(const Node& node, std::string_view name, uint64_t min, uint64_t max,
                                  DiagnosticList& out);
std::optional<Range<int32_t>> read_int_range(const Node& node, std::string_view name, int32_t min,
                                             DiagnosticList& out);
std::optional<bool> read_bool(const Node& node, DiagnosticList& out);

// Names (scenario-format.md, "Values"): each reports "unknown ... 'x'; did you mean 'y'?".
// The message for a name that is not one of `choices`.
std::string unknown_name(std::string_view what, std::string_view name, std::span<const std::string_view> choices,
                         size_t list_max = 8);
// The index in `choices` of the scalar's text.
std::optional<size_t> read_choice(const Node& node, std::string_view path, std::span<const std::string_view> choices,
                                  DiagnosticList& out);
// A non-empty skuCode, interned into `skus`.
std::optional<SkuId> read_sku(const Node& node, SkuTable& skus, DiagnosticList& out);
std::optional<Topic> read_topic(const Node& node, DiagnosticList& out);
std::optional<Service> read_service(const Node& node, DiagnosticList& out);
// A topic, a sequence of topics or "*" (which sets `all`).
bool read_topic_selection(const Node& node, std::string_view path, bool& all, std::vector<Topic>& topics,
                          DiagnosticList& out);
std::vector<std::string_view> topic_names();

// A map whose keys are checked against a fixed set: unknown keys are reported with a suggestion
// when the map is opened, missing required keys when they are asked for.
class MapReader {
public:
    MapReader(const Node& node, std::string path, std::span<const std::string_view> keys, DiagnosticList& out,
              std::span<const SuggestAlias> aliases = {});
    bool ok() const { return ok_; }
    const std::string& path() const { return path_; }
    std::string child_path(std::string_view key) const { return join_path(path_, key); }
    // The value of `key`, or nullptr if the map does not have it.
    const Node* get(std::string_view key) const;
    // Like get(), and reports "missing required key" (at the map) when it is absent.
    const Node* require(std::string_view key) const;
    const Node& node() const { return node_; }

private:
    const Node& node_;
    std::string path_;
    DiagnosticList& out_;
    bool ok_ = false;
};

}  // namespace sagasim::scenario_values
