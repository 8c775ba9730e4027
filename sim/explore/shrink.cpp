// The shrinker of shrink.hpp: passes over a candidate scenario, each kept only when a replay at
// the shrink's seed still fails the same way, repeated until none changes anything.
#include "sim/explore/shrink.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/check/catalog.hpp"
#include "sim/explore/failures.hpp"
#include "sim/explore/strategies.hpp"
#include "sim/faults/fault_table.hpp"
#include "sim/faults/process_faults.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/run/client.hpp"
#include "sim/run/run.hpp"
#include "sim/run/summary.hpp"
#include "sim/scenario/emit.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/kernel/assert.hpp"

namespace sagasim {
namespace {

constexpr int kRoundsMax = 12;

// The decisions of one run, as asked and answered (their lanes left out).
class TapeLog final : public DecisionRecorder {
public:
    void record(const Decision& d) override {
        decisions.push_back(d);
        decisions.back().lanes = nullptr;
    }
    std::vector<Decision> decisions;
};

struct Replay {
    bool same = false;  // failed with the target's invariant and signature
    uint64_t steps = 0;
    std::vector<std::string> violated;  // invariant names, in catalogue order
    std::string what;                   // the first failure's words, if any
    std::vector<Decision> tape;
};

bool draws_acts(const FaultSpec& f) {
    return f.probability && f.kind != FaultKind::Nemesis && !(f.kind == FaultKind::Crash && f.at);
}

bool is_window(FaultKind k) { return k == FaultKind::DbOutage || k == FaultKind::Disconnect || k == FaultKind::Pause; }

// Orders in creation order: by time, then as written (the client's requests at one instant go in
// queue order).
std::vector<size_t> creation_order(const Scenario& s) {
    std::vector<size_t> idx(s.orders.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return s.orders[a].at < s.orders[b].at; });
    return idx;
}

template <typename T>
std::vector<T> kept(const std::vector<T>& v, const std::vector<bool>& remove) {
    std::vector<T> out;
    for (size_t i = 0; i < v.size(); ++i)
        if (!remove[i]) out.push_back(v[i]);
    return out;
}

class Shrinker {
public:
    Shrinker(const Scenario& sc, const ShrinkConfig& cfg, const ShrinkProgressFn& progress)
        : cfg_(cfg), progress_(progress), best_(sc) {
        best_.expect = Expect{};
        if (cfg.target) target_ = *cfg.target;
        wanted_ = cfg.target.has_value();
    }

    ShrinkResult run();

private:
    // `plain`: without the config's plan (the result as a file is run).
    Replay replay(const Scenario& c, uint64_t seed, bool record, bool plain = false);
    bool accept(Scenario c);
    ShrinkSize size_of(const Scenario& s, uint64_t steps) const {
        return ShrinkSize{s.orders.size() + (s.load ? s.load->count : 0), s.faults.size(), steps};
    }
    bool spent() const { return cfg_.max_replays != 0 && replays_ >= cfg_.max_replays; }

    // ddmin over n items: `without(remove)` builds the candidate from best_ without the marked ones.
    template <typename Without>
    bool ddmin(size_t n, Without without);
    // ddmin over one list of the scenario: its entries removed.
    template <typename T>
    bool drop_some(std::vector<T> Scenario::*field) {
        return ddmin((best_.*field).size(), [&, field](const std::vector<bool>& r) {
            Scenario c = best_;
            c.*field = kept(best_.*field, r);
            return c;
        });
    }
    bool pass_load();
    bool pass_nemesis();
    bool pass_targeted();
    bool pass_fixed();
    bool pass_smaller();
    std::vector<std::string> still_random() const;

