// Value kinds of scenario files (scenario-format.md, "Values"): durations, ranges, probabilities,
// money, integers, booleans and rates, parsed exactly from their text, with the whole message of
// every rejection.
#include <catch2/catch.hpp>

#include "tests/loader_helpers.hpp"

#include "sim/scenario/loader.hpp"
#include "sim/scenario/values.hpp"

using namespace sagasim;
using namespace sagasim::scenario_values;

using namespace sagasim::testing;

TEST_CASE("durations: integer and unit", "[loader][values]") {
    CHECK(parse_duration("250us").value == Duration::micros(250));
    CHECK(parse_duration("20ms").value == Duration::millis(20));
    CHECK(parse_duration("3s").value == Duration::seconds(3));
    CHECK(parse_duration("5m").value == Duration::seconds(300));
    CHECK(parse_duration("2h").value == Duration::seconds(7200));
    CHECK(parse_duration("0s").value == Duration::micros(0));
    // At most 100 days (limits::kDurationMax), so that no sum of times overflows.
    CHECK(parse_duration("2400h").value == Duration::seconds(2400LL * 3600));
    CHECK(parse_duration("8640000000000us").value == Duration::seconds(2400LL * 3600));

    CHECK(parse_duration("20").error == "expected a duration like 20ms, got '20'");
    CHECK(parse_duration("").error == "expected a duration like 20ms, got ''");
    CHECK(parse_duration("ms").error == "expected a duration like 20ms, got 'ms'");
    CHECK(parse_duration("20 ms").error == "expected a duration like 20ms, got '20 ms'");
    CHECK(parse_duration("+20ms").error == "expected a duration like 20ms, got '+20ms'");
    CHECK(parse_duration("1.5s").error ==
          "expected a duration like 20ms, got '1.5s' (fractions are not allowed; use a smaller unit)");
    CHECK(parse_duration("-5ms").error == "a duration cannot be negative, got '-5ms'");
    CHECK(parse_duration("3sec").error == "unknown unit 'sec' in '3sec'; use us, ms, s, m or h");
    CHECK(parse_duration("3MS").error == "unknown unit 'MS' in '3MS'; use us, ms, s, m or h");
    CHECK(parse_duration("2401h").error == "duration '2401h' is too large; the largest is 2400h (100 days)");
    CHECK(parse_duration("8640000000001us").error ==
          "duration '8640000000001us' is too large; the largest is 2400h (100 days)");
    CHECK(parse_duration("9223372036854775808us").error ==
          "duration '9223372036854775808us' is too large; the largest is 2400h (100 days)");
    CHECK(parse_duration("2562047789h").error ==
          "duration '2562047789h' is too large; the largest is 2400h (100 days)");
    CHECK(parse_duration("99999999999999999999999s").error ==
          "duration '99999999999999999999999s' is too large; the largest is 2400h (100 days)");
}

TEST_CASE("durations in a file: located errors, quoted text allowed", "[loader][values]") {
    CHECK(load("name: a\nrun: {until: \"20ms\"}\n").run.until == SimTime{20000});
    CHECK(errors("name: a\nrun:\n  until: 20\n") == "t.yaml:3:10: error: expected a duration like 20ms, got '20'");
    CHECK(errors("name: a\nrun:\n  quiesce: 3sec\n") ==
          "t.yaml:3:12: error: unknown unit 'sec' in '3sec'; use us, ms, s, m or h");
    CHECK(errors("name: a\ntiming: {commit: 2562047789h}\n") ==
          "t.yaml:2:18: error: duration '2562047789h' is too large; the largest is 2400h (100 days)");
    CHECK(errors("name: a\ntiming: {commit: [1ms]}\n") ==
          "t.yaml:2:18: error: expected a duration like 20ms, got a sequence");
    CHECK(errors("name: a\ntiming: {commit: }\n") ==
          "t.yaml:2:10: error: expected a duration like 20ms, got an empty value");
}

