// The decision tape (docs/tape-format.md): every decision a run made, one line each, so that a
// run can be replayed without its seed, or replayed with some decisions edited. This header holds
// the parsed form and the format's limits, shared by the writer, the reader and the replay.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/decisions.hpp"
#include "sim/scenario/errors.hpp"

namespace sagasim {

inline constexpr int kTapeFormatVersion = 1;
inline constexpr const char* kTapeMagic = "sagasim-tape";
// A tape larger than this is refused before it is read (a 10,000-order run records about 8 MB).
inline constexpr uint64_t kTapeBytesMax = uint64_t(256) << 20;
inline constexpr size_t kTapeLineMax = 1024;

// An invalid tape: every problem as "FILE:LINE:COL: error: message" (1-based); exit code 3.
class TapeError : public InputError {
public:
    using InputError::InputError;
};

struct TapeEntry {
    uint64_t step = 0;
    Site site = Site::KafkaLatency;
    uint32_t fault = 0;       // 1-based index into Tape::fault_ids (0: none)
    uint64_t subject = 0;
    uint32_t index = 0;
    uint64_t hi_bits = 0;     // Bits128
    uint64_t value = 0;
    uint32_t candidates = 0;  // Choice: how many the run had
    int64_t order = 0;
    int line = 0;
};

struct Tape {
    std::string path;           // where it was read from
    std::string scenario;       // the scenario's path when recorded
    std::string sha256;         // the scenario's sha256 when recorded
    uint64_t seed = 0;
    std::vector<std::string> fault_ids;  // as the entries name them
    std::vector<TapeEntry> entries;
    bool complete = false;      // it has its `end` line
    uint64_t end_steps = 0;
    std::string end_digest;
};

}  // namespace sagasim
