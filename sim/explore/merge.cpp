// Reading shard results back and combining them (merge.hpp).
#include "sim/explore/merge.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "sim/explore/report.hpp"
#include "sim/scenario/errors.hpp"

namespace sagasim {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& path, int line, const std::string& message) {
    throw InputError({Diagnostic{path, line, 1, message}});
}

struct Shard {
    std::string path;
    std::vector<json> failures;
    json summary;
};

// The summary's fields merge reads, with their types.
void check_summary(const std::string& path, int line, const json& s) {
    const auto need = [&](const json& obj, const char* key, json::value_t type, const char* where) {
        if (!obj.contains(key) || obj[key].type() != type)
            bad(path, line, fmt::format("the {} has no '{}' of the right type", where, key));
    };
    using T = json::value_t;
    for (const char* k : {"tool", "scenario", "sha256", "strategy", "stopped"}) need(s, k, T::string, "summary");
    for (const char* k : {"runs", "passed", "failed", "inconclusive"}) need(s, k, T::number_unsigned, "summary");
    need(s, "seeds", T::object, "summary");
    need(s["seeds"], "first", T::number_unsigned, "summary's seeds");
    need(s, "shard", T::object, "summary");
    need(s["shard"], "count", T::number_unsigned, "summary's shard");
    need(s, "shards", T::array, "summary");
    need(s, "coverage", T::object, "summary");
    for (const char* k : {"tuples", "pairs"}) {
        need(s["coverage"], k, T::object, "summary's coverage");
        need(s["coverage"][k], "never", T::array, "summary's coverage");
        need(s["coverage"][k], "reached", T::array, "summary's coverage");
        need(s["coverage"][k], "of", T::number_unsigned, "summary's coverage");
    }
}

void check_failure(const std::string& path, int line, const json& f) {
    for (const char* k : {"invariant", "signature"})
        if (!f.contains(k) || !f[k].is_string()) bad(path, line, fmt::format("the failure has no '{}' string", k));
    for (const char* k : {"count", "first_seed"})
        if (!f.contains(k) || !f[k].is_number_unsigned()) bad(path, line, fmt::format("the failure has no '{}' number", k));
}

Shard read_shard(const ShardFile& file) {
    Shard s;
    s.path = file.path;
    std::stringstream in(file.text);
    int line = 0;
    int summary_line = 0;
    for (std::string text; std::getline(in, text);) {
        ++line;
        if (text.empty()) continue;
        if (summary_line != 0) bad(file.path, line, "nothing may follow the summary line");
        json j;
        try {
            j = json::parse(text);
        } catch (const json::exception&) {
            // A syntax error (parse_error), and a number no double holds, 1e999 (out_of_range).
            bad(file.path, line, "not a JSON line of sagasim fuzz --json");
        }
        const std::string record = j.is_object() ? j.value("record", "") : "";
        if (record == "failure") {
            check_failure(file.path, line, j);
            s.failures.push_back(std::move(j));
        } else if (record == "summary") {
            check_summary(file.path, line, j);
            s.summary = std::move(j);
            summary_line = line;
        } else {
            bad(file.path, line, "not a record of sagasim fuzz --json (a failure or the summary)");
        }
    }
    if (summary_line == 0) bad(file.path, std::max(line, 1), "no summary line: not the whole output of sagasim fuzz --json");
    return s;
}

std::string shard_words(const json& s) {
    return fmt::format("shard {} of {}", s["shard"]["index"].dump(), s["shard"]["count"].dump());
}

std::string campaign_words(const json& s) {
    return fmt::format("strategy {} from seed {}", s["strategy"].get<std::string>(), s["seeds"]["first"].dump());
}

// Refuses to merge `b` into a result begun with `a` where they differ in `what`.
void same(const Shard& a, const Shard& b, const std::string& what, const std::string& va, const std::string& vb) {
    if (va != vb)
        throw MergeRefused(fmt::format("cannot merge '{}' and '{}': they {} ({} and {})", a.path, b.path, what, va, vb));
}

std::string scenario_words(const json& s) {
    return fmt::format("{} sha256 {}", s["scenario"].get<std::string>(), s["sha256"].get<std::string>());
}

}  // namespace

