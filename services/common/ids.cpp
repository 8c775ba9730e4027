// UUID rendering and construction.
#include "services/common/ids.hpp"

namespace sagasim {

std::string Uuid::str() const {
    // 8-4-4-4-12 lowercase hex digits, by hand (it is on the trace's hot path).
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(36, '-');
    size_t n = 0;
    const auto put = [&](uint64_t v, int nibbles) {
        for (int i = nibbles - 1; i >= 0; --i) s[n++] = kHex[(v >> (4 * i)) & 0xf];
    };
    put(hi >> 32, 8);
    ++n;
    put(hi >> 16, 4);
    ++n;
    put(hi, 4);
    ++n;
    put(lo >> 48, 4);
    ++n;
    put(lo, 12);
    return s;
}

Uuid make_uuid_v4(uint64_t hi_bits, uint64_t lo_bits) {
    // Version 4 in the high nibble of time_hi_and_version; variant 10xx in clock_seq_hi.
    const uint64_t hi = (hi_bits & ~0xf000ULL) | 0x4000ULL;
    const uint64_t lo = (lo_bits & ~(0xc000ULL << 48)) | (0x8000ULL << 48);
    return Uuid{hi, lo};
}

}  // namespace sagasim
