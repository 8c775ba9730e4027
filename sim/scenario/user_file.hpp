// Reading a user's input file whole, for the readers that treat it as hostile (the decision tape,
// the trace): the size is checked before it is read, so an oversized file costs nothing.
#pragma once

#include <cstdint>
#include <string>

namespace sagasim {

// The bytes of `path` in `bytes`, or false with `why` set: "cannot read the file: <reason>", or
// `too_big` for a file of more than `max_bytes` bytes. The caller throws its own located error.
bool read_user_file(const std::string& path, uint64_t max_bytes, const std::string& too_big, std::string& bytes,
                    std::string& why);

}  // namespace sagasim
