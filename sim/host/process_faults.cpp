// Windows, draws and the nemesis of process_faults.hpp.
#include "sim/host/process_faults.hpp"

#include <algorithm>
#include <string>

#include "sim/scenario/loader.hpp"

namespace sagasim {

std::string_view crash_point_name(CrashPoint p) {
    switch (p) {
        case CrashPoint::BeforePublish: return "before-publish";
        case CrashPoint::AfterPublish: return "after-publish";
        case CrashPoint::AfterCommit: return "after-commit";
    }
    return "?";
}

std::string_view fault_kind_name(FaultKind k) {
    // The loader's table of fault kinds holds the names scenario files use.
    for (const FaultKindInfo& f : fault_kinds())
        if (f.kind == k) return f.name;
    return "?";
}

ProcessFaults::ProcessFaults(const Scenario& sc, uint64_t seed, const FaultPhase& phase)
    : phase_(phase), nemesis_rng_(Rng::stream(seed, "nemesis")) {
    for (size_t i = 0; i < sc.faults.size(); ++i) {
        const FaultSpec& f = sc.faults[i];
        const uint16_t idx = uint16_t(i);
        switch (f.kind) {
            case FaultKind::DbOutage:
            case FaultKind::Disconnect:
            case FaultKind::Pause:
                windows_.push_back(FaultWindow{f.kind, *f.service, *f.from, *f.to, idx});
                break;
            case FaultKind::Crash: {
                const Duration restart = f.restart_after.value_or(Duration::seconds(1));
                if (f.at) timed_.push_back({*f.at, CrashOrder{*f.service, restart, idx}});
                else points_.push_back(Narrowed{&f, idx, 0, Rng::stream(seed, "fault." + std::to_string(i))});
                break;
            }
            case FaultKind::SlowCommit:
                slow_.push_back(Narrowed{&f, idx, 0, Rng::stream(seed, "fault." + std::to_string(i))});
                break;
            case FaultKind::Nemesis:
                nemesis_ = &f;
                nemesis_index_ = idx;
                break;
            default: break;
        }
    }
}

std::optional<SimTime> ProcessFaults::window_end(FaultKind kind, Service s, SimTime now) const {
    std::optional<SimTime> end;
    for (const FaultWindow& w : windows_)
        if (w.kind == kind && w.service == s && w.from <= now && now < w.to && (!end || w.to > *end)) end = w.to;
    return end;
}

bool ProcessFaults::narrowed_fires(Narrowed& n, OrderId order, SimTime now) {
    const FaultSpec& f = *n.spec;
    if (!phase_.active(now)) return false;
    if (f.order && order != OrderId(*f.order)) return false;
    if (f.from && now < *f.from) return false;
    if (f.to && now >= *f.to) return false;
    ++n.matched;
    if (f.nth && n.matched != *f.nth) return false;
    return !f.probability || n.rng.chance_ppm(*f.probability);
}

Duration ProcessFaults::slow_commit(Service s, OrderId order, SimTime now, uint16_t* fault) {
    Duration extra;
    for (const FaultWindow& w : windows_) {
        if (w.kind == FaultKind::SlowCommit && w.service == s && w.from <= now && now < w.to && w.to - now > extra) {
            extra = w.to - now;
            *fault = w.fault;
        }
    }
    for (Narrowed& n : slow_) {
        if (*n.spec->service != s || !narrowed_fires(n, order, now)) continue;
        const Range<Duration> by = *n.spec->by;
        const Duration d{by.min == by.max ? by.min.us : n.rng.between(by.min.us, by.max.us)};
        if (d > extra) {
            extra = d;
            *fault = n.index;
        }
    }
    return extra;
}

std::optional<CrashOrder> ProcessFaults::crash_at(Service s, CrashPoint point, OrderId order, SimTime now) {
    for (Narrowed& n : points_) {
        if (*n.spec->service != s || *n.spec->point != point) continue;
        if (narrowed_fires(n, order, now))
            return CrashOrder{s, n.spec->restart_after.value_or(Duration::seconds(1)), n.index};
    }
    return std::nullopt;
}

std::optional<SimTime> ProcessFaults::nemesis_first() const {
    if (nemesis_ == nullptr) return std::nullopt;
    return nemesis_->from.value_or(SimTime{0}) + *nemesis_->interval;
}

ProcessFaults::NemesisMove ProcessFaults::nemesis_move(SimTime now) {
    const FaultSpec& f = *nemesis_;
    NemesisMove m;
    m.next = now + *f.interval;
    if (!phase_.active(now) || (f.to && now >= *f.to)) return m;
    const FaultKind kind = f.kinds[size_t(nemesis_rng_.below(f.kinds.size()))];
    const Service service = kAllServices[size_t(nemesis_rng_.below(kAllServices.size()))];
    const Range<Duration> d = f.duration.value_or(Range<Duration>{Duration::millis(100), Duration::seconds(2)});
    const Duration length{nemesis_rng_.between(d.min.us, d.max.us)};
    if (kind == FaultKind::Crash) {
        m.crash = CrashOrder{service, length, nemesis_index_};
    } else {
        // A slow-commit window stalls the service's commits until it ends (see slow_commit).
        m.window = FaultWindow{kind, service, now, now + length, nemesis_index_};
    }
    // Queries are always about the present, so windows that have ended can go.
    std::erase_if(windows_, [&](const FaultWindow& w) { return w.to <= now; });
    if (m.window) windows_.push_back(*m.window);
    return m;
}

}  // namespace sagasim
