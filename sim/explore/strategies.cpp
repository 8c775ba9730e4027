// Swarm, PCT and the plan's override (strategies.hpp). Every draw here comes from an Rng seeded
// by the strategy's seed, a salt of its own and the decision's key, with the kernel's own
// distributions: the same plan answers the same way on every build and for any number of jobs.
#include "sim/explore/strategies.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

constexpr uint64_t kSwarmSalt = 0x5357524d00000001ULL;
constexpr uint64_t kPctSalt = 0x5043540000000002ULL;
constexpr uint64_t kMutateSalt = 0x4d55544100000003ULL;

Rng keyed(uint64_t seed, uint64_t salt, const DrawKey& k) {
    uint64_t h = mix64(mix64(seed, salt), uint64_t(k.site) + 1);
    h = mix64(h, k.fault);
    h = mix64(h, k.subject);
    return Rng(mix64(h, k.index));
}

// lo + (v - lo) * quarters / 4, kept within [lo, hi].
int64_t scaled(int64_t v, int64_t lo, int64_t hi, uint32_t quarters) {
    __extension__ typedef __int128 i128;
    const i128 x = i128(lo) + (i128(v) - lo) * quarters / 4;
    return int64_t(std::clamp<i128>(x, lo, hi));
}

}  // namespace

SwarmOverride::SwarmOverride(const Scenario& sc, const std::vector<FaultIdentity>& ids) {
    for (size_t i = 0; i < sc.faults.size(); ++i) {
        const FaultSpec& f = sc.faults[i];
        if (!f.probability && f.kind != FaultKind::Nemesis) continue;
        Fault x;
        x.key = ids[i].key;
        x.index = i;
        x.ppm = f.probability.value_or(0);
        faults_.push_back(x);
    }
    std::sort(faults_.begin(), faults_.end(), [](const Fault& a, const Fault& b) { return a.key < b.key; });
}

void SwarmOverride::configure(uint64_t seed) {
    seed_ = seed;
    Rng r(mix64(seed, kSwarmSalt));
    bool any = false;
    for (Fault& f : faults_) {
        f.on = r.below(2) == 1;
        f.quarters = 1u << r.below(5);
        any = any || f.on;
    }
    // A mix with every fault off is the run without faults, which random runs already cover
    // nearly: one fault stays on.
    if (!any && !faults_.empty()) faults_[r.below(faults_.size())].on = true;
}

SwarmOverride::Fault* SwarmOverride::find(uint64_t key) {
    auto it = std::lower_bound(faults_.begin(), faults_.end(), key, [](const Fault& f, uint64_t k) { return f.key < k; });
    return it != faults_.end() && it->key == key ? &*it : nullptr;
}

bool SwarmOverride::answer(Decision& d) {
    if (d.key.fault == 0) return false;
    Fault* f = find(d.key.fault);
    if (f == nullptr) return false;
    switch (d.key.site) {
        case Site::FaultActs: {
            if (!f->on) {
                d.value = 0;
                return true;
            }
            if (f->quarters == 4) return false;
            Rng r = keyed(seed_, kSwarmSalt, d.key);
            const uint64_t ppm = std::min<uint64_t>(kPpmOne, uint64_t(f->ppm) * f->quarters / 4);
            d.value = r.chance_ppm(uint32_t(ppm)) ? 1 : 0;
            return true;
        }
        case Site::FaultValue:
        case Site::NemesisLength:
            // A nemesis switched off still moves (its schedule is not a yes/no), at its shortest.
            d.value = uint64_t(f->on ? scaled(int64_t(d.value), d.lo, d.hi, f->quarters) : d.lo);
            return true;
        default: return false;
    }
}

std::string SwarmOverride::describe() const {
    std::vector<const Fault*> by_index;
    for (const Fault& f : faults_) by_index.push_back(&f);
    std::sort(by_index.begin(), by_index.end(), [](const Fault* a, const Fault* b) { return a->index < b->index; });
    std::string s;
    for (const Fault* f : by_index) {
        if (!s.empty()) s += ", ";
        static constexpr const char* kScale[] = {"", "x0.25", "x0.5", "", "x1", "", "", "", "x2", "", "", "", "", "", "", "", "x4"};
        s += fmt::format("#{} {}", f->index + 1, f->on ? kScale[f->quarters] : "off");
    }
    return s;
}