TEST_CASE("ranges: [min, max] with min <= max", "[loader][values]") {
    CHECK(load("name: a\nkafka: {latency: [2ms, 2ms]}\n").kafka.latency.max == Duration::millis(2));
    CHECK(errors("name: a\nkafka: {latency: [5ms, 1ms]}\n") ==
          "t.yaml:2:18: error: the range's minimum 5ms is greater than its maximum 1ms");
    CHECK(errors("name: a\nkafka: {latency: [1ms, 2ms, 3ms]}\n") ==
          "t.yaml:2:18: error: a range is [min, max], got 3 values");
    CHECK(errors("name: a\nkafka: {latency: {min: 1ms}}\n") ==
          "t.yaml:2:18: error: expected a range like [1ms, 5ms], got a map");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], quantity: [3, 1]}\n") ==
          "t.yaml:2:50: error: the range's minimum 3 is greater than its maximum 1");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], quantity: {min: 2}}\n") ==
          "t.yaml:2:50: error: expected a range like [1, 3], got a map");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], price: [\"2.00\", 1]}\n") ==
          "t.yaml:2:47: error: the range's minimum 2.00 is greater than its maximum 1.00");
    CHECK(errors("name: a\nload: {count: 1, rate: 1/s, skus: [A], quantity: [0, 1]}\n") ==
          "t.yaml:2:51: error: quantity must be at least 1, got 0");
}

TEST_CASE("probabilities become parts per million exactly", "[loader][values]") {
    CHECK(parse_probability("0.05").value == 50000u);
    CHECK(parse_probability("0.000001").value == 1u);
    CHECK(parse_probability("0.999999").value == 999999u);
    CHECK(parse_probability("0.1").value == 100000u);
    CHECK(parse_probability("0.7").value == 700000u);
    CHECK(parse_probability("1").value == kPpmOne);
    CHECK(parse_probability("1.000000").value == kPpmOne);
    CHECK(parse_probability("0").value == 0u);
    CHECK(parse_probability("0.0").value == 0u);
    CHECK(parse_probability("-0").value == 0u);

    CHECK(parse_probability("1.5").error == "probability must be between 0 and 1, got 1.5");
    CHECK(parse_probability("1.0000001").error == "probability must be between 0 and 1, got 1.0000001");
    CHECK(parse_probability("-0.1").error == "probability must be between 0 and 1, got -0.1");
    CHECK(parse_probability("99999999999999999999999").error ==
          "probability must be between 0 and 1, got 99999999999999999999999");
    CHECK(parse_probability("0.0000001").error ==
          "probability has at most 6 decimals (parts per million), got 0.0000001");
    CHECK(parse_probability(".5").error == "expected a probability (a number from 0 to 1) like 0.05, got '.5'");
    CHECK(parse_probability("5e-2").error == "expected a probability (a number from 0 to 1) like 0.05, got '5e-2'");
    CHECK(parse_probability("0.").error == "expected a probability (a number from 0 to 1) like 0.05, got '0.'");
    CHECK(parse_probability("50%").error == "expected a probability (a number from 0 to 1) like 0.05, got '50%'");

    CHECK(load("name: a\npayment: {success-rate: 0.000001}\n").payment_success == 1u);
    CHECK(load("name: a\nshipment: {success-rate: 0.95}\n").shipment_success == 950000u);
    CHECK(errors("name: a\npayment: {success-rate: 1.5}\n") ==
          "t.yaml:2:25: error: probability must be between 0 and 1, got 1.5");
    CHECK(errors("name: a\npayment: {success-rate: \"0.5\"}\n") ==
          "t.yaml:2:25: error: expected a probability (a number from 0 to 1) like 0.05, got the string \"0.5\"");
}

