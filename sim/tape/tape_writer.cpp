// The tape writer: header, decision lines, end line.
#include "sim/tape/tape_writer.hpp"

#include <fmt/format.h>

#include "sim/kernel/assert.hpp"
#include "sim/tape/tape_format.hpp"

namespace sagasim {
namespace {

constexpr size_t kFlushAt = size_t(1) << 16;

void put_u64(std::string& b, uint64_t v) {
    char tmp[20];
    int n = 0;
    do {
        tmp[n++] = char('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) b += tmp[--n];
}

void put_i64(std::string& b, int64_t v) {
    if (v < 0) {
        b += '-';
        put_u64(b, uint64_t(0) - uint64_t(v));
    } else {
        put_u64(b, uint64_t(v));
    }
}

void put_hex(std::string& b, uint64_t v) {
    static constexpr char kHex[] = "0123456789abcdef";
    char tmp[16];
    for (int i = 15; i >= 0; --i) {
        tmp[i] = kHex[v & 0xf];
        v >>= 4;
    }
    b.append(tmp, 16);
}

}  // namespace

std::FILE* null_output() {
    static std::FILE* f = std::fopen("/dev/null", "wb");
    return f;
}

TapeWriter::TapeWriter(std::FILE* out, const Scenario& sc, uint64_t seed)
    : out_(out), faults_(fault_identities(sc.faults)) {
    buf_.reserve(kFlushAt + kTapeLineMax);
    fmt::format_to(std::back_inserter(buf_),
                   "{} {}\nscenario {}\nsha256 {}\nseed {}\n# step site fault subject index value [o=orderId]\n",
                   kTapeMagic, kTapeFormatVersion, sc.path, sc.sha256, seed);
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
    std::string& b = buf_;
    put_u64(b, d.step);
    b += ' ';
    b += site_name(d.key.site);
    b += ' ';
    if (d.key.fault != 0) b += fault_name(d.key.fault);
    else b += '-';
    b += ' ';
    put_hex(b, d.key.subject);
    b += ' ';
    put_u64(b, d.key.index);
    b += ' ';
    switch (value_kind(d.key.site)) {
        case ValueKind::Int:
        case ValueKind::Bool: put_i64(b, int64_t(d.value)); break;
        case ValueKind::Bits64: put_hex(b, d.value); break;
        case ValueKind::Bits128:
            put_hex(b, d.hi_bits);
            put_hex(b, d.value);
            break;
        case ValueKind::Choice:
            put_u64(b, d.value);
            b += '/';
            put_u64(b, uint64_t(d.hi) + 1);
            break;
    }
    if (d.key.order != 0) {
        b += " o=";
        put_i64(b, d.key.order);
    }
    b += '\n';
    if (b.size() >= kFlushAt) flush();
}

void TapeWriter::finish(uint64_t steps, const std::string& digest) {
    fmt::format_to(std::back_inserter(buf_), "end {} {} {}\n", count_, steps, digest);
    flush();
}

void TapeWriter::flush() {
    if (buf_.empty()) return;
    if (out_ != nullptr) std::fwrite(buf_.data(), 1, buf_.size(), out_);
    bytes_ += buf_.size();
    buf_.clear();
}

}  // namespace sagasim
