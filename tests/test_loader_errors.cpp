// Loader errors about the file itself and its structure: text checks, YAML syntax, aliases,
// tags, nesting, documents, unknown, duplicate and missing keys, wrong types. Each test asserts
// the whole message, location included (architecture.md, "Errors").
#include <catch2/catch.hpp>

#include "tests/loader_helpers.hpp"

#include <filesystem>
#include <fstream>

#include "sim/scenario/loader.hpp"

using namespace sagasim;

using namespace sagasim::testing;

TEST_CASE("error: unknown top-level key with suggestion", "[loader][errors]") {
    CHECK(errors("name: a\nfualts: []\n") == "t.yaml:2:1: error: unknown key 'fualts'; did you mean 'faults'?");
}

TEST_CASE("error: unknown top-level key without suggestion", "[loader][errors]") {
    CHECK(errors("name: a\nwidgets: 3\n") == "t.yaml:2:1: error: unknown key 'widgets'");
}

TEST_CASE("error: unknown key listing the choices", "[loader][errors]") {
    CHECK(errors("name: a\nrun: {foo: 1s}\n") ==
          "t.yaml:2:7: error: unknown key 'foo' in run; use until, quiesce or max-steps");
}

TEST_CASE("error: unknown fault kind", "[loader][errors]") {
    CHECK(errors("name: a\nfaults:\n  - delya: {topic: \"*\", by: 1ms}\n") ==
          "t.yaml:3:5: error: unknown key 'delya' in faults[0]; did you mean 'delay'?");
}

TEST_CASE("error: unknown fault parameter hinted by alias", "[loader][errors]") {
    CHECK(errors("name: a\nfaults:\n  - drop: {topic: \"*\"}\n  - drop: {topic: \"*\"}\n  - delay: {topic: "
                          "\"*\", by: 1ms, dely: 5ms}\n") ==
          "t.yaml:5:34: error: unknown key 'dely' in faults[2].delay; did you mean 'by'?");
}

TEST_CASE("error: duplicate key top", "[loader][errors]") {
    CHECK(errors("name: a\nseed: 1\nseed: 2\n") == "t.yaml:3:1: error: duplicate key 'seed' (first given at line 2)");
}

TEST_CASE("error: duplicate key nested", "[loader][errors]") {
    CHECK(errors("name: a\nrun:\n  until: 1s\n  until: 2s\n") ==
          "t.yaml:4:3: error: duplicate key 'until' in run (first given at line 3)");
}

TEST_CASE("error: missing required name", "[loader][errors]") {
    CHECK(errors("seed: 1\n") == "t.yaml:1:1: error: missing required key 'name'");
}

TEST_CASE("error: missing required nested", "[loader][errors]") {
    CHECK(errors("name: a\norders:\n  - {at: 0s, sku: S, quantity: 1}\n") ==
          "t.yaml:3:5: error: missing required key 'price' in orders[0]");
}

TEST_CASE("error: wrong type map", "[loader][errors]") {
    CHECK(errors("name: a\nrun: [1s]\n") == "t.yaml:2:6: error: expected a map for 'run', got a sequence");
}

TEST_CASE("error: wrong type sequence", "[loader][errors]") {
    CHECK(errors("name: a\norders: {at: 0s}\n") == "t.yaml:2:9: error: expected a sequence for 'orders', got a map");
}

TEST_CASE("error: top-level not a map", "[loader][errors]") {
    CHECK(errors("- name: a\n") == "t.yaml:1:1: error: expected a map at the top level, got a sequence");
}

TEST_CASE("error: key not a scalar", "[loader][errors]") {
    CHECK(errors("name: a\n[1, 2]: 3\n") == "t.yaml:2:1: error: expected a key name, got a sequence");
}

TEST_CASE("error: empty file", "[loader][errors]") {
    CHECK(errors("") == "t.yaml:1:1: error: the file is empty; a scenario needs at least 'name'");
}

TEST_CASE("error: comments only", "[loader][errors]") {
    CHECK(errors("# nothing\n\n   # here\n") ==
          "t.yaml:1:1: error: the file is empty; a scenario needs at least 'name'");
}

TEST_CASE("error: syntax error", "[loader][errors]") {
    CHECK(errors("name: a\nrun: {until: 1s\n") == "t.yaml:3:1: error: invalid YAML: end of map flow not found");
}

TEST_CASE("error: syntax error 2", "[loader][errors]") {
    CHECK(errors("name: a\n  seed: 1\n") == "t.yaml:2:7: error: invalid YAML: illegal map value");
}