    const ShrinkConfig& cfg_;
    const ShrinkProgressFn& progress_;
    ShrinkTarget target_;
    Scenario best_;
    uint64_t best_steps_ = 0;
    std::vector<Decision> best_tape_;
    uint64_t replays_ = 0;
    bool wanted_ = false;  // the target was given
};

Replay Shrinker::replay(const Scenario& c, uint64_t seed, bool record, bool plain) {
    TapeLog log;
    RunOptions o = seeded(seed);
    if (record) o.recorder = &log;
    const std::vector<FaultIdentity> ids = fault_identities(c.faults);
    PlanOverride under(c, ids);
    if (!plain && cfg_.plan && !cfg_.plan->plain()) {
        under.configure(*cfg_.plan, cfg_.pct_horizon);
        o.replay = &under;
    }
    Runner runner(c);
    const RunResult r = runner.run(o);
    ++replays_;
    Replay out;
    out.steps = r.steps;
    const Judged j = judge(c, r);
    const std::vector<FailureHit> hits = failure_hits(c, r, j);
    for (const FailureHit& h : hits) {
        if (h.invariant != target_.invariant || h.signature != target_.signature) continue;
        out.same = true;
        if (target_.what.empty() && h.violation < r.violations.size())
            target_.what = violation_line(c, r.violations[h.violation]);
    }
    std::set<std::string> names;
    for (const Violation& v : r.violations) names.insert(std::string(v.invariant));
    for (const InvariantInfo& i : invariant_catalog())
        if (names.count(std::string(i.name))) out.violated.push_back(std::string(i.name));
    if (!hits.empty()) {
        const FailureHit& h = hits.front();
        out.what = h.violation < r.violations.size() ? violation_line(c, r.violations[h.violation]) : h.text;
        if (target_.invariant.empty()) {
            // The first run: its first hit is the target.
            target_ = ShrinkTarget{h.invariant, h.signature, out.what};
            out.same = true;
        }
    }
    out.tape = std::move(log.decisions);
    if (progress_) progress_(replays_, size_of(best_, best_steps_));
    return out;
}

bool Shrinker::accept(Scenario c) {
    if (spent()) return false;
    // A candidate the loader would refuse is no candidate.
    for (const Restock& r : c.direct_reserves)
        if (!sku_ever_stocked(c, r.sku)) return false;
    Replay r = replay(c, cfg_.seed, true);
    if (!r.same) return false;
    best_ = std::move(c);
    best_steps_ = r.steps;
    best_tape_ = std::move(r.tape);
    return true;
}

template <typename Without>
bool Shrinker::ddmin(size_t n, Without without) {
    bool changed = false;
    size_t chunks = 2;
    while (n > 0 && !spent()) {
        chunks = std::min(chunks, n);
        bool removed = false;
        for (size_t c = 0; c < chunks && !removed; ++c) {
            std::vector<bool> remove(n, false);
            const size_t lo = c * n / chunks, hi = (c + 1) * n / chunks;
            for (size_t i = lo; i < hi; ++i) remove[i] = true;
            if (accept(without(remove))) {
                n -= hi - lo;
                removed = changed = true;
                chunks = std::max<size_t>(chunks - 1, 2);
            }
        }
        if (removed) continue;
        if (chunks >= n) break;
        chunks = std::min(chunks * 2, n);
    }
    return changed;
}

// The orders without the marked ones; the targeted faults follow their orders' new numbers (a
// fault on a removed order goes with it). With generated load the numbers interleave: unchanged.
Scenario without_orders(const Scenario& s, const std::vector<bool>& remove) {
    Scenario c = s;
    c.orders.clear();
    std::map<uint32_t, uint32_t> renumber;  // old orderId -> new
    const std::vector<size_t> created = creation_order(s);
    uint32_t next = 1;
    for (size_t rank = 0; rank < created.size(); ++rank)
        if (!remove[created[rank]]) renumber[uint32_t(rank + 1)] = next++;
    for (size_t i = 0; i < s.orders.size(); ++i)
        if (!remove[i]) c.orders.push_back(s.orders[i]);
    if (s.load) return c;
    c.faults.clear();
    for (FaultSpec f : s.faults) {
        if (f.order && *f.order <= created.size()) {
            const auto it = renumber.find(*f.order);
            if (it == renumber.end()) continue;
            f.order = it->second;
        }
        c.faults.push_back(f);
    }
    return c;
}


// Fewer generated orders (the later arrivals go; the earlier keep their draws), then the rest as
// the explicit orders the seed drew for them.
bool Shrinker::pass_load() {
    if (!best_.load) return false;
    bool changed = false;
    for (bool again = true; again && best_.load->count > 1;) {
        again = false;
        const uint64_t n = best_.load->count;
        for (uint64_t m : {uint64_t(1), n / 4, n / 2, n - n / 4, n - 1}) {
            if (m == 0 || m >= n) continue;
            Scenario c = best_;
            c.load->count = m;
            if (accept(std::move(c))) {
                changed = again = true;
                break;
            }
        }
    }
    const Load& l = *best_.load;
    Decisions d;
    d.reset(cfg_.seed);
    const int64_t mean = std::max<int64_t>(1, l.rate_unit.us / int64_t(l.rate_count));
    Scenario c = best_;
    SimTime t = l.start;
    for (uint64_t k = 0; k < l.count; ++k) {
        const uint64_t who = load_identity(k);
        t = t + Duration{d.exponential(DrawKey{Site::LoadGap, 0, who, 0, 0}, mean)};
        const auto key = [&](Site s) { return DrawKey{s, 0, who, 0, 0}; };
        OrderRequest o;
        o.at = t;
        o.sku = l.skus[size_t(d.between(key(Site::LoadSku), 0, int64_t(l.skus.size()) - 1))];
        o.quantity = int32_t(d.between(key(Site::LoadQuantity), l.quantity.min, l.quantity.max));
        o.price = Money{d.between(key(Site::LoadPrice), l.price.min.cents, l.price.max.cents)};
        c.orders.push_back(o);
    }
    c.load.reset();
    return accept(std::move(c)) || changed;
}

// The nemesis as the crashes and windows it drew at the shrink's seed; a slow-commit window (a
// service's commits stalled until the window ends) is a slow-commit with `from` and `to` and no
// `by`.
bool Shrinker::pass_nemesis() {
    const auto it = std::find_if(best_.faults.begin(), best_.faults.end(),
                                 [](const FaultSpec& f) { return f.kind == FaultKind::Nemesis; });
    if (it == best_.faults.end()) return false;
    const size_t at = size_t(it - best_.faults.begin());
    const FaultSpec nem = *it;
    const uint64_t key = fault_identities(best_.faults)[at].key;
    std::map<uint64_t, int64_t> start;  // slot -> its draw
    struct Move {
        uint64_t slot = 0;
        FaultKind kind = FaultKind::Crash;
        Service service = Service::Order;
        int64_t length = 0;
        uint8_t replica = kAllReplicas;
    };
    std::map<uint64_t, Move> moves;
    uint64_t last_slot = 0;
    for (const Decision& d : best_tape_) {
        if (d.key.fault != key) continue;
        switch (d.key.site) {
            case Site::NemesisStart:
                start[d.key.subject] = int64_t(d.value);
                last_slot = d.key.subject;
                break;
            case Site::NemesisKind:
                moves[d.key.subject].slot = last_slot - 1;
                moves[d.key.subject].kind = nem.kinds[d.value];
                break;
            case Site::NemesisService: moves[d.key.subject].service = kAllServices[d.value]; break;
            case Site::NemesisLength: moves[d.key.subject].length = int64_t(d.value); break;
            case Site::NemesisReplica: moves[d.key.subject].replica = uint8_t(d.value); break;
            default: break;
        }
    }
    // A kind or service that is no choice (one candidate) draws nothing.
    const Range<Duration> len = nem.duration.value_or(Range<Duration>{Duration::millis(100), Duration::seconds(2)});
    Scenario c = best_;
    c.faults.erase(c.faults.begin() + std::ptrdiff_t(at));
    for (auto& [n, m] : moves) {
        if (nem.kinds.size() == 1) m.kind = nem.kinds[0];
        if (len.min == len.max) m.length = len.min.us;
        const SimTime t{nem.from.value_or(SimTime{0}).us + int64_t(m.slot) * nem.interval->us +
                        (start.count(m.slot) ? start[m.slot] : 0)};
        FaultSpec f;
        f.kind = m.kind;
        f.service = m.service;
        if (m.replica != kAllReplicas) f.replica = m.replica;
        if (m.kind == FaultKind::Crash) {
            f.at = t;
            f.restart_after = Duration{m.length};
        } else if (is_window(m.kind) || m.kind == FaultKind::SlowCommit) {
            f.from = t;
            f.to = t + Duration{m.length};
        } else {
            continue;
        }
        c.faults.push_back(f);
    }
    return accept(std::move(c));
}

// Each probabilistic fault as one targeted fault per record it acted on: that order, that
// record's number among the fault's records of the order, its drawn `by`.
bool Shrinker::pass_targeted() {
    bool changed = false;
    for (size_t i = 0; i < best_.faults.size() && !spent(); ++i) {
        const FaultSpec f = best_.faults[i];
        if (!draws_acts(f) || *f.probability == kPpmOne) continue;
        const uint64_t key = fault_identities(best_.faults)[i].key;
        std::vector<std::pair<int64_t, uint32_t>> acted;  // (orderId, index)
        std::map<std::pair<int64_t, uint32_t>, int64_t> value;
        bool untargetable = false;
        for (const Decision& d : best_tape_) {
            if (d.key.fault != key) continue;
            if (d.key.site == Site::FaultActs && d.value == 1) {
                if (d.key.order <= 0) untargetable = true;
                acted.emplace_back(d.key.order, d.key.index);
            }
            if (d.key.site == Site::FaultValue) value[{d.key.order, d.key.index}] = int64_t(d.value);
        }
        if (untargetable) continue;
        Scenario c = best_;
        c.faults.erase(c.faults.begin() + std::ptrdiff_t(i));
        std::vector<FaultSpec> copies;
        for (const auto& [order, index] : acted) {
            FaultSpec t = f;
            t.probability.reset();
            t.order = uint32_t(order);
            t.nth = index + 1;
            if (t.by && value.count({order, index})) t.by = Range<Duration>{Duration{value[{order, index}]}, Duration{value[{order, index}]}};
            if (!t.id.empty()) t.id = fmt::format("{}-o{}-n{}", f.id, order, index + 1);
            copies.push_back(t);
        }
        c.faults.insert(c.faults.begin() + std::ptrdiff_t(i), copies.begin(), copies.end());
        if (accept(std::move(c))) {
            changed = true;
            i += copies.size();
            if (i > 0) --i;
        }
    }
    return changed;
}

// Ranges and rates as one value: what the run drew first, else the ends.
bool Shrinker::pass_fixed() {
    bool changed = false;
    for (size_t i = 0; i < best_.faults.size() && !spent(); ++i) {
        const FaultSpec& f = best_.faults[i];
        if (!f.by || f.by->min == f.by->max) continue;
        const uint64_t key = fault_identities(best_.faults)[i].key;
        std::vector<Duration> tries;
        for (const Decision& d : best_tape_)
            if (d.key.fault == key && d.key.site == Site::FaultValue) {
                tries.push_back(Duration{int64_t(d.value)});
                break;
            }
        tries.push_back(f.by->min);
        tries.push_back(f.by->max);
        for (Duration v : tries) {
            Scenario c = best_;
            c.faults[i].by = Range<Duration>{v, v};
            if (accept(std::move(c))) {
                changed = true;
                break;
            }
        }
    }
    const auto rate = [&](Ppm Scenario::*field, Site site) {
        const Ppm p = best_.*field;
        if (p == 0 || p == kPpmOne) return;
        bool any_no = false;
        for (const Decision& d : best_tape_) any_no = any_no || (d.key.site == site && d.value == 0);
        for (Ppm v : any_no ? std::array<Ppm, 2>{0, kPpmOne} : std::array<Ppm, 2>{kPpmOne, 0}) {
            Scenario c = best_;
            c.*field = v;
            if (accept(std::move(c))) {
                changed = true;
                return;
            }
        }
    };
    rate(&Scenario::payment_success, Site::PaymentOutcome);
    rate(&Scenario::shipment_success, Site::ShipmentOutcome);
    const Range<Duration> lat = best_.kafka.latency;
    if (lat.min != lat.max) {
        for (Duration v : {lat.min, lat.max, Duration{(lat.min.us + lat.max.us) / 2}}) {
            Scenario c = best_;
            c.kafka.latency = Range<Duration>{v, v};
            if (accept(std::move(c))) {
                changed = true;
                break;
            }
        }
    }
    if (best_.kafka.partitions != 1) {
        Scenario c = best_;
        c.kafka.partitions = 1;
        changed |= accept(std::move(c));
    }
    // One replica of a service, when no fault names another of its replicas or scales it: no
    // rebalances, and no rest.replica draw.
    for (Service svc : kAllServices) {
        if (best_.replicas[size_t(svc)] <= 1 || spent()) continue;
        bool named = false;
        for (const FaultSpec& f : best_.faults)
            named = named || (f.service == svc && ((f.replica && *f.replica > 0) || f.kind == FaultKind::Scale));
        if (named) continue;
        Scenario c = best_;
        c.replicas[size_t(svc)] = 1;
        changed |= accept(std::move(c));
    }
    return changed;
}

// Every point in time of a scenario moved `by` earlier (none goes below 0); run.until stays, so
// the fault phase only grows.
Scenario shifted(const Scenario& s, Duration by) {
    Scenario c = s;
    const auto earlier = [&](SimTime& t) { t = SimTime{std::max<int64_t>(0, t.us - by.us)}; };
    for (OrderRequest& o : c.orders) earlier(o.at);
    for (Restock& r : c.restocks) earlier(r.at);
    for (Restock& r : c.direct_reserves) earlier(r.at);
    for (Injection& i : c.injections) earlier(i.at);
    if (c.load) earlier(c.load->start);
    for (FaultSpec& f : c.faults) {
        if (f.at) earlier(*f.at);
        if (f.from) earlier(*f.from);
        if (f.to) earlier(*f.to);
    }
    return c;
}

// Smaller values: quantities of 1, the first request at 0s, shorter fixed delays.
bool Shrinker::pass_smaller() {
    bool changed = false;
    for (size_t i = 0; i < best_.orders.size() && !spent(); ++i) {
        if (best_.orders[i].quantity <= 1) continue;
        Scenario c = best_;
        c.orders[i].quantity = 1;
        changed |= accept(std::move(c));
    }
    std::optional<SimTime> first;
    for (const OrderRequest& o : best_.orders) first = first ? std::min(*first, o.at) : o.at;
    for (const Injection& in : best_.injections) first = first ? std::min(*first, in.at) : in.at;
    if (first && first->us > 0 && !spent()) changed |= accept(shifted(best_, Duration{first->us}));
    for (size_t i = 0; i < best_.faults.size() && !spent(); ++i) {
        // Halved while it still fails, as long as the halves stay whole milliseconds or above one.
        while (!spent()) {
            const std::optional<Range<Duration>>& by = best_.faults[i].by;
            if (!by || by->min != by->max || by->min.us <= 1000) break;
            const int64_t half = by->min.us / 2 / 1000 * 1000;
            Scenario c = best_;
            c.faults[i].by = Range<Duration>{Duration{half}, Duration{half}};
            if (!accept(std::move(c))) break;
            changed = true;
        }
    }
    return changed;
}

std::vector<std::string> Shrinker::still_random() const {
    std::vector<std::string> out;
    const Scenario& s = best_;
    if (s.load) out.push_back(fmt::format("load: {} generated orders (their times, SKUs, quantities and prices)", s.load->count));
    for (size_t i = 0; i < s.faults.size(); ++i) {
        const FaultSpec& f = s.faults[i];
        if (f.kind == FaultKind::Nemesis) out.push_back(fmt::format("faults[{}]: the nemesis's moves", i));
        else if (draws_acts(f) && *f.probability != kPpmOne && *f.probability != 0)
            out.push_back(fmt::format("faults[{}]: whether it acts (probability)", i));
        if (f.by && f.by->min != f.by->max) out.push_back(fmt::format("faults[{}]: its 'by' range", i));
    }
    if (s.payment_success != 0 && s.payment_success != kPpmOne) out.push_back("payment success-rate");
    if (s.shipment_success != 0 && s.shipment_success != kPpmOne) out.push_back("shipment success-rate");
    if (s.kafka.latency.min != s.kafka.latency.max) out.push_back("kafka latency range");
    // No key pins which replica takes a REST request (rest.replica).
    const std::array<uint8_t, kServiceCount> most = most_replicas(s);
    if (most[size_t(Service::Order)] > 1 && (!s.orders.empty() || s.load))
        out.push_back("which order replica takes each createOrder request");
    if (most[size_t(Service::Inventory)] > 1 && (!s.restocks.empty() || !s.direct_reserves.empty()))
        out.push_back("which inventory replica takes each restock or reservation request");
    return out;
}

ShrinkResult Shrinker::run() {
    ShrinkResult res;
    const Replay first = replay(best_, cfg_.seed, true);
    res.before = size_of(best_, first.steps);
    // Only a violation can be shrunk: an expectation's numbers are about the orders shrinking removes.
    if (target_.invariant.empty() || (wanted_ && !first.same) || !find_invariant(target_.invariant)) {
        res.replays = replays_;
        return res;
    }
    best_steps_ = first.steps;
    best_tape_ = first.tape;
    for (int round = 0; round < kRoundsMax && !spent(); ++round) {
        bool changed = pass_load();
        changed |= ddmin(best_.orders.size(), [&](const std::vector<bool>& r) { return without_orders(best_, r); });
        changed |= drop_some(&Scenario::faults);
        changed |= drop_some(&Scenario::direct_reserves);
        changed |= drop_some(&Scenario::restocks);
        changed |= drop_some(&Scenario::inventory);
        changed |= drop_some(&Scenario::injections);
        changed |= pass_nemesis();
        changed |= pass_targeted();
        changed |= pass_fixed();
        changed |= pass_smaller();
        if (!changed) break;
    }
    res.budget_spent = spent();
    res.target = target_;
    res.after = size_of(best_, best_steps_);
    res.still_random = still_random();
    const Replay at_seed = replay(best_, cfg_.seed, false, true);
    Scenario out = best_;
    out.seed = cfg_.seed;
    out.expect = Expect{};
    out.expect.violations = at_seed.violated;
    // What is verified is the file as it will be read back.
    const std::string text = emit_scenario(out);
    Scenario back = load_scenario_text(text, best_.path);
    SIM_ASSERT(emit_scenario(back) == text, "the shrunk scenario does not read back as written");
    back.expect = Expect{};
    for (uint64_t s : cfg_.verify_seeds) {
        const Replay r = replay(back, s, false, true);
        if (r.same) continue;
        if (res.not_failing.empty())
            res.first_miss = r.what.empty() ? std::string("no invariant was violated") : "it failed otherwise: " + r.what;
        res.not_failing.push_back(s);
    }
    res.shrunk = std::move(out);
    res.replays = replays_;
    return res;
}

}  // namespace

