// Evaluation of the expect block: each expectation compared with the run's result, and a
// failure that says what was expected and what happened.
#include "sim/run/expect.hpp"

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

}  // namespace

std::vector<std::string> judge_expectations(const Scenario& sc, const RunResult& r) {
    std::vector<std::string> out;
    const Expect& e = sc.expect;

    std::set<std::string> violated;
    for (const Violation& v : r.violations) violated.insert(std::string(v.invariant));
    const std::vector<std::string> none;
    const std::vector<std::string>& wanted_list = e.violations ? *e.violations : none;
    const std::set<std::string> wanted(wanted_list.begin(), wanted_list.end());
    if (wanted != violated) {
        auto join = [](const std::set<std::string>& s) {
            std::string t;
            for (const auto& x : s) t += (t.empty() ? "" : ", ") + x;
            return t.empty() ? std::string("none") : t;
        };
        out.push_back(fmt::format("expect.violations: expected {}; got {}", join(wanted), join(violated)));
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
    for (const auto& [topic, want] : e.records) {
        const uint64_t got = r.records[topic];
        if (got != want)
            out.push_back(fmt::format("expect.records: expected {} records on {}; got {}", want,
                                      topic_id_name(topic), got));
    }
    return out;
}

}  // namespace sagasim
