// The tape writer: header, decision lines, end line.
#include "sim/tape/tape_writer.hpp"


#include <cstring>

#include <fmt/format.h>

#include "sim/kernel/assert.hpp"
#include "sim/tape/number_text.hpp"
#include "sim/tape/tape_format.hpp"

namespace sagasim {
namespace {

using number_text::put_hex;
using number_text::put_i64;
using number_text::put_u64;
using number_text::store8;

constexpr size_t kFlushAt = size_t(1) << 16;
// The longest decision line (six numbers of at most 20 digits, a 32-digit value, a fault id of
// at most 64 characters, a site's name, spaces: under 220 bytes) and the pads copied past its end.
constexpr size_t kLineMax = 320;

// Short names: a loop beats a call to memcpy.
char* put_text(char* p, std::string_view t) {
    for (char c : t) *p++ = c;
    return p;
}

// Each site's " name " and " name - " (no fault), padded to 32 bytes so that one fixed-size
// copy (inlined) writes either.
struct SiteTexts {
    char named[kSiteCount][32];
    uint8_t named_size[kSiteCount];
    char no_fault[kSiteCount][32];
    uint8_t no_fault_size[kSiteCount];
    // The middle of a tie.event line with no fault and no subject: " tie.event - 000...0 ".
    char tie_middle[48];
    uint8_t tie_middle_size;
    SiteTexts() : named(), named_size(), no_fault(), no_fault_size(), tie_middle(), tie_middle_size() {
        for (int i = 0; i < kSiteCount; ++i) {
            const std::string_view name = site_name(Site(i));
            SIM_ASSERT(name.size() + 4 <= 32, "site name {} fits its pad", name);
            char* p = named[i];
            *p++ = ' ';
            p = put_text(p, name);
            *p++ = ' ';
            named_size[i] = uint8_t(p - named[i]);
            std::memcpy(no_fault[i], named[i], named_size[i]);
            std::memcpy(no_fault[i] + named_size[i], "- ", 2);
            no_fault_size[i] = uint8_t(named_size[i] + 2);
        }
        const size_t tie = size_t(Site::TieEvent);
        std::memcpy(tie_middle, no_fault[tie], no_fault_size[tie]);
        char* p = tie_middle + no_fault_size[tie];
        p = put_hex(p, 0);
        *p++ = ' ';
        tie_middle_size = uint8_t(p - tie_middle);
    }
};
const SiteTexts kSiteTexts;

}  // namespace

TapeWriter::TapeWriter(const Scenario& sc) : buf_(new char[kFlushAt + kLineMax]) {
    for (const FaultIdentity& f : fault_identities(sc.faults)) {
        FaultText& t = faults_.emplace_back(FaultText{f.key, {}, uint8_t(f.id.size() + 1)});
        SIM_ASSERT(f.id.size() < sizeof t.text, "fault id '{}' fits its pad", f.id);
        std::memcpy(t.text, f.id.data(), f.id.size());
        t.text[f.id.size()] = ' ';
    }
    std::string scenario = sc.path;
    for (char& c : scenario)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';  // the header is one line per field
    header_ = fmt::format("{} {}\nscenario {}\nsha256 {}\nseed ", kTapeMagic, kTapeFormatVersion, scenario, sc.sha256);
}

TapeWriter::TapeWriter(std::FILE* out, const Scenario& sc, uint64_t seed) : TapeWriter(sc) { begin(out, seed); }

void TapeWriter::begin(std::FILE* out, uint64_t seed) {
    flush();
    out_ = out;
    bytes_ = 0;
    count_ = 0;
    // The caches of step numbers and subjects' texts stay: each text is a function of its number.
    const fmt::format_int seed_text(seed);
    write(header_);
    write({seed_text.data(), seed_text.size()});
    write("\n# step site fault subject index value [o=orderId]\n");
}

TapeWriter::~TapeWriter() { flush(); }

const TapeWriter::FaultText& TapeWriter::fault_text(uint64_t key) const {
    for (const FaultText& f : faults_)
        if (f.key == key) return f;
    SIM_ASSERT(false, "a decision for fault key {:x}, which the scenario does not have", key);
    return faults_.front();
}

void TapeWriter::record(const Decision& d) {
    ++count_;
    // Written in place: the buffer always has room for one more line, and for the number
    // writers' overshoot past it.
    char* const start = buf_.get() + len_;
    char* p = start;
    // Several decisions share a step, and an order's draws share a subject: their text is kept,
    // as words (number_text.hpp says why).
    step_text_.set(d.step);
    p = step_text_.put(p);
    if (d.key.site == Site::TieEvent && d.key.fault == 0 && d.key.subject == 0 && d.key.order == 0) {
        // A third of a run's decisions, and the middle of their line is always the same; their
        // index counts up by one, and most are the seed's answer among two.
        std::memcpy(p, kSiteTexts.tie_middle, sizeof kSiteTexts.tie_middle);
        p += kSiteTexts.tie_middle_size;
        tie_index_text_.set(d.key.index);
        p = tie_index_text_.put(p);
        if (d.value == 0 && d.hi == 1) {
            std::memcpy(p, " 0/2", 4);
            p += 4;
        } else {
            *p++ = ' ';
            p = put_u64(p, d.value);
            *p++ = '/';
            p = put_u64(p, uint64_t(d.hi) + 1);
        }
        end_line(start, p);
        return;
    }
    const size_t site = size_t(d.key.site);
    if (d.key.fault == 0) {
        std::memcpy(p, kSiteTexts.no_fault[site], 32);  // the line has room for the whole pad
        p += kSiteTexts.no_fault_size[site];
    } else {
        std::memcpy(p, kSiteTexts.named[site], 32);
        p += kSiteTexts.named_size[site];
        const FaultText& fault = fault_text(d.key.fault);
        std::memcpy(p, fault.text, sizeof fault.text);
        p += fault.len;
    }
    const size_t slot = size_t(d.key.subject ^ (d.key.subject >> 29)) & (subjects_.size() - 1);
    SubjectText& sub = subjects_[slot];
    uint64_t& kept = subject_kept_[slot >> 6];
    if (!(kept >> (slot & 63) & 1) || sub.subject != d.key.subject) {
        kept |= uint64_t(1) << (slot & 63);
        sub.subject = d.key.subject;
        sub.order_len = 0;
        sub.hex[0] = number_text::hex_word(uint32_t(d.key.subject >> 32));
        sub.hex[1] = number_text::hex_word(uint32_t(d.key.subject));
    }
    store8(p, sub.hex[0]);
    store8(p + 8, sub.hex[1]);
    p += 16;
    *p++ = ' ';
    p = put_u64(p, d.key.index);
    *p++ = ' ';
    // By how often each comes: latencies and other integers, then eventIds, then the rest.
    const ValueKind kind = value_kind(d.key.site);
    if (kind == ValueKind::Int || kind == ValueKind::Bool) {
        p = put_i64(p, int64_t(d.value));
    } else if (kind == ValueKind::Bits64) {
        p = put_hex(p, d.value);
    } else if (kind == ValueKind::Choice) {
        p = put_u64(p, d.value);
        *p++ = '/';
        p = put_u64(p, uint64_t(d.hi) + 1);
    } else {
        p = put_hex(p, d.hi_bits);
        p = put_hex(p, d.value);
    }
    if (d.key.order != 0) {
        std::memcpy(p, " o=", 3);
        p += 3;
        if (sub.order_len == 0 || sub.order != d.key.order) {
            sub.order = d.key.order;
            sub.order_len = 0;
            if (d.key.order > 0 && d.key.order < 100000000) {
                int len;
                sub.order_word = number_text::decimal_word(uint32_t(d.key.order), len);
                sub.order_len = uint8_t(len);
            }
        }
        if (sub.order_len != 0) {
            store8(p, sub.order_word);
            p += sub.order_len;
        } else {
            p = put_i64(p, d.key.order);
        }
    }
    end_line(start, p);
}

void TapeWriter::end_line(const char* start, char* p) {
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
