// Reads a saved trace (docs/trace-format.md, version 1) as hostile input: the size is checked
// before the file is read, each line is parsed as JSON and checked against the format (keys,
// types, numbering, time, lanes, causes, the footer), and the first problem stops the reading as
// FILE:LINE:COL: error: ... (a TraceError, exit code 3). What it returns is all the renderers of
// reports/ see of a run: they never look at the simulator.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/errors.hpp"

namespace sagasim::reports {

class TraceError : public InputError {
public:
    using InputError::InputError;
};

inline constexpr uint64_t kTraceBytesMax = uint64_t(1) << 30;  // 1 GiB
inline constexpr size_t kTraceLineMax = size_t(1) << 24;       // 16 MiB
inline constexpr int kTraceReadVersion = 1;
inline constexpr uint64_t kNone = UINT64_MAX;

// The step kinds of version 1, in the order the format lists them.
const std::vector<std::string>& trace_step_kinds();

// Strings that repeat (event names, notes, statuses, fault ids, eventIds) are kept once.
class StringTable {
public:
    int32_t intern(std::string_view s);
    const std::string& at(int32_t id) const { return list_.at(size_t(id)); }
    const std::vector<std::string>& all() const { return list_; }

private:
    std::vector<std::string> list_;
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> index_;  // lookup only: ids follow first sight
};

// One step, its strings as ids into Trace::strings (-1: absent).
struct TraceStep {
    uint64_t step = 0, t = 0, cause = 0, offset = kNone, append = 0;
    int64_t order = 0;
    uint32_t lane = 0, attempt = 0, readers = 0, outbox = 0;
    uint32_t assigned = 0;  // rebalance: how many partitions the member got
    int64_t partition = -1;
    uint8_t kind = 0;  // index into trace_step_kinds()
    bool copy = false;
    int32_t service = -1, topic = -1, event = -1, event_id = -1, fault = -1, fault_kind = -1, outcome = -1,
            note = -1, from = -1, to = -1, failure = -1, timer = -1, why = -1;
    int32_t writes = -1;     // its writes in words (a string id)
    int32_t violation = -1;  // index into Trace::violations
};

struct TraceViolation {
    uint64_t step = 0;
    std::string invariant, order_number, subject, expected, actual;
    std::vector<uint64_t> history;
};

// An order's status as a commit wrote it (order-created: PENDING; order-status: its `to`).
struct StatusWrite {
    uint64_t step = 0;
    int64_t order = 0;
    int32_t status = -1;  // string id
};

struct Trace {
    std::string path;                // as given, for messages
    nlohmann::ordered_json header;   // as written (checked)
    nlohmann::ordered_json footer;
    std::vector<TraceStep> steps;    // steps[i].step == i + 1
    std::vector<TraceViolation> violations;
    std::vector<StatusWrite> status_writes;
    StringTable strings;
    size_t lanes = 0;
    const std::string& kind_name(const TraceStep& s) const { return trace_step_kinds()[s.kind]; }
};

// Fast: the step lines sagasim writes are read by a strict tokenizer of a subset of JSON
// (step_line.hpp), and any other line by nlohmann_json; Full: every line by nlohmann_json. Both
// give the same trace, or the same error (tests/test_reports.cpp and the fuzz target check it).
enum class ReadPath { Fast, Full };

Trace read_trace_file(const std::string& path);
Trace parse_trace(std::string_view text, const std::string& path_for_messages, ReadPath how = ReadPath::Fast);

}  // namespace sagasim::reports