void PctOverride::configure(uint64_t seed, uint64_t horizon) {
    seed_ = seed;
    Rng r(mix64(seed, kPctSalt));
    depth_ = 1 + uint32_t(r.below(3));
    change_points_.clear();
    lowered_.clear();
    for (uint32_t i = 1; i < depth_; ++i) change_points_.push_back(r.below(std::max<uint64_t>(horizon, 1)));
}

uint64_t PctOverride::priority(uint32_t lane) const {
    for (const auto& [l, p] : lowered_)
        if (l == lane) return p;
    // Above every lowered priority (those are 1..depth-1).
    return mix64(mix64(seed_, kPctSalt), lane) | (uint64_t(1) << 63);
}

bool PctOverride::answer(Decision& d) {
    if (d.key.site == Site::TiePartition) {
        // Which partition a listener fetches next is no thread of the system: a uniform choice.
        Rng r = keyed(seed_, kPctSalt, d.key);
        d.value = r.below(uint64_t(d.hi) + 1);
        return true;
    }
    if (d.key.site != Site::TieEvent || d.lanes == nullptr) return false;
    const uint32_t n = uint32_t(d.hi) + 1;
    uint32_t best = 0;
    for (uint32_t i = 1; i < n; ++i)
        if (priority(d.lanes[i]) > priority(d.lanes[best])) best = i;
    for (size_t c = 0; c < change_points_.size(); ++c) {
        if (change_points_[c] != d.key.index) continue;
        const uint32_t lane = d.lanes[best];
        std::erase_if(lowered_, [&](const auto& e) { return e.first == lane; });
        lowered_.emplace_back(lane, uint64_t(c) + 1);
    }
    d.value = best;
    return true;
}

std::string PctOverride::describe() const {
    std::string s = fmt::format("depth {}", depth_);
    for (size_t c = 0; c < change_points_.size(); ++c)
        s += fmt::format("{}{}", c == 0 ? ", change points at ties " : ", ", change_points_[c]);
    return s;
}

void PlanOverride::configure(const RunPlan& plan, uint64_t pct_horizon) {
    base_ = nullptr;
    if (plan.base == Strategy::Swarm) {
        swarm_.configure(plan.seed);
        base_ = &swarm_;
    } else if (plan.base == Strategy::Pct) {
        pct_.configure(plan.seed, pct_horizon);
        base_ = &pct_;
    }
    mutations_ = &plan.mutations;
}

bool PlanOverride::answer(Decision& d) {
    if (mutations_ != nullptr && !mutations_->empty()) {
        const auto key = std::tuple(uint8_t(d.key.site), d.key.fault, d.key.subject, d.key.index);
        auto it = std::lower_bound(mutations_->begin(), mutations_->end(), key,
                                   [](const Mutation& m, const auto& k) { return m.key() < k; });
        // A mutation whose answer no longer fits the question (its range changed) is passed by.
        if (it != mutations_->end() && it->key() == key && int64_t(it->value) >= d.lo && int64_t(it->value) <= d.hi) {
            d.value = it->value;
            return true;
        }
    }
    return base_ != nullptr && base_->answer(d);
}

void DecisionLog::record(const Decision& d) {
    const ValueKind vk = value_kind(d.key.site);
    if (vk == ValueKind::Bits64 || vk == ValueKind::Bits128) return;
    if (d.hi - d.lo > (int64_t(1) << 40)) return;  // the load's exponential gaps
    decisions_.push_back(MutableDecision{{d.key.site, d.key.fault, d.key.subject, d.key.index, d.value}, d.lo, d.hi});
}

std::vector<Mutation> mutate(const std::vector<Mutation>& parent, const std::vector<MutableDecision>& decisions,
                             uint64_t seed, uint32_t count) {
    std::vector<Mutation> out = parent;
    if (decisions.empty()) return out;
    Rng r(mix64(seed, kMutateSalt));
    for (uint32_t i = 0; i < count; ++i) {
        const MutableDecision& d = decisions[r.below(decisions.size())];
        Mutation m = d.at;
        const uint64_t span = uint64_t(d.hi - d.lo);
        // Another answer than the parent's: a yes/no flipped, the value moved by 1..span.
        m.value = uint64_t(d.lo + int64_t((uint64_t(int64_t(m.value) - d.lo) + 1 + r.below(span)) % (span + 1)));
        auto it = std::lower_bound(out.begin(), out.end(), m.key(),
                                   [](const Mutation& x, const auto& k) { return x.key() < k; });
        if (it != out.end() && it->key() == m.key()) *it = m;
        else out.insert(it, m);
    }
    return out;
}

}  // namespace sagasim
