// The scenario emitter (sim/scenario/emit.hpp): every shipped scenario, written out and read
// back, is the same scenario (emit -> load -> emit is a fixed point, and the run at its seed has
// the same digest), and values take the forms the loader reads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/run/run.hpp"
#include "sim/scenario/emit.hpp"
#include "sim/scenario/loader.hpp"

using namespace sagasim;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> shipped() {
    std::vector<fs::path> out;
    for (const char* dir : {"scenarios", "bench", "regressions"}) {
        const fs::path root = fs::path(SAGASIM_SOURCE_DIR) / dir;
        if (!fs::exists(root)) continue;
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("emit: every shipped scenario reads back as the same scenario", "[emit]") {
    const auto files = shipped();
    REQUIRE(files.size() >= 30);
    for (const fs::path& p : files) {
        CAPTURE(p.string());
        const Scenario sc = load_scenario_file(p.string());
        const std::string once = emit_scenario(sc);
        const Scenario back = load_scenario_text(once, p.string());
        CHECK(emit_scenario(back) == once);
        const uint64_t seed = sc.seed.value_or(0);
        CHECK(run_scenario(back, seeded(seed)).digest == run_scenario(sc, seeded(seed)).digest);
    }
}

TEST_CASE("emit: values in the forms the loader reads", "[emit]") {
    const Scenario sc = load_scenario_text(R"(name: forms
description: "a \"quoted\" line"
seed: 3
run: {until: 1500ms, quiesce: 2m}
design: {base: hardened, saga-timeout: none}
inventory: {SKU-1: 3}
orders:
  - {at: 0s, sku: SKU-1, quantity: 2, price: 49.9, id: first}
payment: {success-rate: 0.05}
kafka: {latency: [1ms, 1ms], partitions: 1, ack-mode: record, max-poll-records: 7}
faults:
  - delay: {topic: [payment-failed-topic, order-failed-topic], order: 1, by: [250us, 2s]}
  - crash: {service: payment, at: 1h, restart-after: 1s}
invariants: {exclude: [saga-terminates]}
expect: {violations: none, stock: {SKU-1: 1}}
)",
                                           "forms.yaml");
    const std::string text = emit_scenario(sc, "# head\n");
    CHECK(text.rfind("# head\nname: forms\n", 0) == 0);
    for (const char* line : {
             "description: \"a \\\"quoted\\\" line\"\n",
             "run: {until: 1500ms, quiesce: 2m}\n",
             "design: {base: hardened, saga-timeout: none}\n",
             "  - {at: 0s, sku: \"SKU-1\", quantity: 2, price: \"49.90\", id: first}\n",
             "payment: {success-rate: 0.05}\n",
             "kafka: {partitions: 1, latency: [1ms, 1ms], ack-mode: record, max-poll-records: 7}\n",
             "  - {delay: {topic: [payment-failed-topic, order-failed-topic], order: 1, by: [250us, 2s]}}\n",
             "  - {crash: {service: payment, at: 1h, restart-after: 1s}}\n",
             "expect:\n  violations: none\n  stock: {\"SKU-1\": 1}\n",
         }) {
        CAPTURE(line);
        CHECK(text.find(line) != std::string::npos);
    }
    // The invariants left out are written as the list of those kept.
    CHECK(text.find("invariants: [") != std::string::npos);
    CHECK(text.find("saga-terminates") == std::string::npos);
    CHECK(emit_scenario(load_scenario_text(text, "forms.yaml"), "# head\n") == text);
}

TEST_CASE("emit: replicas, replica and scale read back as written", "[emit]") {
    const Scenario sc = load_scenario_text(R"(name: scaled
replicas: {inventory: 2, shipment: 1, payment: 3}
faults:
  - crash: {service: inventory, replica: 2, at: 1s, restart-after: 1s}
  - pause: {service: inventory, replica: 4, from: 2s, to: 3s}
  - scale: {service: inventory, at: 5s, replicas: 4, id: up}
)",
                                           "scaled.yaml");
    const std::string text = emit_scenario(sc);
    for (const char* line : {
             "replicas: {inventory: 2, payment: 3}\n",
             "  - {crash: {service: inventory, replica: 2, at: 1s, restart-after: 1s}}\n",
             "  - {pause: {service: inventory, replica: 4, from: 2s, to: 3s}}\n",
             "  - {scale: {service: inventory, at: 5s, replicas: 4, id: up}}\n",
         }) {
        CAPTURE(line);
        CHECK(text.find(line) != std::string::npos);
    }
    const Scenario back = load_scenario_text(text, "scaled.yaml");
    CHECK(back.replicas == sc.replicas);
    CHECK(emit_scenario(back) == text);
    // All replicas at 1: no replicas: section.
    CHECK(emit_scenario(load_scenario_text("name: one\nreplicas: {order: 1}\n", "one.yaml")).find("replicas") ==
          std::string::npos);
}
