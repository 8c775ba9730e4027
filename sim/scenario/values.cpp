// Readers for the value kinds of scenario files. Numbers are parsed from their decimal text, never
// through a double, so that "0.05" is exactly 50000 ppm and "49.99" exactly 4999 cents.
#include "sim/scenario/values.hpp"

#include <array>
#include <limits>
#include <map>

#include <fmt/format.h>

namespace sagasim::scenario_values {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// A decimal number as written: [-]digits[.digits].
struct Decimal {
    bool negative = false;
    std::string_view whole;
    std::string_view fraction;  // empty when there is no '.'
    bool has_point = false;
};

std::optional<Decimal> split_decimal(std::string_view text) {
    Decimal d;
    if (!text.empty() && text[0] == '-') {
        d.negative = true;
        text.remove_prefix(1);
    }
    const size_t dot = text.find('.');
    d.whole = text.substr(0, dot);
    if (dot != std::string_view::npos) {
        d.has_point = true;
        d.fraction = text.substr(dot + 1);
        if (!all_digits(d.fraction)) return std::nullopt;
    }
    if (!all_digits(d.whole)) return std::nullopt;
    return d;
}

// The value of a run of digits, or nullopt if it does not fit in 64 bits.
std::optional<uint64_t> digits_value(std::string_view digits) {
    uint64_t v = 0;
    for (char c : digits) {
        const uint64_t d = uint64_t(c - '0');
        if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

bool has_leading_zero(std::string_view text) {
    if (!text.empty() && text[0] == '-') text.remove_prefix(1);
    return text.size() > 1 && text[0] == '0' && is_digit(text[1]);
}

std::string leading_zero_message(std::string_view text) {
    return fmt::format("leading zeros are not allowed, got '{}' (YAML 1.1 reads it as octal)", display(text));
}

// Bounds a message can name as "between A and B"; a bound that is only the limit of the type is
// named on its own ("at least 1", "at most 2147483647").
bool is_type_limit(uint64_t v) {
    return v == uint64_t(std::numeric_limits<int32_t>::max()) || v == std::numeric_limits<uint32_t>::max() ||
           v == uint64_t(kInt64Max) || v == std::numeric_limits<uint64_t>::max();
}

std::string bound_message(std::string_view name, std::string_view lo, std::string_view hi, bool hi_is_limit,
                          bool below, std::string_view got) {
    if (!hi_is_limit) return fmt::format("{} must be between {} and {}, got {}", name, lo, hi, got);
    if (below) return fmt::format("{} must be at least {}, got {}", name, lo, got);
    return fmt::format("{} must be at most {}, got {}", name, hi, got);
}

const std::vector<Node>* read_pair(const Node& node, std::string_view example, DiagnosticList& out) {
    if (node.kind == Node::Kind::Bad) return nullptr;
    if (node.kind != Node::Kind::Sequence) {
        report(out, node, fmt::format("expected a range like {}, got {}", example, describe(node)));
        return nullptr;
    }
    if (node.items.size() != 2) {
        report(out, node, fmt::format("a range is [min, max], got {} values", node.items.size()));
        return nullptr;
    }
    return &node.items;
}

template <typename T, typename F>
std::optional<Range<T>> finish_range(const Node& node, std::optional<T> lo, std::optional<T> hi, F format,
                                     DiagnosticList& out) {
    if (!lo || !hi) return std::nullopt;
    if (*lo > *hi) {
        report(out, node,
               fmt::format("the range's minimum {} is greater than its maximum {}", format(*lo), format(*hi)));
        return std::nullopt;
    }
    return Range<T>{*lo, *hi};
}

void check_keys_at(Node& node, const std::string& path, DiagnosticList& out) {
    if (node.kind == Node::Kind::Sequence) {
        for (size_t i = 0; i < node.items.size(); ++i) check_keys_at(node.items[i], index_path(path, i), out);
        return;
    }
    if (node.kind != Node::Kind::Map) return;
    std::map<std::string, SourceLoc, std::less<>> seen;
    std::vector<Node> keys, items;
    for (size_t i = 0; i < node.keys.size(); ++i) {
        Node& key = node.keys[i];
        if (key.kind == Node::Kind::Bad) continue;
        if (key.kind != Node::Kind::Scalar) {
            report(out, key, fmt::format("expected a key name, got {}", describe(key)));
            continue;
        }
        if (auto it = seen.find(key.text); it != seen.end()) {
            report(out, key,
                   path.empty() ? fmt::format("duplicate key '{}' (first given at line {})", display(key.text),
                                              it->second.line)
                                : fmt::format("duplicate key '{}' in {} (first given at line {})", display(key.text),
                                              path, it->second.line));
            continue;
        }
        seen.emplace(key.text, key.loc);
        check_keys_at(node.items[i], join_path(path, key.text), out);
        keys.push_back(std::move(key));
        items.push_back(std::move(node.items[i]));
    }
    node.keys = std::move(keys);
    node.items = std::move(items);
}

}  // namespace

void report(DiagnosticList& out, const Node& at, std::string message) {
    out.error(at.loc.line, at.loc.column, std::move(message));
}

std::string display(std::string_view text) {
    constexpr size_t kMax = 60;
    std::string r;
    for (size_t i = 0; i < text.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') r += "\\n";
        else if (c == '\t') r += "\\t";
        else if (c < 0x20 || c == 0x7f) r += fmt::format("\\x{:02x}", c);
        else r += char(c);
    }
    if (text.size() > kMax) r += "...";
    return r;
}

std::string describe(const Node& node) {
    switch (node.kind) {
        case Node::Kind::Null: return "an empty value";
        case Node::Kind::Sequence: return "a sequence";
        case Node::Kind::Map: return "a map";
        case Node::Kind::Bad: return "an invalid value";
        case Node::Kind::Scalar: break;
    }
    if (node.quoted) return fmt::format("the string \"{}\"", display(node.text));
    return fmt::format("'{}'", display(node.text));
}

std::string join_path(std::string_view path, std::string_view key) {
    if (path.empty()) return std::string(key);
    return fmt::format("{}.{}", path, display(key));
}

std::string index_path(std::string_view path, size_t index) { return fmt::format("{}[{}]", path, index); }

void check_keys(Node& root, DiagnosticList& out) { check_keys_at(root, "", out); }

Parsed<Duration> parse_duration(std::string_view text) {
    const std::string shown = display(text);
    size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) i = 1;
    const size_t digits_begin = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    const std::string_view digits = text.substr(digits_begin, i - digits_begin);
    std::string_view unit = text.substr(i);
    const std::string expected = fmt::format("expected a duration like 20ms, got '{}'", shown);
    if (digits.empty()) return {std::nullopt, expected};
    if (!unit.empty() && unit[0] == '.') {
        return {std::nullopt, fmt::format("expected a duration like 20ms, got '{}' (fractions are not allowed; "
                                          "use a smaller unit)",
                                          shown)};
    }
    if (unit.empty()) return {std::nullopt, expected};
    for (char c : unit)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return {std::nullopt, expected};
    if (negative) return {std::nullopt, fmt::format("a duration cannot be negative, got '{}'", shown)};
    int64_t scale = 0;
    if (unit == "us") scale = 1;
    else if (unit == "ms") scale = 1000;
    else if (unit == "s") scale = 1000000;
    else if (unit == "m") scale = 60000000;
    else if (unit == "h") scale = 3600000000LL;
    else return {std::nullopt, fmt::format("unknown unit '{}' in '{}'; use us, ms, s, m or h", display(unit), shown)};
    // Checked before multiplying, so that nothing wraps on the way to the limit.
    const auto v = digits_value(digits);
    if (!v || *v > uint64_t(limits::kDurationMax.us / scale)) {
        return {std::nullopt, fmt::format("duration '{}' is too large; the largest is {} (100 days)", shown,
                                          format_duration(limits::kDurationMax))};
    }
    return {Duration::micros(int64_t(*v) * scale), {}};
}

Parsed<Ppm> parse_probability(std::string_view text) {
    const auto d = split_decimal(text);
    if (!d || (d->has_point && d->fraction.empty())) {
        return {std::nullopt,
                fmt::format("expected a probability (a number from 0 to 1) like 0.05, got '{}'", display(text))};
    }
    const std::string shown = display(text);
    const std::string range_error = fmt::format("probability must be between 0 and 1, got {}", shown);
    auto whole = digits_value(d->whole);
    bool fraction_zero = true;
    for (char c : d->fraction) fraction_zero = fraction_zero && c == '0';
    if (!whole || *whole > 1 || (*whole == 1 && !fraction_zero)) return {std::nullopt, range_error};
    if (d->negative && (*whole != 0 || !fraction_zero)) return {std::nullopt, range_error};
    if (d->fraction.size() > 6) {
        return {std::nullopt, fmt::format("probability has at most 6 decimals (parts per million), got {}", shown)};
    }
    uint64_t ppm = *whole * kPpmOne;
    uint64_t scale = 100000;
    for (char c : d->fraction) {
        ppm += uint64_t(c - '0') * scale;
        scale /= 10;
    }
    return {Ppm(ppm), {}};
}

Parsed<Money> parse_money(std::string_view text) {
    const auto d = split_decimal(text);
    const std::string shown = display(text);
    if (!d || (d->has_point && d->fraction.empty())) {
        return {std::nullopt, fmt::format("expected money like \"49.99\", got '{}'", shown)};
    }
    if (d->fraction.size() > 2) {
        return {std::nullopt, fmt::format("expected money with at most 2 decimals, got '{}'", shown)};
    }
    const auto whole = digits_value(d->whole);
    int64_t cents_fraction = 0;
    if (d->fraction.size() >= 1) cents_fraction += (d->fraction[0] - '0') * 10;
    if (d->fraction.size() == 2) cents_fraction += d->fraction[1] - '0';
    if (!whole || *whole > uint64_t((kInt64Max - cents_fraction) / 100)) {
        return {std::nullopt, fmt::format("money '{}' is too large; the largest is {}", shown, Money{kInt64Max}.str())};
    }
    const int64_t cents = int64_t(*whole) * 100 + cents_fraction;
    return {Money{d->negative ? -cents : cents}, {}};
}

Parsed<Rate> parse_rate(std::string_view text) {
    const std::string shown = display(text);
    const size_t slash = text.find('/');
    const std::string expected = fmt::format("expected a rate like 200/s, got '{}'", shown);
    if (slash == std::string_view::npos) return {std::nullopt, expected};
    const std::string_view count = text.substr(0, slash);
    const std::string_view unit = text.substr(slash + 1);
    if (!all_digits(count)) return {std::nullopt, expected};
    Rate r;
    if (unit == "ms") r.unit = Duration::millis(1);
    else if (unit == "s") r.unit = Duration::seconds(1);
    else if (unit == "m") r.unit = Duration::seconds(60);
    else return {std::nullopt, fmt::format("unknown unit '{}' in rate '{}'; use /ms, /s or /m", display(unit), shown)};
    const auto v = digits_value(count);
    if (v && *v == 0) {
        return {std::nullopt, fmt::format("a rate must be a whole number of at least 1 per unit, got '{}'", shown)};
    }
    if (!v || *v > limits::kRateCountMax) {
        return {std::nullopt,
                fmt::format("a rate must be at most {} per unit, got '{}'", limits::kRateCountMax, shown)};
    }
    r.count = *v;
    return {r, {}};
}

bool expect_map(const Node& node, std::string_view path, DiagnosticList& out) {
    if (node.kind == Node::Kind::Map) return true;
    if (node.kind != Node::Kind::Bad)
        report(out, node, fmt::format("expected a map for '{}', got {}", path, describe(node)));
    return false;
}

bool expect_sequence(const Node& node, std::string_view path, DiagnosticList& out) {
    if (node.kind == Node::Kind::Sequence) return true;
    if (node.kind != Node::Kind::Bad)
        report(out, node, fmt::format("expected a sequence for '{}', got {}", path, describe(node)));
    return false;
}

std::optional<std::string> read_scalar(const Node& node, std::string_view what, DiagnosticList& out) {
    if (node.kind == Node::Kind::Scalar) return node.text;
    if (node.kind != Node::Kind::Bad) report(out, node, fmt::format("expected {}, got {}", what, describe(node)));
    return std::nullopt;
}

std::optional<Duration> read_duration(const Node& node, DiagnosticList& out) {
    auto text = read_scalar(node, "a duration like 20ms", out);
    if (!text) return std::nullopt;
    auto p = parse_duration(*text);
    if (!p.value) report(out, node, p.error);
    return p.value;
}

std::optional<Duration> read_positive_duration(const Node& node, std::string_view name, DiagnosticList& out) {
    auto d = read_duration(node, out);
    if (d && d->us <= 0) {
        report(out, node, fmt::format("{} must be more than 0, got {}", name, display(node.text)));
        return std::nullopt;
    }
    return d;
}

std::optional<SimTime> read_time(const Node& node, DiagnosticList& out) {
    auto d = read_duration(node, out);
    if (!d) return std::nullopt;
    return SimTime{d->us};
}

std::optional<Range<Duration>> read_duration_range(const Node& node, DiagnosticList& out) {
    if (node.kind == Node::Kind::Scalar) {
        auto d = read_duration(node, out);
        if (!d) return std::nullopt;
        return Range<Duration>{*d, *d};
    }
    const auto* pair = read_pair(node, "[1ms, 5ms]", out);
    if (!pair) return std::nullopt;
    auto lo = read_duration((*pair)[0], out);
    auto hi = read_duration((*pair)[1], out);
    return finish_range(node, lo, hi, format_duration, out);
}

std::optional<Ppm> read_probability(const Node& node, DiagnosticList& out) {
    constexpr std::string_view kWhat = "a probability (a number from 0 to 1) like 0.05";
    if (node.kind == Node::Kind::Scalar && node.quoted) {
        report(out, node, fmt::format("expected {}, got {}", kWhat, describe(node)));
        return std::nullopt;
    }
    auto text = read_scalar(node, kWhat, out);
    if (!text) return std::nullopt;
    auto p = parse_probability(*text);
    if (!p.value) report(out, node, p.error);
    return p.value;
}

std::optional<Money> read_money(const Node& node, std::string_view name, Money min, DiagnosticList& out) {
    auto text = read_scalar(node, "money like \"49.99\"", out);
    if (!text) return std::nullopt;
    if (!node.quoted && has_leading_zero(*text) && text->find('.') == std::string::npos) {
        report(out, node, leading_zero_message(*text));
        return std::nullopt;
    }
    auto p = parse_money(*text);
    if (!p.value) {
        report(out, node, p.error);
        return std::nullopt;
    }
    if (*p.value < min) {
        report(out, node, fmt::format("{} must be at least {}, got {}", name, min.str(), p.value->str()));
        return std::nullopt;
    }
    if (p.value->cents > limits::kMoneyCentsMax) {
        report(out, node,
               fmt::format("{} must be at most {}, got {}", name, Money{limits::kMoneyCentsMax}.str(),
                           p.value->str()));
        return std::nullopt;
    }
    return p.value;
}

std::optional<Range<Money>> read_money_range(const Node& node, std::string_view name, Money min,
                                             DiagnosticList& out) {
    if (node.kind == Node::Kind::Scalar) {
        auto v = read_money(node, name, min, out);
        if (!v) return std::nullopt;
        return Range<Money>{*v, *v};
    }
    const auto* pair = read_pair(node, "[\"1.00\", \"20.00\"]", out);
    if (!pair) return std::nullopt;
    auto lo = read_money((*pair)[0], name, min, out);
    auto hi = read_money((*pair)[1], name, min, out);
    return finish_range(node, lo, hi, [](Money m) { return m.str(); }, out);
}

namespace {

// An integer's text checked for form: the sign and magnitude, or nullopt after reporting. The
// magnitude is nullopt when it does not fit in 64 bits.
struct IntText {
    bool negative = false;
    std::optional<uint64_t> magnitude;
};

std::optional<IntText> read_int_text(const Node& node, DiagnosticList& out) {
    constexpr std::string_view kWhat = "a decimal integer";
    if (node.kind == Node::Kind::Scalar && node.quoted) {
        report(out, node, fmt::format("expected {}, got {}", kWhat, describe(node)));
        return std::nullopt;
    }
    auto text = read_scalar(node, kWhat, out);
    if (!text) return std::nullopt;
    std::string_view t = *text;
    IntText r;
    if (!t.empty() && t[0] == '-') {
        r.negative = true;
        t.remove_prefix(1);
    }
    if (!all_digits(t)) {
        report(out, node, fmt::format("expected {}, got '{}'", kWhat, display(*text)));
        return std::nullopt;
    }
    if (has_leading_zero(t)) {
        report(out, node, leading_zero_message(*text));
        return std::nullopt;
    }
    r.magnitude = digits_value(t);
    return r;
}

}  // namespace

std::optional<int64_t> read_int(const Node& node, std::string_view name, int64_t min, int64_t max,
                                DiagnosticList& out) {
    auto t = read_int_text(node, out);
    if (!t) return std::nullopt;
    const auto fail = [&](bool below) {
        report(out, node,
               bound_message(name, std::to_string(min), std::to_string(max), is_type_limit(uint64_t(max)), below,
                             display(node.text)));
        return std::nullopt;
    };
    if (!t->magnitude) return fail(t->negative);
    const uint64_t m = *t->magnitude;
    if (t->negative && m != 0) {
        // The magnitude of min is at most 2^63, which fits in uint64.
        const uint64_t min_magnitude = min < 0 ? uint64_t(0) - uint64_t(min) : 0;
        if (m > min_magnitude) return fail(true);
        return int64_t(uint64_t(0) - m);
    }
    if (m > uint64_t(max)) return fail(false);
    if (int64_t(m) < min) return fail(true);
    return int64_t(m);
}

std::optional<uint64_t> read_uint(const Node& node, std::string_view name, uint64_t min, uint64_t max,
                                  DiagnosticList& out) {
    auto t = read_int_text(node, out);
    if (!t) return std::nullopt;
    const auto fail = [&](bool below) {
        report(out, node,
               bound_message(name, std::to_string(min), std::to_string(max), is_type_limit(max), below,
                             display(node.text)));
        return std::nullopt;
    };
    if (!t->magnitude) return fail(t->negative);
    const uint64_t m = *t->magnitude;
    if ((t->negative && m != 0) || m < min) return fail(true);
    if (m > max) return fail(false);
    return m;
}

std::optional<Range<int32_t>> read_int_range(const Node& node, std::string_view name, int32_t min,
                                             DiagnosticList& out) {
    constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
    if (node.kind == Node::Kind::Scalar) {
        auto v = read_int(node, name, min, kMax, out);
        if (!v) return std::nullopt;
        return Range<int32_t>{int32_t(*v), int32_t(*v)};
    }
    const auto* pair = read_pair(node, "[1, 3]", out);
    if (!pair) return std::nullopt;
    auto lo = read_int((*pair)[0], name, min, kMax, out);
    auto hi = read_int((*pair)[1], name, min, kMax, out);
    auto r = finish_range(node, lo, hi, [](int64_t v) { return std::to_string(v); }, out);
    if (!r) return std::nullopt;
    return Range<int32_t>{int32_t(r->min), int32_t(r->max)};
}

std::optional<bool> read_bool(const Node& node, DiagnosticList& out) {
    constexpr std::string_view kWhat = "true or false";
    if (node.kind == Node::Kind::Scalar && node.quoted) {
        report(out, node, fmt::format("expected {}, got {}", kWhat, describe(node)));
        return std::nullopt;
    }
    auto text = read_scalar(node, kWhat, out);
    if (!text) return std::nullopt;
    if (*text == "true") return true;
    if (*text == "false") return false;
    // YAML 1.1 reads these as booleans and YAML 1.2 as strings: never guess which was meant.
    static constexpr std::array<std::string_view, 20> kYaml11{
        "y",  "Y",  "yes", "Yes", "YES", "n",   "N",   "no",   "No",    "NO",
        "on", "On", "ON",  "off", "Off", "OFF", "True", "TRUE", "False", "FALSE"};
    for (std::string_view w : kYaml11) {
        if (*text == w) {
            report(out, node,
                   fmt::format("'{}' is ambiguous (a boolean in YAML 1.1, a string in YAML 1.2); write true or false",
                               w));
            return std::nullopt;
        }
    }
    report(out, node, fmt::format("expected {}, got {}", kWhat, describe(node)));
    return std::nullopt;
}

std::vector<std::string_view> topic_names() {
    std::vector<std::string_view> r;
    for (int i = 0; i < kBusinessTopicCount; ++i) r.push_back(topic_name(Topic(i)));
    return r;
}

std::string unknown_name(std::string_view what, std::string_view name, std::span<const std::string_view> choices,
                         size_t list_max) {
    return fmt::format("unknown {} '{}'{}", what, display(name), suggestion_suffix(name, choices, {}, list_max));
}

std::optional<size_t> read_choice(const Node& node, std::string_view path, std::span<const std::string_view> choices,
                                  DiagnosticList& out) {
    auto t = read_scalar(node, fmt::format("one of {}", join_choices(choices)), out);
    if (!t) return std::nullopt;
    for (size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == *t) return i;
    report(out, node,
           fmt::format("unknown value '{}' for {}{}", display(*t), path, suggestion_suffix(*t, choices)));
    return std::nullopt;
}

std::optional<SkuId> read_sku(const Node& node, SkuTable& skus, DiagnosticList& out) {
    auto t = read_scalar(node, "a SKU like SKU-1", out);
    if (!t) return std::nullopt;
    if (t->empty()) {
        report(out, node, "a SKU must not be empty");
        return std::nullopt;
    }
    return skus.intern(*t);
}

std::optional<Topic> read_topic(const Node& node, DiagnosticList& out) {
    auto t = read_scalar(node, "a topic name like order-placed-topic", out);
    if (!t) return std::nullopt;
    if (auto topic = topic_from_name(*t)) return topic;
    report(out, node, unknown_name("topic", *t, topic_names()));
    return std::nullopt;
}

std::optional<Service> read_service(const Node& node, DiagnosticList& out) {
    auto t = read_scalar(node, "a service (order, inventory, payment or shipment)", out);
    if (!t) return std::nullopt;
    if (auto s = service_from_name(*t)) return s;
    static constexpr std::array<std::string_view, 4> kNames{"order", "inventory", "payment", "shipment"};
    report(out, node, unknown_name("service", *t, kNames));
    return std::nullopt;
}

bool read_topic_selection(const Node& node, std::string_view path, bool& all, std::vector<Topic>& topics,
                          DiagnosticList& out) {
    if (node.kind == Node::Kind::Scalar && node.text == "*") {
        all = true;
        return true;
    }
    if (node.kind == Node::Kind::Scalar) {
        auto t = read_topic(node, out);
        if (t) topics.push_back(*t);
        return t.has_value();
    }
    if (node.kind != Node::Kind::Sequence) {
        if (node.kind != Node::Kind::Bad) {
            report(out, node,
                   fmt::format("expected a topic name, a sequence of them or \"*\" for '{}', got {}", path,
                               describe(node)));
        }
        return false;
    }
    if (node.items.empty()) {
        report(out, node, fmt::format("{} must not be empty", path));
        return false;
    }
    bool ok = true;
    for (const Node& item : node.items) {
        if (item.kind == Node::Kind::Scalar && item.text == "*") {
            report(out, item, "\"*\" stands for every topic; write it alone, not in a sequence");
            ok = false;
            continue;
        }
        auto t = read_topic(item, out);
        if (t) topics.push_back(*t);
        ok &= t.has_value();
    }
    return ok;
}

MapReader::MapReader(const Node& node, std::string path, std::span<const std::string_view> keys,
                     DiagnosticList& out, std::span<const SuggestAlias> aliases)
    : node_(node), path_(std::move(path)), out_(out) {
    ok_ = expect_map(node, path_, out);
    if (!ok_) return;
    for (const Node& key : node.keys) {
        bool known = false;
        for (std::string_view k : keys) known = known || k == key.text;
        if (known) continue;
        const std::string where = path_.empty() ? "" : fmt::format(" in {}", path_);
        report(out, key,
               fmt::format("unknown key '{}'{}{}", display(key.text), where,
                           suggestion_suffix(key.text, keys, aliases)));
    }
}

const Node* MapReader::get(std::string_view key) const {
    if (!ok_) return nullptr;
    for (size_t i = 0; i < node_.keys.size(); ++i)
        if (node_.keys[i].text == key) return &node_.items[i];
    return nullptr;
}

const Node* MapReader::require(std::string_view key) const {
    if (!ok_) return nullptr;
    const Node* n = get(key);
    if (!n) {
        report(out_, node_,
               path_.empty() ? fmt::format("missing required key '{}'", key)
                             : fmt::format("missing required key '{}' in {}", key, path_));
    }
    return n;
}

}  // namespace sagasim::scenario_values
