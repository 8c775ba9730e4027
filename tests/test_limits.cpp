// The limits of scenario files (issue 4, README "Bad input"): file size, YAML nodes, nesting,
// the number of errors shown, load.count, load.rate, max-steps, durations and times, money. Each
// limit is tested at its value (accepted) and one past it (a located error, asserted word for
// word), so that nothing a file asks for can wrap a 64-bit value or exhaust memory.
#include <catch2/catch.hpp>

#include "tests/loader_helpers.hpp"

#include <filesystem>
#include <fstream>

#include "sim/scenario/loader.hpp"

using namespace sagasim;
namespace fs = std::filesystem;

using namespace sagasim::testing;

TEST_CASE("limit: a scenario file has at most 16 MiB", "[loader][limits]") {
    REQUIRE(kScenarioBytesMax == 16777216);
    // Exactly at the limit: read (a comment makes up the size).
    std::string text = "name: a\n#";
    text += std::string(kScenarioBytesMax - text.size() - 1, 'x');
    text += '\n';
    REQUIRE(text.size() == kScenarioBytesMax);
    CHECK(errors(text).empty());
    text += '\n';
    CHECK(errors(text) ==
          "t.yaml:1:1: error: the file has 16777217 bytes; a scenario file may have at most 16777216 (16 MiB)");

    // From a file: refused on its size, before it is read.
    const fs::path big = fs::temp_directory_path() / ("sagasim-test-big-" + std::to_string(::getpid()) + ".yaml");
    {
        std::ofstream f(big, std::ios::binary);
        f << "name: a\n";
    }
    fs::resize_file(big, uint64_t(1) << 30);  // sparse: 1 GiB that costs nothing
    CHECK(file_errors(big.string()) == big.string() +
                                           ":1:1: error: the file has 1073741824 bytes; a scenario file may have at "
                                           "most 16777216 (16 MiB)");
    fs::remove(big);

    // An endless file has no size to read up front: reading stops at the limit.
    CHECK(file_errors("/dev/zero") ==
          "/dev/zero:1:1: error: the file has more than 16777216 bytes; a scenario file may have at most 16777216 "
          "(16 MiB)");
}

TEST_CASE("limit: paths that are not files", "[loader][limits]") {
    CHECK(file_errors("") == "<empty path>:1:1: error: cannot read the file: the path is empty");
    CHECK(file_errors("/") == "/:1:1: error: cannot read the file: Is a directory");
    CHECK(file_errors("/dev/null") == "/dev/null:1:1: error: the file is empty; a scenario needs at least 'name'");
}

TEST_CASE("limit: at most 1000000 YAML nodes", "[loader][limits]") {
    // name, a, x and the sequence are 4 nodes and the top-level map 1: 999995 items make 1000000.
    const auto sequence_of = [](size_t items) {
        std::string text = "name: a\nx: [";
        text.reserve(text.size() + 2 * items + 2);
        for (size_t i = 0; i < items; ++i) text += "1,";
        text += "]\n";
        return text;
    };
    CHECK(errors(sequence_of(999995)) == "t.yaml:2:1: error: unknown key 'x'");
    // The 1000001st node is item 999996, at column 5 + 2 * 999995.
    CHECK(errors(sequence_of(999996)) ==
          "t.yaml:2:1999995: error: more than 1000000 YAML nodes (keys and values); a scenario file may have at most "
          "1000000 (use 'load' for many orders)");
}

TEST_CASE("limit: nesting at most 64 levels deep", "[loader][limits]") {
    // The top-level map is level 1, x's value level 2: 63 more brackets make 64 levels.
    CHECK(errors("name: a\nx: " + std::string(63, '[') + std::string(63, ']') + "\n") ==
          "t.yaml:2:1: error: unknown key 'x'");
    CHECK(errors("name: a\nx: " + std::string(64, '[') + std::string(64, ']') + "\n") ==
          "t.yaml:2:67: error: nesting deeper than 64 levels is not supported");
}

