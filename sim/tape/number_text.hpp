// Numbers written as text into a buffer with room to spare, for the tape writer's hot path: the
// digits are built in registers and stored as whole 8-byte words (SWAR), so that no loop runs per
// digit, and a word kept for reuse is read back whole, as it was stored (text stored byte by byte
// and read back by one wider load stalls the load: a store-forwarding stall). Every writer stores
// at p, up to 8 bytes past the end of the text it returns, and needs that room in the buffer.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace sagasim::number_text {

// The words are laid out for memory order on a little-endian machine.
static_assert(std::endian::native == std::endian::little, "number_text writes little-endian words");

// The eight decimal digits of v < 10^8, most significant in the lowest byte, as values 0..9.
inline uint64_t decimal_lanes8(uint32_t v) {
    // Two 4-digit halves in 32-bit lanes, then four 2-digit quarters in 16-bit lanes, then eight
    // digits in bytes; each division by a small constant done as a multiply and shift that is
    // exact over the lane's range (x / 100 for x < 10^4, x / 10 for x < 100).
    uint64_t x = uint64_t(v / 10000) | uint64_t(v % 10000) << 32;
    const uint64_t hundreds = ((x * 10486) >> 20) & 0x0000007F0000007FULL;
    x = hundreds | (x - hundreds * 100) << 16;
    const uint64_t tens = ((x * 103) >> 10) & 0x000F000F000F000FULL;
    return tens | (x - tens * 10) << 8;
}

inline void store8(char* p, uint64_t w) { std::memcpy(p, &w, 8); }

// v < 10^8 in decimal as one word of ASCII digits, most significant in the lowest byte, and how
// many of its bytes are digits.
inline uint64_t decimal_word(uint32_t v, int& len) {
    const uint64_t d = decimal_lanes8(v);
    const int skip = __builtin_ctzll(d | uint64_t(1) << 56) >> 3;  // leading zeros; for 0, all but one
    len = 8 - skip;
    return (d + 0x3030303030303030ULL) >> (8 * skip);
}

// The text of a number that a writer puts again and again, and that mostly grows by a little
// (the step of the next decision, the index of the next tie): kept as a decimal word, and moved
// up by adding to its last digit, in a register, when that digit does not carry.
class DecimalText {
public:
    // Makes the text that of v.
    void set(uint64_t v) {
        if (v == value_) return;
        if (len_ != 0 && v > value_ && v - value_ < 10) {
            const unsigned shift = 8u * (len_ - 1u);
            const uint64_t last = ((word_ >> shift) & 0xff) - '0';
            if (last + (v - value_) <= 9) {
                word_ += (v - value_) << shift;
                value_ = v;
                return;
            }
        }
        value_ = v;
        len_ = 0;
        if (v < 100000000) {
            int len;
            word_ = decimal_word(uint32_t(v), len);
            len_ = uint8_t(len);
        }
    }
    // Writes the text at p (and up to 8 bytes past it, as store8 does); returns its end.
    char* put(char* p) const;

private:
    uint64_t value_ = UINT64_MAX;  // the number whose text is kept
    uint64_t word_ = 0;
    uint8_t len_ = 0;              // 0: not kept as a word (10^8 or more, or nothing yet)
};

// v >= 10^8 (number_text.cpp: out of line, being rare, so that every caller stays small).
[[gnu::cold]] char* put_long(char* p, uint64_t v);

// v in decimal; returns the end. Small numbers (most indexes and choices) take a short path.
inline char* put_u64(char* p, uint64_t v) {
    if (v < 10) {
        *p = char('0' + v);
        return p + 1;
    }
    if (v < 100) {
        const uint16_t two = uint16_t('0' + v / 10) | uint16_t('0' + v % 10) << 8;
        std::memcpy(p, &two, 2);
        return p + 2;
    }
    if (v < 100000000) [[likely]] {
        int len;
        store8(p, decimal_word(uint32_t(v), len));
        return p + len;
    }
    return put_long(p, v);
}

inline char* put_i64(char* p, int64_t v) {
    if (v < 0) {
        *p++ = '-';
        return put_u64(p, uint64_t(0) - uint64_t(v));
    }
    return put_u64(p, uint64_t(v));
}

inline char* DecimalText::put(char* p) const {
    if (len_ == 0) return put_u64(p, value_);
    store8(p, word_);
    return p + len_;
}

// The eight lowercase hex digits of v, most significant first in memory order.
inline uint64_t hex_word(uint32_t v) {
    uint64_t x = v;
    x = (x | x << 16) & 0x0000FFFF0000FFFFULL;
    x = (x | x << 8) & 0x00FF00FF00FF00FFULL;
    x = (x | x << 4) & 0x0F0F0F0F0F0F0F0FULL;  // nibble i in byte i
    const uint64_t letters = ((x + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;  // 1 where >= 10
    return __builtin_bswap64(x + 0x3030303030303030ULL + letters * ('a' - '0' - 10));
}

// v as 16 lowercase hex digits; returns the end.
inline char* put_hex(char* p, uint64_t v) {
    store8(p, hex_word(uint32_t(v >> 32)));
    store8(p + 8, hex_word(uint32_t(v)));
    return p + 16;
}

}  // namespace sagasim::number_text
