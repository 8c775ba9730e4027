// `sagasim validate`, `sagasim list` and `sagasim schema`: the commands that read or describe
// scenario files without running them.
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "sim/check/catalog.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/options.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/schema_doc.hpp"

namespace po = boost::program_options;

namespace sagasim::cli {
namespace {

std::string_view fault_meaning(FaultKind k) {
    switch (k) {
        case FaultKind::Delay: return "a record reaches its consumers later, by a duration or a range";
        case FaultKind::Duplicate: return "the same record is delivered again (same eventId)";
        case FaultKind::Republish: return "a second copy is produced with a fresh eventId, as a retried producer does";
        case FaultKind::Drop: return "the record is lost for every consumer group";
        case FaultKind::Reorder: return "a record is overtaken by later records of its partition within a window";
        case FaultKind::Crash:
            return "a service crashes at a time or a crash point, losing what was not committed, and restarts";
        case FaultKind::DbOutage: return "a service's database commits fail for a while; the retry path runs";
        case FaultKind::Disconnect: return "a service cannot poll, and its sends time out after 10 s";
        case FaultKind::SlowCommit: return "a service's commits take longer, widening publish -> commit";
        case FaultKind::Pause: return "a service's consumers stall for a while (a GC pause)";
        case FaultKind::Nemesis: return "a random schedule of process faults, drawn from the seed";
        case FaultKind::Scale: return "an autoscaler step: the service's replicas change and its consumer groups rebalance";
    }
    return "";
}

std::vector<std::string> positionals(const std::vector<std::string>& args, const char* usage, bool* help) {
    po::options_description opts(usage);
    opts.add_options()("help,h", "show this help");
    po::options_description hidden;
    hidden.add_options()("arg", po::value<std::vector<std::string>>(), "");
    po::positional_options_description pos;
    pos.add("arg", -1);
    const po::variables_map vm = parse_options(args, opts, hidden, pos);
    *help = vm.count("help") != 0;
    if (*help) std::cout << opts;
    return vm.count("arg") ? vm["arg"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

}  // namespace

int cmd_validate(const std::vector<std::string>& args) {
    bool help = false;
    const auto files = positionals(args, "sagasim validate FILE...", &help);
    if (help) return 0;
    if (files.empty()) throw UsageError("validate needs at least one scenario file");
    int rc = 0;
    for (const std::string& f : files) {
        try {
            const Scenario sc = load_scenario_file(f);
            std::printf("%s: ok (%s)\n", f.c_str(), sc.name.c_str());
        } catch (const ScenarioError& e) {
            std::fprintf(stderr, "%s\n", e.what());
            rc = 3;
        }
    }
    return rc;
}

int cmd_list(const std::vector<std::string>& args) {
    bool help = false;
    const auto what = positionals(args, "sagasim list invariants|faults|topics", &help);
    if (help) return 0;
    if (what.size() != 1) throw UsageError("list takes one of: invariants, faults, topics");
    if (what[0] == "invariants") {
        for (const InvariantInfo& i : invariant_catalog())
            std::printf("%-30s %-8s %s\n", std::string(i.name).c_str(),
                        i.family == InvariantFamily::Safety ? "safety" : "at-rest", std::string(i.meaning).c_str());
    } else if (what[0] == "faults") {
        for (const FaultKindInfo& f : fault_kinds())
            std::printf("%-12s %-8s %s\n", std::string(f.name).c_str(),
                        f.process || f.kind == FaultKind::Nemesis ? "process" : "message",
                        std::string(fault_meaning(f.kind)).c_str());
    } else if (what[0] == "topics") {
        for (TopicId t = 0; t < kTopicIdCount; ++t) {
            std::string readers;
            if (t < kBusinessTopicCount) {
                const Consumers c = consumers_of(Topic(t));
                for (uint8_t i = 0; i < c.count; ++i)
                    readers += (i ? ", " : "") + std::string(consumer_group(c.list[i]));
            } else if (is_dash_dlt(t)) {
                // Spring Kafka 3.3's default destination (seed-behaviour.md §8.3): nobody declares it.
                readers = "nothing (where the order service's recoverer sends; exists only on a broker that "
                          "creates topics on first use)";
            } else {
                readers = "nothing (declared by the order service, never written)";
            }
            std::printf("%-32s read by %s\n", std::string(topic_id_name(t)).c_str(), readers.c_str());
        }
    } else {
        throw UsageError(fmt::format("list takes one of: invariants, faults, topics; got '{}'", what[0]));
    }
    return 0;
}

int cmd_schema(const std::vector<std::string>& args) {
    po::options_description opts("sagasim schema [--markdown]");
    opts.add_options()("help,h", "show this help")(
        "markdown", "print the keys as a Markdown reference (docs/scenario-keys.md) instead of the JSON Schema");
    po::options_description hidden;
    hidden.add_options()("arg", po::value<std::vector<std::string>>(), "");
    po::positional_options_description pos;
    pos.add("arg", -1);
    const po::variables_map vm = parse_options(args, opts, hidden, pos);
    if (vm.count("help")) {
        std::cout << opts;
        return 0;
    }
    if (vm.count("arg")) throw UsageError("schema takes no arguments");
    std::fputs((vm.count("markdown") ? scenario_keys_markdown() : scenario_json_schema()).c_str(), stdout);
    return 0;
}

}  // namespace sagasim::cli