TEST_CASE("limit: at most 100 errors are shown, then how many more there were", "[loader][limits]") {
    std::string text = "name: a\n";
    // Appended piece by piece: GCC 12 gives a false -Wrestrict on chains of operator+.
    const auto add_key = [&](int i) {
        text += 'k';
        text += std::to_string(i);
        text += ": 1\n";
    };
    for (int i = 0; i < 150; ++i) add_key(i);
    try {
        load_scenario_text(text, "t.yaml");
        FAIL("no error");
    } catch (const ScenarioError& e) {
        REQUIRE(e.diagnostics().size() == 101);
        CHECK(e.diagnostics()[0].str() == "t.yaml:2:1: error: unknown key 'k0'");
        CHECK(e.diagnostics()[99].str() == "t.yaml:101:1: error: unknown key 'k99'");
        CHECK(e.diagnostics()[100].str() ==
              "t.yaml:102:1: error: too many errors; 50 more not shown, the first of them here");
    }
    // Exactly 100: no note.
    text = "name: a\n";
    for (int i = 0; i < 100; ++i) add_key(i);
    try {
        load_scenario_text(text, "t.yaml");
        FAIL("no error");
    } catch (const ScenarioError& e) {
        CHECK(e.diagnostics().size() == 100);
    }
}

TEST_CASE("limit: load.count at most 1000000, load.rate at most 1000000 per unit", "[loader][limits]") {
    CHECK(load("name: a\nload: {count: 1000000, rate: 1000000/ms, skus: [A]}\n").load->count == 1000000);
    CHECK(errors("name: a\nload: {count: 1000001, rate: 1/s, skus: [A]}\n") ==
          "t.yaml:2:15: error: count must be between 1 and 1000000, got 1000001");
    CHECK(errors("name: a\nload: {count: 18446744073709551616, rate: 1/s, skus: [A]}\n") ==
          "t.yaml:2:15: error: count must be between 1 and 1000000, got 18446744073709551616");
    CHECK(errors("name: a\nload: {count: 1, rate: 1000001/ms, skus: [A]}\n") ==
          "t.yaml:2:24: error: a rate must be at most 1000000 per unit, got '1000001/ms'");
}

TEST_CASE("limit: max-steps at most 1000000000", "[loader][limits]") {
    CHECK(load("name: a\nrun: {max-steps: 1000000000}\n").run.max_steps == 1000000000);
    CHECK(errors("name: a\nrun: {max-steps: 1000000001}\n") ==
          "t.yaml:2:18: error: max-steps must be between 1 and 1000000000, got 1000000001");
    CHECK(errors("name: a\nrun: {max-steps: 99999999999999999999}\n") ==
          "t.yaml:2:18: error: max-steps must be between 1 and 1000000000, got 99999999999999999999");
}

