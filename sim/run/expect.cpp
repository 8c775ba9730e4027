// Evaluation of the expect block: each expectation compared with the run's result, and a
// failure that says what was expected and what happened.
#include "sim/run/expect.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace sagasim {
namespace {

template <typename K, typename NameFn>
std::string render(const std::map<K, uint64_t>& m, NameFn name) {
    std::string out;
    for (const auto& [k, v] : m) {
        if (v == 0) continue;
        if (!out.empty()) out += ", ";
        out += fmt::format("{}={}", name(k), v);
    }
    return out.empty() ? "none" : out;
}

// A complete map: every status with a non-zero count must be listed with that count.
template <typename K, typename NameFn>
void compare_complete(const char* what, const std::map<K, uint64_t>& want, const std::map<K, uint64_t>& got,
                      NameFn name, std::vector<std::string>& out) {
    std::map<K, uint64_t> w, g;
    for (const auto& [k, v] : want)
        if (v) w[k] = v;
    for (const auto& [k, v] : got)
        if (v) g[k] = v;
    if (w != g) out.push_back(fmt::format("expect.{}: expected {}; got {}", what, render(w, name), render(g, name)));
}

std::string join_names(const std::set<std::string>& s) {
    std::string t;
    for (const auto& x : s) t += (t.empty() ? "" : ", ") + x;
    return t.empty() ? std::string("none") : t;
}

// The event's reason as the seed writes it; an injected text is the inject entry's (the event's
// reason_text_id is the entry's index).
std::string reason_of(const Event& e, const Scenario& sc) {
    if (e.reason == ReasonCode::Injected)
        return e.reason_text_id < sc.injections.size() ? sc.injections[e.reason_text_id].reason.value_or("") : "";
    return reason_text(e, sc.skus, {});
}

// "order-failed-topic order-id 1 sku SKU-1 quantity 5 reason \"Insufficient stock\"".
std::string describe_expected(const EventExpectation& x) {
    std::string t = fmt::format("{} order-id {}", topic_name(x.topic), x.order_id);
    if (x.sku) t += fmt::format(" sku {}", *x.sku);
    if (x.quantity) t += fmt::format(" quantity {}", *x.quantity);
    if (x.price) t += fmt::format(" price {}", x.price->str());
    if (x.amount) t += fmt::format(" amount {}", x.amount->str());
    if (x.reason) t += fmt::format(" reason \"{}\"", *x.reason);
    return t;
}

// The same fields of a published event, for "got ...".
std::string describe_published(const EventExpectation& x, const Event& e, const Scenario& sc) {
    std::string t;
    const auto add = [&](std::string part) { t += (t.empty() ? "" : " ") + part; };
    if (x.sku) add(fmt::format("sku {}", sc.skus.name(e.sku)));
    if (x.quantity) add(fmt::format("quantity {}", e.quantity));
    if (x.price) add(fmt::format("price {}", e.price.str()));
    if (x.amount) add(fmt::format("amount {}", e.amount.str()));
    if (x.reason) add(fmt::format("reason \"{}\"", reason_of(e, sc)));
    return t.empty() ? std::string("a record") : t;
}

bool matches(const EventExpectation& x, const Event& e, const Scenario& sc) {
    return (!x.sku || sc.skus.name(e.sku) == *x.sku) && (!x.quantity || e.quantity == *x.quantity) &&
           (!x.price || e.price == *x.price) && (!x.amount || e.amount == *x.amount) &&
           (!x.reason || reason_of(e, sc) == *x.reason);
}

void compare_events(const Scenario& sc, const RunResult& r, std::vector<std::string>& out) {
    for (const EventExpectation& x : sc.expect.events) {
        std::vector<const Event*> of_order;
        bool found = false;
        for (const Event& e : r.published) {
            if (topic_of(e.type) != x.topic || e.order_id != x.order_id) continue;
            of_order.push_back(&e);
            found = found || matches(x, e, sc);
        }
        if (found) continue;
        std::string got = "none was published";
        if (!of_order.empty()) {
            got.clear();
            constexpr size_t kShown = 3;
            for (size_t i = 0; i < of_order.size() && i < kShown; ++i)
                got += (i ? "; " : "") + describe_published(x, *of_order[i], sc);
            if (of_order.size() > kShown) got += fmt::format("; and {} more", of_order.size() - kShown);
        }
        out.push_back(fmt::format("expect.events: expected {}; got {}", describe_expected(x), got));
    }
}

}  // namespace

ExpectWatch::ExpectWatch(const Scenario& sc) : sc_(sc) {
    for (const EventExpectation& x : sc.expect.events) watched_[size_t(topic_id(x.topic))] = true;
    for (size_t i = 0; i < sc.expect.at.size(); ++i) at_order_.push_back(i);
    std::stable_sort(at_order_.begin(), at_order_.end(),
                     [&](size_t a, size_t b) { return sc.expect.at[a].time.us < sc.expect.at[b].time.us; });
    active_ = !sc.expect.events.empty() || !sc.expect.at.empty();
}

