// Internal to the scenario loader: the key tables of every section and the ScenarioReader, which
// turns the Node tree of one file into a Scenario, section by section (loader_sections.cpp,
// loader_faults.cpp, loader_expect.cpp). No yaml-cpp here; nothing outside sim/scenario includes it.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/loader.hpp"
#include "sim/scenario/values.hpp"

namespace sagasim::scenario_values {

using Keys = std::span<const std::string_view>;

inline constexpr std::array<std::string_view, 19> kTopKeys{
    "name",     "description", "seed",   "run",    "design", "inventory", "orders",     "load",   "restocks", "reserve",
    "inject",   "payment",     "shipment", "kafka", "replicas", "timing", "faults",     "invariants", "expect"};
inline constexpr std::array<std::string_view, 3> kRunKeys{"until", "quiesce", "max-steps"};
inline constexpr std::array<std::string_view, 10> kDesignKeys{
    "base", "publish", "event-ids", "early-events", "refund-on-shipment-failure", "finalize-reservations",
    "saga-timeout", "dead-letters", "compensations", "timeouts"};
inline constexpr std::array<std::string_view, 5> kOrderKeys{"at", "sku", "quantity", "price", "id"};
inline constexpr std::array<std::string_view, 6> kLoadKeys{"count", "rate", "start", "skus", "quantity", "price"};
inline constexpr std::array<std::string_view, 3> kRestockKeys{"at", "sku", "quantity"};
inline constexpr std::array<std::string_view, 9> kInjectKeys{"at",    "topic", "order-id", "event-id", "sku",
                                                             "quantity", "price", "amount",   "reason"};
inline constexpr std::array<std::string_view, 1> kRateKeys{"success-rate"};
inline constexpr std::array<std::string_view, 6> kKafkaKeys{"partitions",         "latency",  "auto-create-topics",
                                                            "auto-create-partitions", "ack-mode", "max-poll-records"};
inline constexpr std::array<std::string_view, 2> kAckModes{"batch", "record"};
// `replicas:` keys, in Service order.
inline constexpr std::array<std::string_view, kServiceCount> kReplicaKeys{"order", "inventory", "payment", "shipment"};
inline constexpr std::array<std::string_view, 5> kTimingKeys{"handle", "publish-ack", "commit", "offset-commit",
                                                             "retry-backoff"};
inline constexpr std::array<std::string_view, 1> kInvariantKeys{"exclude"};
inline constexpr std::array<std::string_view, 9> kExpectKeys{
    "violations", "final", "stock", "payments", "shipments", "records", "reservations", "events", "at"};
inline constexpr std::array<std::string_view, 1> kAllowedKeys{"allowed"};
inline constexpr std::array<std::string_view, 7> kEventExpectKeys{"topic",  "order-id", "sku",   "quantity",
                                                                  "price", "amount",   "reason"};
inline constexpr std::array<std::string_view, 2> kStatusAtKeys{"time", "status"};

inline constexpr std::array<FaultKindInfo, 12> kFaultKinds{{
    {FaultKind::Delay, "delay", false},
    {FaultKind::Duplicate, "duplicate", false},
    {FaultKind::Republish, "republish", false},
    {FaultKind::Drop, "drop", false},
    {FaultKind::Reorder, "reorder", false},
    {FaultKind::Crash, "crash", true},
    {FaultKind::DbOutage, "db-outage", true},
    {FaultKind::Disconnect, "disconnect", true},
    {FaultKind::SlowCommit, "slow-commit", true},
    {FaultKind::Pause, "pause", true},
    {FaultKind::Nemesis, "nemesis", false},
    {FaultKind::Scale, "scale", true},
}};
inline constexpr std::array<std::string_view, 12> kFaultNames{"delay",      "duplicate",  "republish",   "drop",
                                                              "reorder",    "crash",      "db-outage",   "disconnect",
                                                              "slow-commit", "pause",     "nemesis",     "scale"};

// The parameters a fault kind takes (scenario-format.md, "Faults"); in loader_faults.cpp.
Keys fault_keys(FaultKind k);

inline constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
inline constexpr uint64_t kUint32Max = std::numeric_limits<uint32_t>::max();
inline constexpr uint64_t kUint64Max = std::numeric_limits<uint64_t>::max();

// The invariant catalogue's names, in its order, for suggestions.
std::vector<std::string_view> invariant_names();
// "unknown invariant 'x'" with a suggestion: the close name, or where to see them all.
std::string unknown_invariant(std::string_view name);

// Reads the sections of one file's tree into `s`, reporting every problem into `out`.
class ScenarioReader {
public:
    ScenarioReader(Scenario& s, DiagnosticList& out) : s_(s), out_(out) {}

