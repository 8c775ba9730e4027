// Windows, decisions and the nemesis of process_faults.hpp.
#include "sim/faults/process_faults.hpp"

#include <algorithm>

#include "sim/kernel/rng.hpp"
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

ProcessFaults::ProcessFaults(const Scenario& sc, const std::vector<FaultIdentity>& ids, const FaultPhase& phase,
                             FaultLedger& ledger)
    : phase_(phase), ledger_(ledger) {
    for (size_t i = 0; i < sc.faults.size(); ++i) {
        const FaultSpec& f = sc.faults[i];
        const uint16_t idx = uint16_t(i);
        switch (f.kind) {
            case FaultKind::DbOutage:
            case FaultKind::Disconnect:
            case FaultKind::Pause:
                declared_.push_back(FaultWindow{f.kind, *f.service, *f.from, *f.to, idx, f.replica.value_or(kAllReplicas)});
                break;
            case FaultKind::Crash: {
                const Duration restart = f.restart_after.value_or(Duration::seconds(1));
                if (f.at) timed_.push_back({*f.at, CrashOrder{*f.service, restart, idx, f.replica.value_or(kAllReplicas)}});
                else {
                    points_.push_back(Narrowed{&f, ids[i].key, idx, 0});
                    point_mask_ |= 1u << (size_t(*f.service) * 4 + size_t(*f.point));
                }
                break;
            }
            case FaultKind::SlowCommit:
                // Without `by`, a window: its commits wait until it ends, as the nemesis's do.
                if (f.by) slow_.push_back(Narrowed{&f, ids[i].key, idx, 0});
                else declared_.push_back(FaultWindow{f.kind, *f.service, *f.from, *f.to, idx, f.replica.value_or(kAllReplicas)});
                break;
            case FaultKind::Scale: scales_.push_back({*f.at, ScaleOrder{*f.service, *f.scale_to, idx}}); break;
            case FaultKind::Nemesis:
                nemesis_ = &f;
                nemesis_key_ = ids[i].key;
                nemesis_index_ = idx;
                break;
            default: break;
        }
    }
    windows_ = declared_;
}

void ProcessFaults::reset() {
    windows_ = declared_;
    for (Narrowed& n : points_) n.matched = 0;
    for (Narrowed& n : slow_) n.matched = 0;
    nemesis_moves_ = 0;
    nemesis_slot_ = 0;
    counters_.reset();
}

SimTime ProcessFaults::healed_end(const FaultWindow& w) const {
    const std::optional<SimTime>& until = phase_.until();
    return until && *until < w.to ? *until : w.to;
}

std::optional<SimTime> ProcessFaults::window_end_slow(FaultKind kind, Service s, uint8_t replica, SimTime now) const {
    if (!phase_.active(now)) return std::nullopt;  // the heal phase ended every window
    std::optional<SimTime> end;
    for (const FaultWindow& w : windows_) {
        const SimTime to = healed_end(w);
        if (w.kind == kind && w.service == s && hits_replica(w.replica, replica) && w.from <= now && now < to &&
            (!end || to > *end))
            end = to;
    }
    return end;
}

std::optional<ProcessFaults::Span> ProcessFaults::window_span(FaultKind kind, Service s, uint8_t replica,
                                                              SimTime now) const {
    const std::optional<SimTime> end = window_end(kind, s, replica, now);
    if (!end) return std::nullopt;
    Span span{now, *end};
    // Widen it by every window that overlaps or abuts it, until none does (a few windows at most).
    for (bool grew = true; grew;) {
        grew = false;
        for (const FaultWindow& w : windows_) {
            const SimTime to = healed_end(w);
            if (w.kind != kind || w.service != s || !hits_replica(w.replica, replica) || w.from >= to) continue;
            if (w.from > span.to || to < span.from) continue;
            if (w.from < span.from) span.from = w.from, grew = true;
            if (to > span.to) span.to = to, grew = true;
        }
    }
    return span;
}

std::optional<ProcessFaults::Outage> ProcessFaults::db_outage(Service s, uint8_t replica, SimTime now) const {
    if (windows_.empty() || !phase_.active(now)) return std::nullopt;
    std::optional<Outage> out;
    for (const FaultWindow& w : windows_) {
        const SimTime to = healed_end(w);
        if (w.kind == FaultKind::DbOutage && w.service == s && hits_replica(w.replica, replica) && w.from <= now &&
            now < to && (!out || to > out->end))
            out = Outage{to, w.fault};
    }
    return out;
}

bool ProcessFaults::narrowed_fires(Narrowed& n, OrderId order, const DrawSubject& who, SimTime now, Decisions& d,
                                   uint32_t* k) {
    const FaultSpec& f = *n.spec;
    if (f.order && order != OrderId(*f.order)) return false;
    if (f.from && now < *f.from) return false;
    if (f.to && now >= *f.to) return false;
    if (!phase_.active(now)) {  // the heal phase
        ledger_.late(n.index, now);
        return false;
    }
    ++n.matched;
    ledger_.matched(n.index);
    if (f.nth && n.matched != *f.nth) return false;
    *k = counters_.next(mix64(n.key, who.key));
    return !f.probability || d.chance(DrawKey{Site::FaultActs, n.key, who.key, *k, who.order}, *f.probability);
}