void ExpectWatch::reset() {
    injected_sends_.clear();
    published_.clear();
    status_.clear();
    counts_.clear();
    status_at_.assign(sc_.expect.at.size(), {});
    next_at_ = 0;
}

// Every expect.at time before `us` sees the statuses as they are now.
void ExpectWatch::snapshot_until(int64_t us) {
    for (; next_at_ < at_order_.size() && sc_.expect.at[at_order_[next_at_]].time.us < us; ++next_at_)
        status_at_[at_order_[next_at_]] = counts_;
}

void ExpectWatch::on_step(uint64_t id, const Step& s) {
    if (s.kind == StepKind::Send && s.service == kNoService) {
        injected_sends_.push_back(id);
    } else if (s.kind == StepKind::Append && s.event && s.topic < kTopicIdCount && watched_[s.topic]) {
        if (std::find(injected_sends_.begin(), injected_sends_.end(), s.cause) == injected_sends_.end())
            published_.push_back(*s.event);
    } else if (s.kind == StepKind::Commit && !sc_.expect.at.empty()) {
        snapshot_until(s.time.us);
        for (const Write& w : s.writes) {
            if (w.order <= 0 || (w.kind != WriteKind::OrderCreated && w.kind != WriteKind::OrderStatus)) continue;
            const size_t i = size_t(w.order - 1);
            if (w.kind == WriteKind::OrderCreated) {
                if (status_.size() <= i) status_.resize(i + 1, OrderStatus(kNoStatus));
                status_[i] = OrderStatus::PENDING;
                ++counts_[OrderStatus::PENDING];
            } else if (i < status_.size()) {
                --counts_[status_[i]];
                status_[i] = OrderStatus(w.to);
                ++counts_[status_[i]];
            }
        }
    }
}

void ExpectWatch::collect(RunResult& r) {
    snapshot_until(INT64_MAX);
    r.published = std::move(published_);
    r.status_at = std::move(status_at_);
    published_.clear();
    status_at_.clear();
}

std::vector<std::string> judge_expectations(const Scenario& sc, const RunResult& r) {
    std::vector<std::string> out;
    const Expect& e = sc.expect;

    std::set<std::string> violated;
    for (const Violation& v : r.violations) violated.insert(std::string(v.invariant));
    const std::vector<std::string> none;
    const std::vector<std::string>& wanted_list = e.violations ? *e.violations : none;
    const std::set<std::string> wanted(wanted_list.begin(), wanted_list.end());
    if (e.violations_allowed) {
        std::set<std::string> unexpected;
        for (const auto& v : violated)
            if (!wanted.count(v)) unexpected.insert(v);
        if (!unexpected.empty())
            out.push_back(fmt::format("expect.violations: allowed {}; got {} (not allowed: {})", join_names(wanted),
                                      join_names(violated), join_names(unexpected)));
    } else if (wanted != violated) {
        out.push_back(
            fmt::format("expect.violations: expected {}; got {}", join_names(wanted), join_names(violated)));
    }
    if (e.final_status)
        compare_complete("final", *e.final_status, r.final_status, order_status_name, out);
    if (e.payments) compare_complete("payments", *e.payments, r.payments, payment_status_name, out);
    if (e.shipments) compare_complete("shipments", *e.shipments, r.shipments, shipment_status_name, out);
    for (const auto& [sku, want] : e.stock) {
        const std::string& name = sc.skus.name(sku);
        std::optional<int64_t> got;
        for (const auto& [n, q] : r.stock)
            if (n == name) got = q;
        if (!got || *got != want)
            out.push_back(fmt::format("expect.stock: expected {}={}; got {}", name, want,
                                      got ? fmt::format("{}={}", name, *got) : name + " unknown to inventory"));
    }
    if (e.reservations && r.reservations_left != *e.reservations)
        out.push_back(fmt::format("expect.reservations: expected {} rows left; got {}", *e.reservations,
                                  r.reservations_left));
    compare_events(sc, r, out);
    for (size_t i = 0; i < e.at.size() && i < r.status_at.size(); ++i) {
        compare_complete(fmt::format("at[{}] ({})", i, format_duration(Duration::micros(e.at[i].time.us))).c_str(),
                         e.at[i].status, r.status_at[i], order_status_name, out);
    }
    for (const auto& [topic, want] : e.records) {
        const uint64_t got = r.records[topic];
        if (got != want)
            out.push_back(fmt::format("expect.records: expected {} records on {}; got {}", want,
                                      topic_id_name(topic), got));
    }
    return out;
}

}  // namespace sagasim
