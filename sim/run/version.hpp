// The version and the commit sagasim was built from, printed at the start of every run. They are
// defined in a file the build writes (sim/run/version.cpp.in), which it rewrites only when they
// change: a new commit recompiles that one file and nothing else.
#pragma once

namespace sagasim {

extern const char* const kBuildVersion;  // "0.1.0"
extern const char* const kBuildCommit;   // the commit's short hash, or "unknown"

}  // namespace sagasim
