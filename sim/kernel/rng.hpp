// The pseudo-random engine and our own distributions. The engine is xoshiro256** seeded through
// SplitMix64; each named stream of a run gets its own engine derived from the master seed and
// the stream's name, so a new draw in one place never shifts another. The distributions use
// integer arithmetic only (and exact IEEE operations for the exponential), so every compiler
// and standard library gives the same numbers; tests/test_rng.cpp pins them by known answers.
#pragma once

#include <cstdint>
#include <string_view>

namespace sagasim {

uint64_t splitmix64(uint64_t& state);
// FNV-1a 64 of a name, to derive a stream's seed.
uint64_t fnv1a64(std::string_view s);
// Mixes two words into one (SplitMix64's finaliser over a*phi + b): for keys built of parts.
inline uint64_t mix64(uint64_t a, uint64_t b) {
    uint64_t z = a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class Rng {
public:
    Rng() = default;
    explicit Rng(uint64_t seed);
    // The seed of the stream named `name` under `master`.
    static Rng stream(uint64_t master, std::string_view name);
    // An engine with this exact state (for known-answer tests of the engine itself).
    static Rng from_state(uint64_t a, uint64_t b, uint64_t c, uint64_t d);

    uint64_t next_u64();
    // Uniform in [0, bound) without modulo bias (Lemire's multiply-and-reject). bound > 0.
    uint64_t below(uint64_t bound);
    // Uniform in [lo, hi], inclusive. lo <= hi.
    int64_t between(int64_t lo, int64_t hi);
    // True with probability ppm / 1,000,000.
    bool chance_ppm(uint32_t ppm);
    // An exponentially distributed gap with the given mean, in whole units (rounded to nearest),
    // by inversion: -ln(U) * mean with our own ln (exact basic operations only).
    int64_t exponential(int64_t mean);

private:
    uint64_t s_[4] = {0, 0, 0, 0};
};

// Natural logarithm of x > 0 using only frexp and + - * /, so it is bit-identical everywhere
// (std::log may differ between C libraries). Accurate to a few ulps.
double portable_log(double x);

}  // namespace sagasim