TEST_CASE("limit: every duration and time at most 2400h (100 days)", "[loader][limits]") {
    REQUIRE(limits::kDurationMax == Duration::seconds(8640000));
    // Every duration and time of the format at its limit: the sums the simulator forms (a time plus
    // a back-off, until + quiesce, a time plus a latency) stay far inside int64 microseconds.
    const Scenario s = load_scenario_text(R"(name: a
run: {until: 2400h, quiesce: 2400h}
design: {saga-timeout: 2400h}
inventory: {A: 1}
orders: [{at: 2400h, sku: A, quantity: 1, price: 1}]
load: {count: 1, rate: 1/m, start: 2400h, skus: [A]}
restocks: [{at: 2400h, sku: A, quantity: 1}]
inject: [{at: 2400h, topic: order-paid-topic, order-id: 1}]
kafka: {latency: [2400h, 2400h]}
timing: {handle: 2400h, publish-ack: 2400h, commit: 2400h, offset-commit: 2400h, retry-backoff: 2400h}
faults:
  - delay: {topic: "*", by: [2400h, 2400h], from: 2399h, to: 2400h}
  - reorder: {topic: "*", window: 2400h}
  - crash: {service: payment, at: 2400h, restart-after: 2400h}
  - nemesis: {kinds: [pause], interval: 2400h, duration: [2400h, 2400h]}
)",
                                          "t.yaml");
    CHECK(s.run.until->us + s.run.quiesce.us == 2 * limits::kDurationMax.us);
    CHECK(s.timing.retry_backoff == limits::kDurationMax);
    CHECK(s.faults[0].by->max == limits::kDurationMax);

    const std::string msg = "error: duration '2401h' is too large; the largest is 2400h (100 days)";
    CHECK(errors("name: a\nrun: {until: 2401h}\n") == "t.yaml:2:14: " + msg);
    CHECK(errors("name: a\nrun: {quiesce: 2401h}\n") == "t.yaml:2:16: " + msg);
    CHECK(errors("name: a\ntiming: {retry-backoff: 2401h}\n") == "t.yaml:2:25: " + msg);
    CHECK(errors("name: a\nkafka: {latency: [1ms, 2401h]}\n") == "t.yaml:2:24: " + msg);
    CHECK(errors("name: a\norders: [{at: 2401h, sku: A, quantity: 1, price: 1}]\n") == "t.yaml:2:15: " + msg);
    CHECK(errors("name: a\ndesign: {saga-timeout: 2401h}\n") == "t.yaml:2:24: " + msg);
    CHECK(errors("name: a\nrun: {until: 144001m}\n") ==
          "t.yaml:2:14: error: duration '144001m' is too large; the largest is 2400h (100 days)");
    CHECK(errors("name: a\nrun: {until: 8640000001s}\n") ==
          "t.yaml:2:14: error: duration '8640000001s' is too large; the largest is 2400h (100 days)");
    // A value that does not fit in 64 bits gets the same message, not a wrapped value.
    CHECK(errors("name: a\nrun: {until: 99999999999999999999999us}\n") ==
          "t.yaml:2:14: error: duration '99999999999999999999999us' is too large; the largest is 2400h (100 days)");
}

TEST_CASE("limit: money at most 10000000.00, so that price x quantity fits", "[loader][limits]") {
    REQUIRE(limits::kMoneyCentsMax * int64_t(INT32_MAX) > 0);  // no overflow in the product itself
    CHECK(load("name: a\norders: [{at: 0s, sku: A, quantity: 2147483647, price: \"10000000.00\"}]\n")
              .orders[0]
              .price.cents == 1000000000);
    CHECK(errors("name: a\norders: [{at: 0s, sku: A, quantity: 1, price: \"10000000.01\"}]\n") ==
          "t.yaml:2:47: error: price must be at most 10000000.00, got 10000000.01");
    CHECK(errors("name: a\norders: [{at: 0s, sku: A, quantity: 1, price: \"92233720368547758.07\"}]\n") ==
          "t.yaml:2:47: error: price must be at most 10000000.00, got 92233720368547758.07");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], price: [\"1.00\", \"20000000\"]}\n") ==
          "t.yaml:2:56: error: price must be at most 10000000.00, got 20000000.00");
    CHECK(errors("name: a\ninject: [{at: 0s, topic: order-paid-topic, order-id: 1, amount: \"10000000.01\"}]\n") ==
          "t.yaml:2:65: error: amount must be at most 10000000.00, got 10000000.01");
}

TEST_CASE("limit: integers stay within their target type", "[loader][limits]") {
    // int32 quantities and stock, uint32 event ids, int64 order ids, uint64 seeds and counts.
    CHECK(errors("name: a\ninventory: {A: 2147483648}\n") ==
          "t.yaml:2:16: error: stock of 'A' must be at most 2147483647, got 2147483648");
    CHECK(errors("name: a\nrestocks: [{at: 0s, sku: A, quantity: 2147483648}]\n") ==
          "t.yaml:2:39: error: quantity must be at most 2147483647, got 2147483648");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], quantity: [1, 2147483648]}\n") ==
          "t.yaml:2:54: error: quantity must be at most 2147483647, got 2147483648");
    CHECK(errors("name: a\nexpect: {final: {SHIPPED: 18446744073709551616}}\n") ==
          "t.yaml:2:27: error: expect.final.SHIPPED must be at most 18446744073709551615, got 18446744073709551616");
    CHECK(errors("name: a\nfaults: [{drop: {topic: \"*\", nth: 4294967296}}]\n").find(
              "t.yaml:2:35: error: nth must be at most 4294967295, got 4294967296") != std::string::npos);
}
