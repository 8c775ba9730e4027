// murmur2 as the Kafka Java client computes it, on 32-bit unsigned arithmetic (Java's int
// overflow is two's complement, so unsigned wrap-around gives the same bits).
#include "sim/broker/partitioner.hpp"

namespace sagasim {

int32_t kafka_murmur2(std::string_view bytes) {
    const uint32_t m = 0x5bd1e995u;
    const int r = 24;
    const size_t length = bytes.size();
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    uint32_t h = 0x9747b28cu ^ uint32_t(length);
    const size_t length4 = length / 4;
    for (size_t i = 0; i < length4; ++i) {
        const size_t i4 = i * 4;
        uint32_t k = uint32_t(data[i4]) | (uint32_t(data[i4 + 1]) << 8) | (uint32_t(data[i4 + 2]) << 16) |
                     (uint32_t(data[i4 + 3]) << 24);
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    const size_t tail = length & ~size_t(3);
    switch (length % 4) {
        case 3: h ^= uint32_t(data[tail + 2]) << 16; [[fallthrough]];
        case 2: h ^= uint32_t(data[tail + 1]) << 8; [[fallthrough]];
        case 1:
            h ^= uint32_t(data[tail]);
            h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return int32_t(h);
}

uint32_t kafka_partition(std::string_view key, uint32_t partitions) {
    const uint32_t positive = uint32_t(kafka_murmur2(key)) & 0x7fffffffu;
    return positive % partitions;
}

uint32_t partition_for_order(const Uuid& order_number, uint32_t partitions) {
    // Render the UUID text without allocating: 8-4-4-4-12 lowercase hex.
    static constexpr char kHex[] = "0123456789abcdef";
    char buf[36];
    size_t n = 0;
    auto put = [&](uint64_t v, int nibbles) {
        for (int i = nibbles - 1; i >= 0; --i) buf[n++] = kHex[(v >> (4 * i)) & 0xf];
    };
    put(order_number.hi >> 32, 8);
    buf[n++] = '-';
    put(order_number.hi >> 16, 4);
    buf[n++] = '-';
    put(order_number.hi, 4);
    buf[n++] = '-';
    put(order_number.lo >> 48, 4);
    buf[n++] = '-';
    put(order_number.lo, 12);
    return kafka_partition(std::string_view(buf, sizeof buf), partitions);
}

}  // namespace sagasim
