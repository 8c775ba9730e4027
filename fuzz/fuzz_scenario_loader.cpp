// libFuzzer target for the scenario loader: any bytes go to load_scenario_text as `sagasim run`
// reads them. A ScenarioError is the right answer to bad input; any other exception, a crash, a
// hang, a sanitizer report or a loaded Scenario outside the limits of scenario.hpp is a finding.
// Built by -DSAGASIM_FUZZ=ON with clang; run by .ci/fuzz from fuzz/corpus/fuzz_scenario_loader/.
// Depends on the loader's public header only.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario/loader.hpp"

namespace {

using namespace sagasim;

// A loaded scenario that breaks a documented limit is as much a finding as a crash.
void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_scenario_loader: a loaded scenario breaks a limit: %s\n", what);
    std::abort();
}

bool time_ok(SimTime t) { return t.us >= 0 && t.us <= limits::kDurationMax.us; }
bool duration_ok(Duration d) { return d.us >= 0 && d.us <= limits::kDurationMax.us; }
bool range_ok(const Range<Duration>& r) { return duration_ok(r.min) && duration_ok(r.max) && r.min <= r.max; }
bool money_ok(Money m) { return m.cents >= 0 && m.cents <= limits::kMoneyCentsMax; }

void check_limits(const Scenario& s) {
    if (s.run.until) require(time_ok(*s.run.until), "run.until");
    require(duration_ok(s.run.quiesce), "run.quiesce");
    require(s.run.max_steps >= 1 && s.run.max_steps <= limits::kMaxStepsMax, "run.max-steps");
    if (s.design.saga_timeout) require(duration_ok(*s.design.saga_timeout), "design.saga-timeout");
    for (const auto& [sku, qty] : s.inventory)
        require(qty >= 0 && qty <= INT32_MAX && sku < s.skus.size(), "inventory");
    for (const OrderRequest& o : s.orders)
        require(time_ok(o.at) && o.quantity >= 1 && money_ok(o.price) && o.sku < s.skus.size(), "orders");
    if (s.load) {
        const Load& l = *s.load;
        require(l.count >= 1 && l.count <= limits::kLoadCountMax, "load.count");
        require(l.rate_count >= 1 && l.rate_count <= limits::kRateCountMax && l.rate_unit.us > 0, "load.rate");
        require(time_ok(l.start) && !l.skus.empty(), "load.start, load.skus");
        require(l.quantity.min >= 1 && l.quantity.min <= l.quantity.max, "load.quantity");
        require(money_ok(l.price.min) && money_ok(l.price.max) && l.price.min <= l.price.max, "load.price");
    }
    for (const Restock& r : s.restocks) require(time_ok(r.at) && r.quantity >= 0, "restocks");
    for (const Injection& in : s.injections) {
        require(time_ok(in.at) && in.order_id >= 1, "inject");
        if (in.price) require(money_ok(*in.price), "inject.price");
        if (in.amount) require(money_ok(*in.amount), "inject.amount");
        if (in.quantity) require(*in.quantity >= 0, "inject.quantity");
    }
    require(s.payment_success <= kPpmOne && s.shipment_success <= kPpmOne, "success-rate");
    require(s.kafka.partitions >= 1 && s.kafka.partitions <= 1024, "kafka.partitions");
    require(range_ok(s.kafka.latency), "kafka.latency");
    for (Duration d : {s.timing.handle, s.timing.publish_ack, s.timing.commit, s.timing.offset_commit,
                       s.timing.retry_backoff})
        require(duration_ok(d), "timing");
    for (const FaultSpec& f : s.faults) {
        for (const std::optional<SimTime>& t : {f.from, f.to, f.at})
            if (t) require(time_ok(*t), "fault time");
        if (f.from && f.to) require(*f.from < *f.to, "fault from < to");
        for (const std::optional<Duration>& d : {f.window, f.restart_after, f.interval})
            if (d) require(duration_ok(*d), "fault duration");
        for (const std::optional<Range<Duration>>& r : {f.by, f.duration})
            if (r) require(range_ok(*r), "fault range");
        if (f.probability) require(*f.probability <= kPpmOne, "fault probability");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        check_limits(load_scenario_text(text, "fuzz.yaml"));
    } catch (const ScenarioError& e) {
        // The expected answer to bad input; it must say something.
        require(!e.diagnostics().empty(), "a ScenarioError without a diagnostic");
    }
    return 0;
}