TEST_CASE("money becomes integer cents exactly", "[loader][values]") {
    CHECK(parse_money("49.99").value == Money{4999});
    CHECK(parse_money("10").value == Money{1000});
    CHECK(parse_money("0.1").value == Money{10});
    CHECK(parse_money("0.01").value == Money{1});
    CHECK(parse_money("92233720368547758.07").value == Money{9223372036854775807LL});
    CHECK(parse_money("1.999").error == "expected money with at most 2 decimals, got '1.999'");
    CHECK(parse_money("1.990").error == "expected money with at most 2 decimals, got '1.990'");
    CHECK(parse_money("92233720368547758.08").error ==
          "money '92233720368547758.08' is too large; the largest is 92233720368547758.07");
    CHECK(parse_money("$5").error == "expected money like \"49.99\", got '$5'");
    CHECK(parse_money("1e3").error == "expected money like \"49.99\", got '1e3'");
    CHECK(parse_money("5.").error == "expected money like \"49.99\", got '5.'");

    const auto price = [](const char* p) {
        return load(std::string("name: a\norders: [{at: 0s, sku: S, quantity: 1, price: ") + p + "}]\n")
            .orders[0]
            .price.cents;
    };
    CHECK(price("\"49.99\"") == 4999);
    CHECK(price("49.99") == 4999);
    CHECK(price("10") == 1000);
    CHECK(price("'0.01'") == 1);
    CHECK(errors("name: a\norders: [{at: 0s, sku: S, quantity: 1, price: \"1.999\"}]\n") ==
          "t.yaml:2:47: error: expected money with at most 2 decimals, got '1.999'");
    CHECK(errors("name: a\norders: [{at: 0s, sku: S, quantity: 1, price: 0}]\n") ==
          "t.yaml:2:47: error: price must be at least 0.01, got 0.00");
    CHECK(errors("name: a\norders: [{at: 0s, sku: S, quantity: 1, price: -5}]\n") ==
          "t.yaml:2:47: error: price must be at least 0.01, got -5.00");
    CHECK(errors("name: a\norders: [{at: 0s, sku: S, quantity: 1, price: 010}]\n") ==
          "t.yaml:2:47: error: leading zeros are not allowed, got '010' (YAML 1.1 reads it as octal)");
    CHECK(errors("name: a\ninject: [{at: 0s, topic: order-paid-topic, order-id: 1, amount: -0.01}]\n") ==
          "t.yaml:2:65: error: amount must be at least 0.00, got -0.01");
}

TEST_CASE("integers: decimal only, within the target type", "[loader][values]") {
    CHECK(load("name: a\nseed: 0\n").seed == 0u);
    CHECK(load("name: a\nseed: 18446744073709551615\n").seed == 18446744073709551615ull);
    CHECK(errors("name: a\nseed: 18446744073709551616\n") ==
          "t.yaml:2:7: error: seed must be at most 18446744073709551615, got 18446744073709551616");
    CHECK(errors("name: a\nseed: -1\n") == "t.yaml:2:7: error: seed must be at least 0, got -1");
    CHECK(errors("name: a\nseed: 0x10\n") == "t.yaml:2:7: error: expected a decimal integer, got '0x10'");
    CHECK(errors("name: a\nseed: 1e3\n") == "t.yaml:2:7: error: expected a decimal integer, got '1e3'");
    CHECK(errors("name: a\nseed: 1.0\n") == "t.yaml:2:7: error: expected a decimal integer, got '1.0'");
    CHECK(errors("name: a\nseed: +5\n") == "t.yaml:2:7: error: expected a decimal integer, got '+5'");
    CHECK(errors("name: a\nseed: 1_000\n") == "t.yaml:2:7: error: expected a decimal integer, got '1_000'");
    CHECK(errors("name: a\nseed: 010\n") ==
          "t.yaml:2:7: error: leading zeros are not allowed, got '010' (YAML 1.1 reads it as octal)");
    CHECK(errors("name: a\nseed: \"7\"\n") == "t.yaml:2:7: error: expected a decimal integer, got the string \"7\"");
    CHECK(errors("name: a\nseed: {a: 1}\n") == "t.yaml:2:7: error: expected a decimal integer, got a map");
    CHECK(errors("name: a\ninventory: {S: 2147483648}\n") ==
          "t.yaml:2:16: error: stock of 'S' must be at most 2147483647, got 2147483648");
    CHECK(errors("name: a\ninventory: {S: -1}\n") == "t.yaml:2:16: error: stock of 'S' must be at least 0, got -1");
    CHECK(errors("name: a\nkafka: {partitions: 0}\n") ==
          "t.yaml:2:21: error: partitions must be between 1 and 1024, got 0");
    CHECK(errors("name: a\nkafka: {partitions: 1025}\n") ==
          "t.yaml:2:21: error: partitions must be between 1 and 1024, got 1025");
    CHECK(errors("name: a\nrun: {max-steps: 0}\n") ==
          "t.yaml:2:18: error: max-steps must be between 1 and 1000000000, got 0");
    CHECK(errors("name: a\norders: [{at: 0s, sku: S, quantity: 0, price: 1}]\n") ==
          "t.yaml:2:37: error: quantity must be at least 1, got 0");
    CHECK(errors("name: a\ninject: [{at: 0s, topic: order-paid-topic, order-id: 0}]\n") ==
          "t.yaml:2:54: error: order-id must be at least 1, got 0");
    CHECK(errors("name: a\ninject: [{at: 0s, topic: order-paid-topic, order-id: 9223372036854775808}]\n") ==
          "t.yaml:2:54: error: order-id must be at most 9223372036854775807, got 9223372036854775808");
    CHECK(errors("name: a\ninject: [{at: 0s, topic: order-paid-topic, order-id: 1, event-id: 4294967296}]\n") ==
          "t.yaml:2:67: error: event-id must be at most 4294967295, got 4294967296");
    CHECK(errors("name: a\nexpect: {stock: {S: -9223372036854775809}}\ninventory: {S: 1}\n") ==
          "t.yaml:2:21: error: stock of 'S' must be at least -9223372036854775808, got -9223372036854775809");
    CHECK(
        load("name: a\nexpect: {stock: {S: -9223372036854775808}}\ninventory: {S: 1}\n").expect.stock.begin()->second ==
        std::numeric_limits<int64_t>::min());
}