    void read(const Node& root);
    // The switches of `design: hardened`.
    static Design hardened();

private:
    // ---- loader_sections.cpp
    void read_name(const MapReader& top);
    void read_run(const Node& node);
    void read_design(const Node& node);
    void read_inventory(const Node& node);
    void read_orders(const Node& node);
    void read_load(const Node& node);
    void read_restocks(const Node& node);
    // `reserve:`, after inventory and restocks: a SKU that neither stocks is an error.
    void read_reserve(const Node& node);
    // The entries of `restocks` or `reserve` (the same keys), each quantity at least `min_quantity`;
    // the nodes of their SKUs, for the caller's own checks.
    std::vector<const Node*> read_stock_requests(const Node& node, std::string_view section, int32_t min_quantity,
                                                 std::vector<Restock>& to);
    void read_injections(const Node& node);
    std::optional<OrderId> read_order_id(const Node& n);
    // The payload fields an inject entry gives and an expect.events entry compares.
    bool read_event_fields(const MapReader& m, std::optional<int32_t>& quantity, std::optional<Money>& price,
                           std::optional<Money>& amount, std::optional<std::string>& reason);
    void read_success_rate(const Node& node, std::string_view section, Ppm& rate);
    void read_kafka(const Node& node);
    void read_replicas(const Node& node);
    void read_timing(const Node& node);

    // ---- loader_faults.cpp
    void read_faults(const Node& node);
    bool republish_has_mechanism(const Node& topic, const FaultSpec& f);
    bool read_fault(const Node& item, size_t index);
    // An `id:` of an order or a fault: 1 to 64 letters, digits, '.', '_' or '-', unique among
    // `what`s (ids_ holds those seen, with their lines).
    std::optional<std::string> read_id(const Node& n, std::string_view path, std::string_view what,
                                       std::map<std::string, int>& ids);
    bool read_window(const MapReader& m, FaultSpec& f, bool required);
    // `replica: N` of the faults read: each N must be a replica its service has at some time, by
    // `replicas:` or a scale step; checked once every fault (every scale step) is read.
    void check_replicas();

    // ---- loader_expect.cpp
    void read_invariants(const Node* node);
    std::optional<std::vector<std::string>> read_invariant_list(const Node& node, std::string_view path);
    void read_expect(const Node& node);
    void read_expected_violations(const Node& node);
    void read_expected_events(const Node& node);
    void read_expected_statuses_at(const Node& node);
    // The message for a SKU that no section names, at `path`.
    std::string unknown_sku(std::string_view name, std::string_view path) const;
    template <typename Status>
    std::optional<std::map<Status, uint64_t>> read_status_counts(const Node& node, std::string_view path,
                                                                 std::string_view what,
                                                                 std::span<const std::string_view> names,
                                                                 std::optional<Status> (*from_name)(std::string_view));

    // Assigns `v` to `field` if it holds a value; returns whether it did.
    template <typename T, typename U>
    static bool set(T& field, const std::optional<U>& v) {
        if (v) field = T(*v);
        return v.has_value();
    }
    // Applies `f` to `node` if it is there.
    template <typename F>
    static auto opt(const Node* node, F f) -> decltype(f(*node)) {
        if (!node) return std::nullopt;
        return f(*node);
    }

    Scenario& s_;
    DiagnosticList& out_;
    bool invariants_ok_ = true;  // `invariants:` was read without error
    std::map<std::string, int> order_ids_, fault_ids_;  // ids given so far, with their lines
    std::vector<std::pair<const Node*, size_t>> replica_nodes_;  // `replica:` values, with their s_.faults index
};

}  // namespace sagasim::scenario_values
