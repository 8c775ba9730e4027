// UUID rendering and construction.
#include "services/common/ids.hpp"

#include <fmt/format.h>

namespace sagasim {

std::string Uuid::str() const {
    return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", uint32_t(hi >> 32), uint32_t((hi >> 16) & 0xffff),
                       uint32_t(hi & 0xffff), uint32_t(lo >> 48), lo & 0xffffffffffffULL);
}

Uuid make_uuid_v4(uint64_t hi_bits, uint64_t lo_bits) {
    // Version 4 in the high nibble of time_hi_and_version; variant 10xx in clock_seq_hi.
    const uint64_t hi = (hi_bits & ~0xf000ULL) | 0x4000ULL;
    const uint64_t lo = (lo_bits & ~(0xc000ULL << 48)) | (0x8000ULL << 48);
    return Uuid{hi, lo};
}

}  // namespace sagasim
