// Engine and distributions of rng.hpp.
#include "sim/kernel/rng.hpp"

#include <cmath>

namespace sagasim {
namespace {

inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t fnv1a64(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

Rng::Rng(uint64_t seed) {
    uint64_t st = seed;
    for (auto& w : s_) w = splitmix64(st);
}

Rng Rng::stream(uint64_t master, std::string_view name) {
    uint64_t st = master;
    const uint64_t a = splitmix64(st);
    return Rng(a ^ fnv1a64(name));
}

Rng Rng::from_state(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    Rng r;
    r.s_[0] = a;
    r.s_[1] = b;
    r.s_[2] = c;
    r.s_[3] = d;
    return r;
}

uint64_t Rng::next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double portable_log(double x) {
    // x = m * 2^e with m in [0.5, 1); move m to [sqrt(1/2), sqrt(2)).
    int e = 0;
    double m = std::frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        e -= 1;
    }
    // ln(m) = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.1716: the series converges fast.
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double term = s;
    double sum = 0.0;
    for (int k = 1; k <= 39; k += 2) {
        sum += term / double(k);
        term *= s2;
    }
    return 2.0 * sum + double(e) * 0.69314718055994530942;
}

}  // namespace sagasim