TEST_CASE("error: syntax error tab", "[loader][errors]") {
    CHECK(errors("name: a\nrun:\n\tuntil: 1s\n") == "t.yaml:3:7: error: invalid YAML: illegal map value");
}

TEST_CASE("error: deep nesting", "[loader][errors]") {
    CHECK(errors("name: a\nx: "
                 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
                 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n") ==
          "t.yaml:2:67: error: nesting deeper than 64 levels is not supported");
}

TEST_CASE("error: alias", "[loader][errors]") {
    CHECK(errors("name: &n a\ndescription: *n\n") ==
          "t.yaml:2:14: error: aliases are not supported; write the value out");
}

TEST_CASE("error: merge key", "[loader][errors]") {
    CHECK(errors("name: a\nrun: &r {until: 1s}\nkafka:\n  <<: *r\n") ==
          "t.yaml:4:3: error: unknown key '<<' in kafka; use partitions, latency, auto-create-topics, auto-create-partitions, ack-mode or max-poll-records"
          "\n"
          "t.yaml:4:7: error: aliases are not supported; write the value out");
}

TEST_CASE("error: tag", "[loader][errors]") {
    CHECK(errors("name: a\nseed: !!int 5\n") == "t.yaml:2:7: error: YAML tags are not supported, got '!!int'");
}

TEST_CASE("error: second doc", "[loader][errors]") {
    CHECK(errors("name: a\n---\nname: b\n") ==
          "t.yaml:2:1: error: a second YAML document; a scenario file holds exactly one");
}

TEST_CASE("error: a key that is null", "[loader][errors]") {
    CHECK(errors("name: a\n~: 5\n") == "t.yaml:2:1: error: expected a key name, got an empty value");
}

TEST_CASE("error: a NUL byte is not text", "[loader][errors]") {
    CHECK(errors(std::string_view("name: a\nseed: 1\0\n", 17)) ==
          "t.yaml:2:8: error: not a text file (it contains a NUL byte)");
}

TEST_CASE("error: a control character is not text", "[loader][errors]") {
    CHECK(errors("name: a\x01\n") == "t.yaml:1:8: error: not a text file (it contains the control character 0x01)");
}

TEST_CASE("error: invalid UTF-8 is not text", "[loader][errors]") {
    CHECK(errors("name: a\ndescription: caf\xe9\n") == "t.yaml:2:17: error: not a text file (it is not valid UTF-8)");
    // Overlong forms and UTF-16 surrogates are not UTF-8 either.
    CHECK(errors("name: a\n# \xc0\xaf\n") == "t.yaml:2:3: error: not a text file (it is not valid UTF-8)");
    CHECK(errors("name: a\n# \xed\xa0\x80\n") == "t.yaml:2:3: error: not a text file (it is not valid UTF-8)");
    CHECK(errors("name: a\n# \xe2\x82\n") == "t.yaml:2:3: error: not a text file (it is not valid UTF-8)");
    // Valid multi-byte text and a byte-order mark are fine; columns count bytes, as yaml-cpp does.
    CHECK(errors("\xef\xbb\xbfname: a\ndescription: \"\xc3\xa9\xf0\x9f\x98\x80\"\nseed: x\n") ==
          "t.yaml:3:7: error: expected a decimal integer, got 'x'");
}

TEST_CASE("error: a binary file", "[loader][errors]") {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += char(255 - i);
    CHECK(errors(bytes) == "t.yaml:1:1: error: not a text file (it is not valid UTF-8)");
    // A UTF-16 file has NUL bytes.
    CHECK(errors(std::string_view("n\0a\0m\0e\0", 8)) == "t.yaml:1:2: error: not a text file (it contains a NUL byte)");
}

TEST_CASE("error: a file that cannot be read", "[loader][errors]") {
    const std::string missing = "/nonexistent-dir/none.yaml";
    try {
        load_scenario_file(missing);
        FAIL("no error");
    } catch (const ScenarioError& e) {
        CHECK(std::string(e.what()) == missing + ":1:1: error: cannot read the file: No such file or directory");
    }
    const std::string dir = std::filesystem::temp_directory_path().string();
    try {
        load_scenario_file(dir);
        FAIL("no error");
    } catch (const ScenarioError& e) {
        CHECK(std::string(e.what()) == dir + ":1:1: error: cannot read the file: Is a directory");
    }
}

TEST_CASE("error: load_scenario_file names the path in every message", "[loader][errors]") {
    const auto path = std::filesystem::temp_directory_path() / "sagasim-test-loader-bad.yaml";
    {
        std::ofstream f(path, std::ios::binary);
        f << "name: a\nseed: -1\nrun: 5\n";
    }
    try {
        load_scenario_file(path.string());
        FAIL("no error");
    } catch (const ScenarioError& e) {
        REQUIRE(e.diagnostics().size() == 2);
        CHECK(e.diagnostics()[0].file == path.string());
        CHECK(e.diagnostics()[0].line == 2);
        CHECK(e.diagnostics()[0].column == 7);
        CHECK(e.diagnostics()[0].message == "seed must be at least 0, got -1");
        CHECK(e.diagnostics()[1].str() == path.string() + ":3:6: error: expected a map for 'run', got '5'");
    }
    std::filesystem::remove(path);
}

TEST_CASE("error: billion laughs is refused, not expanded", "[loader][errors]") {
    std::string text = "name: a\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
        // Appended piece by piece: GCC 12 gives a false -Wrestrict on chains of operator+.
        text += 'x';
        text += std::to_string(i);
        text += ": &a";
        text += std::to_string(i);
        text += " [";
        for (int k = 0; k < 9; ++k) {
            if (k) text += ", ";
            text += "*a";
            text += std::to_string(i - 1);
        }
        text += "]\n";
    }
    const std::string e = errors(text);
    CHECK(e.find("t.yaml:2:1: error: unknown key 'x0'\n") == 0);
    CHECK(e.find("t.yaml:3:10: error: aliases are not supported; write the value out\n") != std::string::npos);
    CHECK(e.size() < 20000);
}