Duration ProcessFaults::slow_commit(Service s, uint8_t replica, OrderId order, const DrawSubject& who, SimTime now,
                                    Decisions& d, uint16_t* fault) {
    Duration extra;
    if (windows_.empty() && slow_.empty()) return extra;
    // No window acts in the heal phase; a drawn slow commit notes its late chance.
    for (const FaultWindow& w : windows_) {
        const SimTime to = healed_end(w);
        if (w.kind == FaultKind::SlowCommit && w.service == s && hits_replica(w.replica, replica) && w.from <= now &&
            now < to && to - now > extra && phase_.active(now)) {
            extra = to - now;
            *fault = w.fault;
        }
    }
    for (Narrowed& n : slow_) {
        uint32_t k = 0;
        if (*n.spec->service != s || !hits_replica(n.spec->replica.value_or(kAllReplicas), replica) ||
            !narrowed_fires(n, order, who, now, d, &k))
            continue;
        const Range<Duration> by = *n.spec->by;
        const Duration v{d.between(DrawKey{Site::FaultValue, n.key, who.key, k, who.order}, by.min.us, by.max.us)};
        if (v > extra) {
            extra = v;
            *fault = n.index;
        }
    }
    return extra;
}

std::optional<CrashOrder> ProcessFaults::crash_at(Service s, uint8_t replica, CrashPoint point, OrderId order,
                                                  const DrawSubject& who, SimTime now, Decisions& d) {
    for (Narrowed& n : points_) {
        if (*n.spec->service != s || *n.spec->point != point) continue;
        if (!hits_replica(n.spec->replica.value_or(kAllReplicas), replica)) continue;
        uint32_t k = 0;
        // A crash at a handler's point kills the process the handler runs in: that replica.
        if (narrowed_fires(n, order, who, now, d, &k))
            return CrashOrder{s, n.spec->restart_after.value_or(Duration::seconds(1)), n.index, replica};
    }
    return std::nullopt;
}

SimTime ProcessFaults::nemesis_time(uint32_t slot, Decisions& d) const {
    const FaultSpec& f = *nemesis_;
    const SimTime start{f.from.value_or(SimTime{0}).us + int64_t(slot) * f.interval->us};
    return start + Duration{d.between(DrawKey{Site::NemesisStart, nemesis_key_, slot, 0, 0}, 0, f.interval->us - 1)};
}

std::optional<SimTime> ProcessFaults::nemesis_first(Decisions& d) {
    if (nemesis_ == nullptr) return std::nullopt;
    nemesis_slot_ = 1;
    return nemesis_time(nemesis_slot_, d);
}

ProcessFaults::NemesisMove ProcessFaults::nemesis_move(SimTime now, Decisions& d,
                                                      const std::array<uint8_t, kServiceCount>& running) {
    const FaultSpec& f = *nemesis_;
    NemesisMove m;
    m.next = nemesis_time(++nemesis_slot_, d);
    if (f.to && now >= *f.to) return m;
    if (!phase_.active(now)) {
        ledger_.late(nemesis_index_, now);
        return m;
    }
    // The move's number is the subject of its draws.
    const uint32_t move = nemesis_moves_++;
    const auto key = [&](Site s) { return DrawKey{s, nemesis_key_, move, 0, 0}; };
    const FaultKind kind = f.kinds[size_t(d.between(key(Site::NemesisKind), 0, int64_t(f.kinds.size()) - 1))];
    const Service service =
        kAllServices[size_t(d.between(key(Site::NemesisService), 0, int64_t(kAllServices.size()) - 1))];
    const Range<Duration> r = f.duration.value_or(Range<Duration>{Duration::millis(100), Duration::seconds(2)});
    const Duration length{d.between(key(Site::NemesisLength), r.min.us, r.max.us)};
    // A service of several replicas loses one of them, as a pod dies or stalls on its own: one of
    // those running now (replicas a scale step started too; none it stopped).
    const uint8_t replicas = running[size_t(service)];
    const uint8_t replica =
        replicas > 1 ? uint8_t(d.between(key(Site::NemesisReplica), 0, int64_t(replicas) - 1)) : kAllReplicas;
    if (kind == FaultKind::Crash) {
        m.crash = CrashOrder{service, length, nemesis_index_, replica};
    } else {
        // A slow-commit window stalls the service's commits until it ends (see slow_commit).
        m.window = FaultWindow{kind, service, now, now + length, nemesis_index_, replica};
    }
    // Queries are about the present, and for a disconnect about the last session.timeout.ms too
    // (whether a consumer has been cut off that long), so windows that ended before can go.
    std::erase_if(windows_, [&](const FaultWindow& w) {
        return w.kind == FaultKind::Disconnect ? w.to + kSessionTimeout <= now : w.to <= now;
    });
    if (m.window) windows_.push_back(*m.window);
    return m;
}

}  // namespace sagasim
