// Fault identities: the canonical content of a FaultSpec and its hash.
#include "sim/faults/fault_table.hpp"

#include <map>

#include <fmt/format.h>

#include "sim/faults/process_faults.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

template <typename T>
void opt(std::string& out, const char* name, const std::optional<T>& v) {
    if (v) fmt::format_to(std::back_inserter(out), "|{}={}", name, *v);
}

void opt_time(std::string& out, const char* name, const std::optional<SimTime>& v) {
    if (v) fmt::format_to(std::back_inserter(out), "|{}={}", name, v->us);
}

void opt_duration(std::string& out, const char* name, const std::optional<Duration>& v) {
    if (v) fmt::format_to(std::back_inserter(out), "|{}={}", name, v->us);
}

void opt_range(std::string& out, const char* name, const std::optional<Range<Duration>>& v) {
    if (v) fmt::format_to(std::back_inserter(out), "|{}={}..{}", name, v->min.us, v->max.us);
}

}  // namespace

std::string fault_content(const FaultSpec& f) {
    std::string s(fault_kind_name(f.kind));
    if (f.all_topics) s += "|topic=*";
    for (Topic t : f.topics) fmt::format_to(std::back_inserter(s), "|topic={}", topic_name(t));
    opt(s, "order", f.order);
    opt(s, "nth", f.nth);
    opt_time(s, "from", f.from);
    opt_time(s, "to", f.to);
    opt(s, "probability", f.probability);
    if (f.service) fmt::format_to(std::back_inserter(s), "|service={}", service_name(*f.service));
    // 1-based, as the file writes it; absent for a fault on every replica, so older contents stay.
    if (f.replica) fmt::format_to(std::back_inserter(s), "|replica={}", unsigned(*f.replica) + 1);
    opt_range(s, "by", f.by);
    opt_duration(s, "window", f.window);
    if (f.point) fmt::format_to(std::back_inserter(s), "|point={}", crash_point_name(*f.point));
    opt_time(s, "at", f.at);
    opt_duration(s, "restart-after", f.restart_after);
    for (FaultKind k : f.kinds) fmt::format_to(std::back_inserter(s), "|kind={}", fault_kind_name(k));
    opt_duration(s, "interval", f.interval);
    opt_range(s, "duration", f.duration);
    if (f.scale_to) fmt::format_to(std::back_inserter(s), "|replicas={}", unsigned(*f.scale_to));
    return s;
}

std::vector<FaultIdentity> fault_identities(const std::vector<FaultSpec>& faults) {
    std::vector<FaultIdentity> out;
    std::map<std::string, int> seen;  // content -> how many identical faults came before
    for (const FaultSpec& f : faults) {
        FaultIdentity id;
        if (!f.id.empty()) {
            id.id = f.id;
            id.key = fnv1a64("id:" + f.id);
        } else {
            std::string content = fault_content(f);
            const int n = seen[content]++;
            if (n > 0) content += fmt::format("|#{}", n + 1);
            const uint64_t h = fnv1a64(content);
            id.key = h;
            id.id = fmt::format("{}-{:08x}", fault_kind_name(f.kind), uint32_t(h >> 32));
        }
        if (id.key == 0) id.key = 1;
        out.push_back(std::move(id));
    }
    return out;
}

}  // namespace sagasim