TEST_CASE("error: very deep nesting neither crashes nor hangs", "[loader][errors]") {
    CHECK(errors("name: a\nx: " + std::string(100000, '[') + std::string(100000, ']') + "\n") ==
          "t.yaml:2:67: error: nesting deeper than 64 levels is not supported");
    CHECK(errors("name: a\nx: " + std::string(100000, '{')) ==
          "t.yaml:2:67: error: nesting deeper than 64 levels is not supported");
    std::string block = "name: a\n";
    for (int i = 0; i < 70; ++i) block += std::string(size_t(i), ' ') + "k:\n";
    CHECK(errors(block) == "t.yaml:66:65: error: nesting deeper than 64 levels is not supported");
}

TEST_CASE("error: Diagnostic and ScenarioError render compiler-style lines", "[loader][errors]") {
    const Diagnostic d{"x.yaml", 3, 5, "boom"};
    CHECK(d.str() == "x.yaml:3:5: error: boom");
    const ScenarioError e({d, Diagnostic{"x.yaml", 4, 1, "bang"}});
    CHECK(std::string(e.what()) == "x.yaml:3:5: error: boom\nx.yaml:4:1: error: bang");
    CHECK(e.diagnostics().size() == 2);
}

TEST_CASE("error: republish on order-placed-topic has no mechanism in the seed", "[loader][errors]") {
    const char* why =
        "error: republish cannot act on order-placed-topic: OrderPlacedEvent is sent only by createOrder, which "
        "nothing in the seed runs twice (a client retry places a new order); use duplicate for a redelivered record";
    CHECK(errors("name: a\nfaults:\n  - republish: {topic: order-placed-topic}\n") ==
          std::string("t.yaml:3:24: ") + why);
    CHECK(errors("name: a\nfaults:\n  - republish: {topic: [order-paid-topic, order-placed-topic]}\n") ==
          std::string("t.yaml:3:43: ") + why);
}

TEST_CASE("error: auto-create-partitions is a whole number of at least 1", "[loader][errors]") {
    CHECK(errors("name: a\nkafka: {auto-create-partitions: 0}\n").find("t.yaml:2:33: error:") == 0);
    CHECK(errors("name: a\nkafka: {auto-create-partitions: 1.5}\n").find("t.yaml:2:33: error:") == 0);
    CHECK(errors("name: a\ndesign: {dead-letters: nowhere}\n") ==
          "t.yaml:2:24: error: unknown value 'nowhere' for design.dead-letters; use spring-default or declared");
    CHECK(errors("name: a\ndesign: {compensations: forever}\n") ==
          "t.yaml:2:25: error: unknown value 'forever' for design.compensations; use skip or until-done");
}

TEST_CASE("error: kafka ack mode and poll size", "[loader][errors]") {
    CHECK(errors("name: a\nkafka: {ack-mode: manual, max-poll-records: 0}\n") ==
          "t.yaml:2:19: error: unknown value 'manual' for kafka.ack-mode; use batch or record\n"
          "t.yaml:2:45: error: max-poll-records must be between 1 and 100000, got 0");
}
