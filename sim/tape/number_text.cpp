// The long path of number_text.hpp's decimal writer: numbers of nine digits or more.
#include "sim/tape/number_text.hpp"

namespace sagasim::number_text {
namespace {

// The eight digits of x < 10^8, leading zeros included.
void put_eight(char* at, uint64_t x) { store8(at, decimal_lanes8(uint32_t(x)) + 0x3030303030303030ULL); }

}  // namespace

char* put_long(char* p, uint64_t v) {
    if (v < 10000000000000000ULL) {  // 9 to 16 digits: the high part, then eight
        p = put_u64(p, v / 100000000);
        put_eight(p, v % 100000000);
        return p + 8;
    }
    p = put_u64(p, v / 10000000000000000ULL);  // 17 to 20 digits
    const uint64_t rest = v % 10000000000000000ULL;
    put_eight(p, rest / 100000000);
    put_eight(p + 8, rest % 100000000);
    return p + 16;
}

}  // namespace sagasim::number_text
