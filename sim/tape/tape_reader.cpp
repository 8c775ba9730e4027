// The tape's line parser.
#include "sim/tape/tape_reader.hpp"

#include <cstdio>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "sim/scenario/suggest.hpp"
#include "sim/scenario/user_file.hpp"

namespace sagasim {
namespace {

// One line, split into fields with their columns (1-based).
struct Field {
    std::string_view text;
    int column = 1;
};

std::vector<Field> split(std::string_view line) {
    std::vector<Field> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') ++i;
        if (i >= line.size()) break;
        const size_t start = i;
        while (i < line.size() && line[i] != ' ') ++i;
        out.push_back(Field{line.substr(start, i - start), int(start) + 1});
    }
    return out;
}

bool parse_u64(std::string_view t, uint64_t& v) {
    if (t.empty() || t.size() > 20) return false;
    v = 0;
    for (char c : t) {
        if (c < '0' || c > '9') return false;
        const uint64_t d = uint64_t(c - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    return true;
}

bool parse_i64(std::string_view t, int64_t& v) {
    const bool neg = !t.empty() && t[0] == '-';
    uint64_t u = 0;
    if (!parse_u64(neg ? t.substr(1) : t, u)) return false;
    if (neg ? u > uint64_t(INT64_MAX) + 1 : u > uint64_t(INT64_MAX)) return false;
    v = neg ? int64_t(uint64_t(0) - u) : int64_t(u);
    return true;
}

bool parse_hex(std::string_view t, uint64_t& v) {
    if (t.size() != 16) return false;
    v = 0;
    for (char c : t) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return false;
        v = v << 4 | uint64_t(d);
    }
    return true;
}

bool fault_id_ok(std::string_view t) {
    if (t.empty() || t.size() > 64) return false;
    for (char c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    return true;
}

std::string shown(std::string_view t) {
    std::string s(t.substr(0, 40));
    if (t.size() > 40) s += "...";
    return s;
}

class Parser {
public:
    Parser(std::string_view text, const std::string& path) : text_(text), out_(path) { tape_.path = path; }

    Tape run() {
        size_t pos = 0;
        int line_no = 0;
        while (pos < text_.size() && !stop_) {
            const size_t nl = text_.find('\n', pos);
            std::string_view line = text_.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
            pos = nl == std::string_view::npos ? text_.size() : nl + 1;
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            // A bad header line stops the reading: the lines after it would be read as the wrong
            // header lines, and every message about them would mislead.
            if (!check_chars(line, line_no)) {
                if (header_ < 4) stop_ = true;
                continue;
            }
            if (line.size() > kTapeLineMax) {
                out_.error(line_no, int(kTapeLineMax) + 1,
                           fmt::format("the line has {} characters; a tape line may have at most {}", line.size(),
                                       kTapeLineMax));
                if (header_ < 4) stop_ = true;
                continue;
            }
            this->line(line, line_no);
        }
        if (line_no == 0 || (header_ == 0 && out_.empty()))
            out_.error(1, 1, "the file is empty; a decision tape begins with 'sagasim-tape 1'");
        else if (header_ > 0 && header_ < 4 && out_.empty())
            out_.error(line_no, 1, "the tape ends inside its header (it needs scenario, sha256 and seed lines)");
        if (!out_.empty()) throw TapeError(out_.take());
        return std::move(tape_);
    }

private:
    bool check_chars(std::string_view line, int line_no) {
        for (size_t i = 0; i < line.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(line[i]);
            if (c == 0) {
                out_.error(line_no, int(i) + 1, "not a text file (it contains a NUL byte)");
                stop_ = true;
                return false;
            }
            if (c < 0x20 || c >= 0x7f) {
                // Only the scenario line may hold other text (a path); a tape is ASCII otherwise.
                if (header_ == 1 && c >= 0x80) continue;
                out_.error(line_no, int(i) + 1, fmt::format("unexpected character 0x{:02x} in a decision tape", c));
                return false;
            }
        }
        return true;
    }

    void line(std::string_view line, int n) {
        switch (header_) {
            case 0: {
                const std::string magic = fmt::format("{} ", kTapeMagic);
                if (line.substr(0, magic.size()) != magic) {
                    out_.error(n, 1, fmt::format("not a decision tape (it does not begin with '{} {}')", kTapeMagic,
                                                 kTapeFormatVersion));
                    stop_ = true;
                    return;
                }
                uint64_t v = 0;
                if (!parse_u64(line.substr(magic.size()), v) || v != uint64_t(kTapeFormatVersion)) {
                    out_.error(n, int(magic.size()) + 1,
                               fmt::format("tape format version '{}' is not supported; this sagasim reads version {}",
                                           shown(line.substr(magic.size())), kTapeFormatVersion));
                    stop_ = true;
                    return;
                }
                ++header_;
                return;
            }
            case 1:
                if (line.substr(0, 9) != "scenario ") return header_error(n, "scenario PATH");
                tape_.scenario = std::string(line.substr(9));
                ++header_;
                return;
            case 2: {
                const std::string_view hex = line.size() > 7 ? line.substr(7) : std::string_view();
                bool ok = line.substr(0, 7) == "sha256 " && hex.size() == 64;
                for (char c : hex) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
                if (!ok) return header_error(n, "sha256 HEX (64 lowercase hex digits)");
                tape_.sha256 = std::string(hex);
                ++header_;
                return;
            }
            case 3:
                if (line.substr(0, 5) != "seed " || !parse_u64(line.substr(5), tape_.seed))
                    return header_error(n, "seed N (a decimal unsigned 64-bit integer)");
                ++header_;
                return;
            default: break;
        }
        if (line.empty() || line[0] == '#') return;
        const std::vector<Field> f = split(line);
        if (f.empty()) return;
        if (tape_.complete) {
            out_.error(n, f[0].column, "nothing may follow the 'end' line but comments");
            return;
        }
        if (f[0].text == "end") return end_line(f, n);
        decision(f, n);
    }

    void header_error(int n, std::string_view want) {
        out_.error(n, 1, fmt::format("expected '{}' in the tape's header", want));
        stop_ = true;
    }

    void end_line(const std::vector<Field>& f, int n) {
        uint64_t decisions = 0;
        if (f.size() != 4) {
            out_.error(n, f[0].column, "expected 'end DECISIONS STEPS DIGEST'");
            return;
        }
        if (!parse_u64(f[1].text, decisions)) {
            out_.error(n, f[1].column, fmt::format("expected a number of decisions, got '{}'", shown(f[1].text)));
            return;
        }
        if (!parse_u64(f[2].text, tape_.end_steps)) {
            out_.error(n, f[2].column, fmt::format("expected a number of steps, got '{}'", shown(f[2].text)));
            return;
        }
        uint64_t digest = 0;
        if (!parse_hex(f[3].text, digest)) {
            out_.error(n, f[3].column, fmt::format("expected a digest of 16 hex digits, got '{}'", shown(f[3].text)));
            return;
        }
        tape_.end_digest = std::string(f[3].text);
        if (decisions != tape_.entries.size()) {
            out_.error(n, f[1].column,
                       fmt::format("the end line counts {} decisions but the tape has {} (it was cut or lines were "
                                   "added or removed)",
                                   decisions, tape_.entries.size()));
            return;
        }
        tape_.complete = true;
    }

    void decision(const std::vector<Field>& f, int n) {
        if (f.size() < 6 || f.size() > 7) {
            out_.error(n, f[0].column,
                       fmt::format("expected 'STEP SITE FAULT SUBJECT INDEX VALUE [o=ORDER]', got {} fields", f.size()));
            return;
        }
        TapeEntry e;
        e.line = n;
        if (!parse_u64(f[0].text, e.step))
            return out_.error(n, f[0].column, fmt::format("expected a step number, got '{}'", shown(f[0].text)));
        if (!site_from_name(f[1].text, e.site)) {
            // A suggestion only for a message that will be shown, and a name that could be one.
            std::string hint;
            if (out_.size() < DiagnosticList::kDiagnosticsMax && f[1].text.size() <= 32) {
                std::vector<std::string_view> names;
                for (int i = 0; i < kSiteCount; ++i) names.push_back(site_name(Site(i)));
                hint = suggestion_suffix(f[1].text, names, {}, 0);
            }
            return out_.error(n, f[1].column, fmt::format("unknown decision site '{}'{}", shown(f[1].text), hint));
        }
        if (f[2].text != "-") {
            if (!fault_id_ok(f[2].text))
                return out_.error(n, f[2].column,
                                  fmt::format("expected '-' or a fault id, got '{}'", shown(f[2].text)));
            auto [it, fresh] = fault_index_.emplace(std::string(f[2].text), uint32_t(tape_.fault_ids.size() + 1));
            if (fresh) tape_.fault_ids.emplace_back(f[2].text);
            e.fault = it->second;
        }
        if (!parse_hex(f[3].text, e.subject))
            return out_.error(n, f[3].column,
                              fmt::format("expected a subject of 16 hex digits, got '{}'", shown(f[3].text)));
        uint64_t index = 0;
        if (!parse_u64(f[4].text, index) || index > UINT32_MAX)
            return out_.error(n, f[4].column, fmt::format("expected an index up to 4294967295, got '{}'", shown(f[4].text)));
        e.index = uint32_t(index);
        if (!value(f[5], e, n)) return;
        if (f.size() == 7) {
            if (f[6].text.substr(0, 2) != "o=" || !parse_i64(f[6].text.substr(2), e.order))
                return out_.error(n, f[6].column, fmt::format("expected o=ORDER, got '{}'", shown(f[6].text)));
        }
        if (tape_.entries.size() >= kEntriesMax) {
            out_.error(n, 1, fmt::format("more than {} decisions; a tape may have at most {}", kEntriesMax, kEntriesMax));
            stop_ = true;
            return;
        }
        tape_.entries.push_back(e);
    }

    bool value(const Field& f, TapeEntry& e, int n) {
        const std::string_view t = f.text;
        switch (value_kind(e.site)) {
            case ValueKind::Int: {
                int64_t v = 0;
                if (!parse_i64(t, v)) {
                    out_.error(n, f.column, fmt::format("expected an integer for {}, got '{}'", site_name(e.site), shown(t)));
                    return false;
                }
                e.value = uint64_t(v);
                return true;
            }
            case ValueKind::Bool:
                if (t != "0" && t != "1") {
                    out_.error(n, f.column, fmt::format("expected 0 or 1 for {}, got '{}'", site_name(e.site), shown(t)));
                    return false;
                }
                e.value = t == "1" ? 1 : 0;
                return true;
            case ValueKind::Bits64:
                if (!parse_hex(t, e.value)) {
                    out_.error(n, f.column,
                               fmt::format("expected 16 hex digits for {}, got '{}'", site_name(e.site), shown(t)));
                    return false;
                }
                return true;
            case ValueKind::Bits128:
                if (t.size() != 32 || !parse_hex(t.substr(0, 16), e.hi_bits) || !parse_hex(t.substr(16), e.value)) {
                    out_.error(n, f.column,
                               fmt::format("expected 32 hex digits for {}, got '{}'", site_name(e.site), shown(t)));
                    return false;
                }
                return true;
            case ValueKind::Choice: {
                const size_t slash = t.find('/');
                uint64_t i = 0, c = 0;
                if (slash == std::string_view::npos || !parse_u64(t.substr(0, slash), i) ||
                    !parse_u64(t.substr(slash + 1), c) || c < 2 || c > UINT32_MAX || i >= c) {
                    out_.error(n, f.column,
                               fmt::format("expected CHOSEN/CANDIDATES (0 <= CHOSEN < CANDIDATES, at least 2 "
                                           "candidates) for {}, got '{}'",
                                           site_name(e.site), shown(t)));
                    return false;
                }
                e.value = i;
                e.candidates = uint32_t(c);
                return true;
            }
        }
        return false;
    }

    static constexpr size_t kEntriesMax = 20000000;
    std::string_view text_;
    DiagnosticList out_;
    Tape tape_;
    std::map<std::string, uint32_t> fault_index_;
    int header_ = 0;  // header lines read so far (4: done)
    bool stop_ = false;
};

}  // namespace

Tape parse_tape(std::string_view text, const std::string& path) { return Parser(text, path).run(); }

Tape read_tape_file(const std::string& path) {
    std::string bytes, why;
    const std::string too_big = fmt::format("the file has more than {} bytes; a decision tape may have at most {} (256 MiB)",
                                            kTapeBytesMax, kTapeBytesMax);
    if (!read_user_file(path, kTapeBytesMax, too_big, bytes, why))
        throw TapeError({Diagnostic{path.empty() ? "<empty path>" : path, 1, 1, why}});
    return parse_tape(bytes, path);
}

}  // namespace sagasim
