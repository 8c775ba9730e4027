// Reads a decision tape (docs/tape-format.md) as hostile input: the size is checked before the
// file is read, every line is parsed strictly, and every problem is reported as
// FILE:LINE:COL: error: ... (a TapeError, at most 100 of them). A tape without its `end` line
// (cut short) is read as far as it goes; Tape::complete says so.
#pragma once

#include <string>
#include <string_view>

#include "sim/tape/tape_format.hpp"

namespace sagasim {

Tape read_tape_file(const std::string& path);
Tape parse_tape(std::string_view text, const std::string& path_for_messages);

}  // namespace sagasim
