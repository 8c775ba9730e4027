// The pseudo-random engine and our own distributions. Rng is xoshiro256** seeded through
// SplitMix64; a decision's answer comes from an Rng seeded by its key (sim/kernel/decisions.hpp).
// The distributions work over any engine; they use integer arithmetic only (and exact IEEE operations
// for the exponential), so every compiler and standard library gives the same numbers;
// tests/test_kernel.cpp and tests/test_decisions.cpp pin them by known answers.
#pragma once

#include <cstdint>
#include <string_view>

namespace sagasim {

// SplitMix64 (Steele, Lea and Flood): advances `state` and returns its next output.
inline uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
// FNV-1a 64 of a name, to derive a stream's seed.
uint64_t fnv1a64(std::string_view s);
// Mixes two words into one (SplitMix64's finaliser over a*phi + b): for keys built of parts.
inline uint64_t mix64(uint64_t a, uint64_t b) {
    uint64_t z = a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Natural logarithm of x > 0 using only frexp and + - * /, so it is bit-identical everywhere
// (std::log may differ between C libraries). Accurate to a few ulps.
double portable_log(double x);

// The distributions, over any engine with next_u64().
namespace dist {

// Uniform in [0, bound) without modulo bias (Lemire, "Fast Random Integer Generation in an
// Interval", 2019). bound > 0.
template <typename G>
uint64_t below(G& g, uint64_t bound) {
    __extension__ typedef unsigned __int128 u128;  // GCC and Clang both have it on 64-bit targets
    u128 m = (u128)g.next_u64() * bound;
    uint64_t low = uint64_t(m);
    if (low < bound) {
        const uint64_t threshold = (0 - bound) % bound;
        while (low < threshold) {
            m = (u128)g.next_u64() * bound;
            low = uint64_t(m);
        }
    }
    return uint64_t(m >> 64);
}

// Uniform in [lo, hi], inclusive. lo <= hi.
template <typename G>
int64_t between(G& g, int64_t lo, int64_t hi) {
    const uint64_t span = uint64_t(hi) - uint64_t(lo);
    if (span == UINT64_MAX) return int64_t(g.next_u64());
    return int64_t(uint64_t(lo) + below(g, span + 1));
}

// True with probability ppm / 1,000,000.
template <typename G>
bool chance_ppm(G& g, uint32_t ppm) {
    if (ppm >= 1000000) {
        g.next_u64();  // draw anyway, so a rate of 1.0 consumes the stream like any other rate
        return true;
    }
    return below(g, 1000000) < ppm;
}

// An exponentially distributed gap with the given mean, in whole units (rounded to nearest), by
// inversion: -ln(U) * mean with our own ln (exact basic operations only).
template <typename G>
int64_t exponential(G& g, int64_t mean) {
    // U in (0, 1]: 53 random bits, never 0.
    const double u = double((g.next_u64() >> 11) + 1) * (1.0 / 9007199254740992.0);
    const double x = -portable_log(u) * double(mean);
    return int64_t(x + 0.5);
}

}  // namespace dist

class Rng {
public:
    Rng() = default;
    explicit Rng(uint64_t seed);
    // The seed of the stream named `name` under `master`.
    static Rng stream(uint64_t master, std::string_view name);
    // An engine with this exact state (for known-answer tests of the engine itself).
    static Rng from_state(uint64_t a, uint64_t b, uint64_t c, uint64_t d);

    uint64_t next_u64();
    uint64_t below(uint64_t bound) { return dist::below(*this, bound); }
    int64_t between(int64_t lo, int64_t hi) { return dist::between(*this, lo, hi); }
    bool chance_ppm(uint32_t ppm) { return dist::chance_ppm(*this, ppm); }
    int64_t exponential(int64_t mean) { return dist::exponential(*this, mean); }

private:
    uint64_t s_[4] = {0, 0, 0, 0};
};

}  // namespace sagasim