std::string size_words(const ShrinkSize& s) {
    return fmt::format("{} order{}, {} fault{}, {} steps", s.orders, s.orders == 1 ? "" : "s", s.faults,
                       s.faults == 1 ? "" : "s", s.steps);
}

std::string seed_list(const std::vector<uint64_t>& seeds) {
    bool consecutive = seeds.size() > 2;
    for (size_t i = 1; i < seeds.size(); ++i) consecutive = consecutive && seeds[i] == seeds[i - 1] + 1;
    if (consecutive) return fmt::format("{}..{}", seeds.front(), seeds.back());
    std::string s;
    for (uint64_t v : seeds) s += (s.empty() ? "" : ", ") + fmt::format("{}", v);
    return s;
}

std::string shrunk_file_text(const Scenario& original, const ShrinkConfig& config, const ShrinkResult& r) {
    SIM_ASSERT(r.target.has_value(), "a shrunk file without a target");
    std::string h;
    h += fmt::format("# Shrunk by {} from {} (sha256 {}) at seed {}.\n", version_string(), original.path,
                     original.sha256, config.seed);
    if (config.plan && !config.plan->plain())
        h += fmt::format("# Found under {}; shrunk under that plan, verified as a plain file.\n", config.plan_words);
    h += fmt::format("# It violates {} with the original run's failure signature {:016x}:\n", r.target->invariant,
                     r.target->signature);
    h += "#   " + r.target->what + "\n";
    h += fmt::format("# Original: {}. Shrunk: {} ({} replays{}).\n", size_words(r.before), size_words(r.after),
                     r.replays, r.budget_spent ? ", stopped by the replay budget" : "");
    if (!config.verify_seeds.empty())
        h += fmt::format("# Fails the same way under seeds {}.\n", seed_list(config.verify_seeds));
    if (r.still_random.empty()) {
        h += "# Draws nothing at random but its orderNumbers and eventIds";
        h += r.shrunk.kafka.partitions == 1 ? " (one partition per topic: they place nothing).\n"
                                            : " (they pick the records' partitions).\n";
    } else {
        h += "# Could not be fixed, still drawn from the seed:\n";
        for (const std::string& w : r.still_random) h += "#   " + w + "\n";
    }
    Scenario out = r.shrunk;
    out.name = original.name + "-shrunk";
    out.description = fmt::format("{} at seed {}, shrunk: it violates {}.", original.path, config.seed,
                                  r.target->invariant);
    return emit_scenario(out, h);
}

ShrinkResult shrink_scenario(const Scenario& sc, const ShrinkConfig& config, const ShrinkProgressFn& progress) {
    Shrinker s(sc, config, progress);
    return s.run();
}

}  // namespace sagasim