TEST_CASE("booleans: only true and false", "[loader][values]") {
    CHECK(load("name: a\ndesign: {refund-on-shipment-failure: false}\n").design.is_seed());
    for (const char* word : {"yes", "no", "on", "off", "y", "n", "Yes", "NO", "True", "FALSE"}) {
        CAPTURE(word);
        CHECK(errors(std::string("name: a\ndesign: {finalize-reservations: ") + word + "}\n") ==
              std::string("t.yaml:2:33: error: '") + word +
                  "' is ambiguous (a boolean in YAML 1.1, a string in YAML 1.2); write true or false");
    }
    CHECK(errors("name: a\ndesign: {finalize-reservations: 1}\n") ==
          "t.yaml:2:33: error: expected true or false, got '1'");
    CHECK(errors("name: a\ndesign: {finalize-reservations: \"true\"}\n") ==
          "t.yaml:2:33: error: expected true or false, got the string \"true\"");
}

TEST_CASE("rates: N per ms, s or m", "[loader][values]") {
    CHECK(parse_rate("200/s").value->count == 200);
    CHECK(parse_rate("200/s").value->unit == Duration::seconds(1));
    CHECK(parse_rate("3/ms").value->unit == Duration::millis(1));
    CHECK(parse_rate("7/m").value->unit == Duration::seconds(60));
    CHECK(parse_rate("200").error == "expected a rate like 200/s, got '200'");
    CHECK(parse_rate("1.5/s").error == "expected a rate like 200/s, got '1.5/s'");
    CHECK(parse_rate("/s").error == "expected a rate like 200/s, got '/s'");
    CHECK(parse_rate("5/h").error == "unknown unit 'h' in rate '5/h'; use /ms, /s or /m");
    CHECK(parse_rate("0/s").error == "a rate must be a whole number of at least 1 per unit, got '0/s'");
    CHECK(parse_rate("1000000/ms").value->count == 1000000);
    CHECK(parse_rate("1000001/ms").error == "a rate must be at most 1000000 per unit, got '1000001/ms'");
    CHECK(parse_rate("99999999999999999999/s").error ==
          "a rate must be at most 1000000 per unit, got '99999999999999999999/s'");
    CHECK(errors("name: a\nload: {count: 1, rate: 5/sec, skus: [A]}\n") ==
          "t.yaml:2:24: error: unknown unit 'sec' in rate '5/sec'; use /ms, /s or /m");
}
