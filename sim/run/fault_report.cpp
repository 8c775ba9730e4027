// Fault accounting: the brief of each fault and the reason one never acted.
#include "sim/run/fault_report.hpp"

#include <fmt/format.h>

#include "sim/faults/fault_table.hpp"
#include "sim/faults/process_faults.hpp"

namespace sagasim {

std::string short_time(int64_t us) {
    const auto trimmed = [](int64_t whole, int64_t frac, int digits) {
        std::string f = fmt::format("{:0{}}", frac, digits);
        while (!f.empty() && f.back() == '0') f.pop_back();
        return f.empty() ? fmt::format("{}", whole) : fmt::format("{}.{}", whole, f);
    };
    if (us < 0) return fmt::format("-{}", short_time(-us));
    if (us == 0) return "0s";
    if (us < 1000) return fmt::format("{}us", us);
    if (us < 1000000) return trimmed(us / 1000, us % 1000, 3) + "ms";
    return trimmed(us / 1000000, us % 1000000, 6) + "s";
}

namespace {

std::string probability_text(Ppm p) {
    std::string f = fmt::format("{:06}", p % kPpmOne);
    while (!f.empty() && f.back() == '0') f.pop_back();
    return f.empty() ? fmt::format("{}", p / kPpmOne) : fmt::format("{}.{}", p / kPpmOne, f);
}

bool is_message_fault(FaultKind k) {
    return k == FaultKind::Delay || k == FaultKind::Duplicate || k == FaultKind::Republish || k == FaultKind::Drop ||
           k == FaultKind::Reorder;
}

std::string topics_text(const FaultSpec& f) {
    if (f.all_topics) return "*";
    std::string t;
    for (Topic x : f.topics) {
        if (!t.empty()) t += ',';
        t += topic_name(x);
    }
    return t;
}

// "for order 1 read by payment between 1s and 2s" (what narrows a record or a handler).
std::string narrowing(const FaultSpec& f) {
    std::string s;
    if (f.order) s += fmt::format(" for order {}", *f.order);
    if (is_message_fault(f.kind) && f.service) s += fmt::format(" read by {}", service_name(*f.service));
    if (f.from && f.to) s += fmt::format(" between {} and {}", short_time(f.from->us), short_time(f.to->us));
    else if (f.from) s += fmt::format(" from {}", short_time(f.from->us));
    else if (f.to) s += fmt::format(" before {}", short_time(f.to->us));
    return s;
}

// "the fault phase ended at 14.472ms (all quiet after the last request)"
std::string phase_text(const RunResult& r) {
    switch (r.phase_end_why) {
        case PhaseEnd::Until: return fmt::format("the fault phase ended at {} (run.until)", short_time(r.phase_end.us));
        case PhaseEnd::Quiet:
            return fmt::format("the fault phase ended at {} (all quiet after the last client request)",
                               short_time(r.phase_end.us));
        case PhaseEnd::Cap:
            return fmt::format("the fault phase ended at {} (10 minutes after the last client request)",
                               short_time(r.phase_end.us));
        case PhaseEnd::None: break;
    }
    return fmt::format("the run stopped at {}", short_time(r.end_time.us));
}

// The end of the fault phase, or of the run if the phase never ended.
SimTime phase_or_run_end(const RunResult& r) { return r.phase_end_why == PhaseEnd::None ? r.end_time : r.phase_end; }

std::string times(uint64_t n, std::string_view one) {
    return fmt::format("{} {}{}", n, one, n == 1 ? "" : "s");
}

// Why a fault that met its chances `c` never acted.
std::string why_never(const FaultSpec& f, const FaultChances& c, const RunResult& r) {
    const std::string late = c.first_late ? fmt::format("; the first came at {}, after {}", short_time(c.first_late->us),
                                                        phase_text(r))
                                          : std::string();
    const std::string hint = r.phase_end_why == PhaseEnd::Quiet ? "; set run.until to keep faults on longer" : "";
    // What it narrows to was met, but nth, the probability or a crashed service said no.
    const auto met = [&](std::string_view what) -> std::string {
        if (c.already_down != 0 && c.already_down == c.matched)
            return fmt::format("its service was down already each time ({})", times(c.matched, what));
        if (f.nth && c.matched < *f.nth)
            return fmt::format("it met {} in the fault phase; nth: {} never came", times(c.matched, what), *f.nth);
        if (f.probability)
            return fmt::format("it met {} in the fault phase and its probability ({}) drew none",
                               times(c.matched, what), probability_text(*f.probability));
        return fmt::format("it met {} in the fault phase", times(c.matched, what));
    };
    const SimTime end = phase_or_run_end(r);
    // A fault at a fixed time: a crash with `at`, a scale step.
    const auto timed = [&] {
        if (*f.at >= end) return fmt::format("its time ({}) came after {}", short_time(f.at->us), phase_text(r)) + hint;
        return fmt::format("its time ({}) never came", short_time(f.at->us));
    };
    if (is_message_fault(f.kind)) {
        if (c.matched != 0) return met("record");
        if (c.first_late)
            return fmt::format("no record of {}{} was sent before {}; the first was sent at {}", topics_text(f),
                               narrowing(f), phase_text(r), short_time(c.first_late->us)) + hint;
        return fmt::format("no record of {}{} was sent in this run", topics_text(f), narrowing(f));
    }
    switch (f.kind) {
        case FaultKind::Crash:
            if (f.at) {
                if (c.already_down != 0)
                    return fmt::format("{} was down already at {}", service_name(*f.service), short_time(f.at->us));
                return timed();
            }
            if (c.matched != 0) return met("handler");
            return fmt::format("no {} handler{} reached {} before {}", service_name(*f.service), narrowing(f),
                               crash_point_name(*f.point), phase_text(r)) + late + (c.first_late ? hint : "");
        case FaultKind::SlowCommit:
            if (c.matched != 0) return met("commit");
            return fmt::format("no {} commit{} came before {}", service_name(*f.service), narrowing(f), phase_text(r)) +
                   late + (c.first_late ? hint : "");
        case FaultKind::DbOutage:
        case FaultKind::Disconnect:
        case FaultKind::Pause:
            return fmt::format("its window begins at {}, after {}", short_time(f.from->us), phase_text(r)) + hint;
        case FaultKind::Nemesis: {
            const SimTime first = f.from.value_or(SimTime{0}) + *f.interval;
            return fmt::format("its first move would come at {}, after {}", short_time(first.us), phase_text(r)) + hint;
        }
        case FaultKind::Scale: return timed();
        default: break;
    }
    return "it never met what it narrows to";
}

}  // namespace

std::string fault_brief(const FaultSpec& f) {
    std::string s(fault_kind_name(f.kind));
    if (is_message_fault(f.kind)) {
        s += ' ';
        s += topics_text(f);
        if (f.service) s += fmt::format(" service={}", service_name(*f.service));
    } else if (f.service) {
        s += fmt::format(" {}", service_name(*f.service));
    }
    if (f.replica) s += fmt::format(" replica={}", unsigned(*f.replica) + 1);
    if (f.scale_to) s += fmt::format(" to {}", unsigned(*f.scale_to));
    if (f.point) s += fmt::format(" {}", crash_point_name(*f.point));
    if (f.at) s += fmt::format(" at={}", short_time(f.at->us));
    if (f.order) s += fmt::format(" order={}", *f.order);
    if (f.nth) s += fmt::format(" nth={}", *f.nth);
    if (f.from || f.to)
        s += fmt::format(" {}..{}", f.from ? short_time(f.from->us) : "", f.to ? short_time(f.to->us) : "");
    if (f.by) {
        s += f.by->min == f.by->max ? fmt::format(" by={}", short_time(f.by->min.us))
                                    : fmt::format(" by={}..{}", short_time(f.by->min.us), short_time(f.by->max.us));
    }
    if (f.window) s += fmt::format(" window={}", short_time(f.window->us));
    if (f.interval) s += fmt::format(" every={}", short_time(f.interval->us));
    if (f.probability) s += fmt::format(" p={}", probability_text(*f.probability));
    return s;
}

std::vector<FaultReport> fault_reports(const Scenario& sc, const RunResult& r) {
    const std::vector<FaultIdentity> ids = fault_identities(sc.faults);
    std::vector<FaultReport> out;
    for (size_t i = 0; i < sc.faults.size(); ++i) {
        FaultReport fr;
        fr.id = ids[i].id;
        fr.brief = fault_brief(sc.faults[i]);
        fr.acted = i < r.fault_acted.size() ? r.fault_acted[i] : 0;
        const FaultChances c = i < r.fault_chances.size() ? r.fault_chances[i] : FaultChances{};
        fr.matched = c.matched;
        if (fr.acted == 0) fr.never_acted = why_never(sc.faults[i], c, r);
        out.push_back(std::move(fr));
    }
    return out;
}

}  // namespace sagasim
