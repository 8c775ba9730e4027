// The tape writer: header, decision lines, end line.
#include "sim/tape/tape_writer.hpp"


#include <cstring>

#include <fmt/format.h>

#include "sim/kernel/assert.hpp"
#include "sim/tape/tape_format.hpp"

namespace sagasim {
namespace {

constexpr size_t kFlushAt = size_t(1) << 16;
// The longest decision line: six numbers of at most 20 digits, a 32-digit value, names, spaces.
constexpr size_t kLineMax = 256;

constexpr char kHex[] = "0123456789abcdef";
constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// How many decimal digits v > 0 has: log10 from the bit length, corrected by one comparison.
int digits_of(uint64_t v) {
    static constexpr uint64_t kPow10[] = {1ULL,
                                          10ULL,
                                          100ULL,
                                          1000ULL,
                                          10000ULL,
                                          100000ULL,
                                          1000000ULL,
                                          10000000ULL,
                                          100000000ULL,
                                          1000000000ULL,
                                          10000000000ULL,
                                          100000000000ULL,
                                          1000000000000ULL,
                                          10000000000000ULL,
                                          100000000000000ULL,
                                          1000000000000000ULL,
                                          10000000000000000ULL,
                                          100000000000000000ULL,
                                          1000000000000000000ULL,
                                          10000000000000000000ULL};
    const int t = ((64 - __builtin_clzll(v)) * 1233) >> 12;  // about log10(2^bits)
    return t + (v >= kPow10[t] ? 1 : 0);
}

// Each byte's two lowercase hex digits.
struct HexPairs {
    char pairs[512];
    constexpr HexPairs() : pairs() {
        for (int i = 0; i < 256; ++i) {
            pairs[2 * i] = kHex[i >> 4];
            pairs[2 * i + 1] = kHex[i & 0xf];
        }
    }
};
constexpr HexPairs kHexPairs;

// Writes v in decimal at p; returns the end.
char* put_u64(char* p, uint64_t v) {
    if (v < 10) {
        *p = char('0' + v);
        return p + 1;
    }
    if (v < 100) {
        p[0] = kPairs[v * 2];
        p[1] = kPairs[v * 2 + 1];
        return p + 2;
    }
    char* const end = p + digits_of(v);
    char* t = end;
    while (v >= 100) {
        const unsigned d = unsigned(v % 100) * 2;
        v /= 100;
        *--t = kPairs[d + 1];
        *--t = kPairs[d];
    }
    if (v >= 10) {
        *--t = kPairs[v * 2 + 1];
        *--t = kPairs[v * 2];
    } else {
        *--t = char('0' + v);
    }
    return end;
}

char* put_i64(char* p, int64_t v) {
    if (v < 0) {
        *p++ = '-';
        return put_u64(p, uint64_t(0) - uint64_t(v));
    }
    return put_u64(p, uint64_t(v));
}

char* put_hex(char* p, uint64_t v) {
    for (int i = 14; i >= 0; i -= 2) {
        const char* h = kHexPairs.pairs + 2 * (v & 0xff);
        p[i] = h[0];
        p[i + 1] = h[1];
        v >>= 8;
    }
    return p + 16;
}

// Short names: a loop beats a call to memcpy.
char* put_text(char* p, std::string_view t) {
    for (char c : t) *p++ = c;
    return p;
}

// The site names, each padded to 16 bytes so that one fixed-size copy (inlined) writes it.
struct SiteNames {
    char text[kSiteCount][16];
    uint8_t size[kSiteCount];
    SiteNames() {
        for (int i = 0; i < kSiteCount; ++i) {
            const std::string_view n = site_name(Site(i));
            std::memset(text[i], 0, 16);
            std::memcpy(text[i], n.data(), n.size());
            size[i] = uint8_t(n.size());
        }
    }
};
const SiteNames& site_names() {
    static const SiteNames names;
    return names;
}

char* put_site(char* p, Site s) {
    const SiteNames& n = site_names();
    std::memcpy(p, n.text[size_t(s)], 16);  // the line has room for the whole pad
    return p + n.size[size_t(s)];
}

}  // namespace

TapeWriter::TapeWriter(std::FILE* out, const Scenario& sc, uint64_t seed)
    : out_(out), faults_(fault_identities(sc.faults)), buf_(new char[kFlushAt + kLineMax]) {
    std::string scenario = sc.path;
    for (char& c : scenario)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';  // the header is one line per field
    write(fmt::format("{} {}\nscenario {}\nsha256 {}\nseed {}\n# step site fault subject index value [o=orderId]\n",
                      kTapeMagic, kTapeFormatVersion, scenario, sc.sha256, seed));
}

TapeWriter::~TapeWriter() { flush(); }

const std::string& TapeWriter::fault_name(uint64_t key) {
    for (const FaultIdentity& f : faults_)
        if (f.key == key) return f.id;
    SIM_ASSERT(false, "a decision for fault key {:x}, which the scenario does not have", key);
    return faults_.front().id;
}

void TapeWriter::record(const Decision& d) {
    ++count_;
    // Written in place: the buffer always has room for one more line.
    char* const start = buf_.get() + len_;
    char* p = start;
    // Several decisions share a step, and an order's draws share a subject: their text is kept.
    if (d.step != last_step_) {
        last_step_ = d.step;
        last_step_len_ = uint8_t(put_u64(last_step_text_, d.step) - last_step_text_);
    }
    std::memcpy(p, last_step_text_, sizeof last_step_text_);
    p += last_step_len_;
    *p++ = ' ';
    p = put_site(p, d.key.site);
    *p++ = ' ';
    if (d.key.fault != 0) p = put_text(p, fault_name(d.key.fault));
    else *p++ = '-';
    *p++ = ' ';
    SubjectText& sub = subjects_[size_t(d.key.subject ^ (d.key.subject >> 29)) & (subjects_.size() - 1)];
    if (sub.subject != d.key.subject || !sub.valid) {
        sub.subject = d.key.subject;
        sub.valid = true;
        sub.order = INT64_MIN;
        put_hex(sub.text, d.key.subject);
    }
    std::memcpy(p, sub.text, 16);
    p += 16;
    *p++ = ' ';
    p = put_u64(p, d.key.index);
    *p++ = ' ';
    switch (value_kind(d.key.site)) {
        case ValueKind::Int:
        case ValueKind::Bool: p = put_i64(p, int64_t(d.value)); break;
        case ValueKind::Bits64: p = put_hex(p, d.value); break;
        case ValueKind::Bits128:
            p = put_hex(p, d.hi_bits);
            p = put_hex(p, d.value);
            break;
        case ValueKind::Choice:
            p = put_u64(p, d.value);
            *p++ = '/';
            p = put_u64(p, uint64_t(d.hi) + 1);
            break;
    }
    if (d.key.order != 0) {
        if (sub.order != d.key.order) {
            sub.order = d.key.order;
            char* o = sub.order_text;
            o[0] = ' ';
            o[1] = 'o';
            o[2] = '=';
            sub.order_len = uint8_t(put_i64(o + 3, d.key.order) - o);
        }
        std::memcpy(p, sub.order_text, sizeof sub.order_text);
        p += sub.order_len;
    }
    *p++ = '\n';
    len_ += size_t(p - start);
    if (len_ >= kFlushAt) flush();
}

void TapeWriter::finish(uint64_t steps, const std::string& digest) {
    write(fmt::format("end {} {} {}\n", count_, steps, digest));
    flush();
}

void TapeWriter::write(std::string_view text) {
    flush();
    if (out_ != nullptr) std::fwrite(text.data(), 1, text.size(), out_);
    bytes_ += text.size();
}

void TapeWriter::flush() {
    if (len_ == 0) return;
    if (out_ != nullptr) std::fwrite(buf_.get(), 1, len_, out_);
    bytes_ += len_;
    len_ = 0;
}

}  // namespace sagasim