std::string Merged::jsonl() const {
    std::string out;
    for (const json& f : failures) out += f.dump() + "\n";
    return out + summary.dump() + "\n";
}

Merged merge_results(const std::vector<ShardFile>& files) {
    std::vector<Shard> shards;
    for (const ShardFile& f : files) shards.push_back(read_shard(f));
    Merged m;
    const Shard& first = shards.at(0);
    json sum = first.summary;
    std::set<uint64_t> taken;
    std::set<std::string> never[2], reached[2];
    std::map<std::pair<std::string, std::string>, json> groups;
    bool started = false;
    for (const Shard& s : shards) {
        const json& x = s.summary;
        same(first, s, "ran different scenarios", scenario_words(first.summary), scenario_words(x));
        same(first, s, "come from different tool versions", first.summary["tool"], x["tool"]);
        if (first.summary["shard"]["count"] != x["shard"]["count"])
            same(first, s, "are shards of different splits", shard_words(first.summary), shard_words(x));
        same(first, s, "are different campaigns", campaign_words(first.summary), campaign_words(x));
        std::vector<uint64_t> indexes = x["shards"].get<std::vector<uint64_t>>();
        if (std::any_of(indexes.begin(), indexes.end(), [&](uint64_t i) { return taken.count(i) != 0; })) {
            m.warnings.push_back(fmt::format("'{}' holds shards merged already; it is counted once", s.path));
            continue;
        }
        taken.insert(indexes.begin(), indexes.end());
        for (int k = 0; k < 2; ++k) {
            const json& c = x["coverage"][k == 0 ? "tuples" : "pairs"];
            const auto n = c["never"].get<std::set<std::string>>();
            const auto r = c["reached"].get<std::set<std::string>>();
            if (!started) never[k] = n;
            else std::erase_if(never[k], [&](const std::string& w) { return n.count(w) == 0; });
            reached[k].insert(r.begin(), r.end());
        }
        if (started) {
            for (const char* key : {"runs", "passed", "failed", "inconclusive", "corpus"})
                if (sum.contains(key) && x.contains(key) && x[key].is_number_unsigned())
                    sum[key] = sum[key].get<uint64_t>() + x[key].get<uint64_t>();
            const json& fi = x["first_inconclusive"];
            if (fi.is_object() && (!sum["first_inconclusive"].is_object() ||
                                   fi["seed"].get<uint64_t>() < sum["first_inconclusive"]["seed"].get<uint64_t>()))
                sum["first_inconclusive"] = fi;
            if (sum["stopped"] == "done") sum["stopped"] = x["stopped"];
        }
        started = true;
        for (const json& f : s.failures) {
            const auto key = std::pair(f["invariant"].get<std::string>(), f["signature"].get<std::string>());
            auto it = groups.find(key);
            if (it == groups.end()) {
                groups.emplace(key, f);
                continue;
            }
            const uint64_t count = it->second["count"].get<uint64_t>() + f["count"].get<uint64_t>();
            if (f["first_seed"].get<uint64_t>() < it->second["first_seed"].get<uint64_t>()) it->second = f;
            it->second["count"] = count;
        }
    }
    for (auto& [key, f] : groups) m.failures.push_back(std::move(f));
    std::stable_sort(m.failures.begin(), m.failures.end(), [](const json& a, const json& b) {
        return a["first_seed"].get<uint64_t>() < b["first_seed"].get<uint64_t>();
    });
    sum["shards"] = std::vector<uint64_t>(taken.begin(), taken.end());
    sum["distinct_failures"] = m.failures.size();
    for (int k = 0; k < 2; ++k) {
        json& c = sum["coverage"][k == 0 ? "tuples" : "pairs"];
        c["never"] = std::vector<std::string>(never[k].begin(), never[k].end());
        c["reached"] = std::vector<std::string>(reached[k].begin(), reached[k].end());
        c["seen"] = c["of"].get<uint64_t>() - never[k].size();
    }
    sum["verdict"] = campaign_verdict(sum["failed"].get<uint64_t>(), sum["inconclusive"].get<uint64_t>());
    m.summary = std::move(sum);
    return m;
}

}  // namespace sagasim
