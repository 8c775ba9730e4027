// Scenario loading, the first half: reads the file's bytes (at most 16 MiB), checks that they are
// text, and turns yaml-cpp's parse events into a plain Node tree (refusing aliases, tags, deep
// nesting, more than a million nodes and second documents); then hands the tree to the section
// readers (reader.hpp), collecting every error before throwing. Only sim/scenario includes yaml-cpp.
#include "sim/scenario/loader.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>

#include <sys/stat.h>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/scenario/reader.hpp"
#include "sim/scenario/sha256.hpp"

namespace sagasim {
namespace {

using namespace scenario_values;

// ---------------------------------------------------------------------------------------------
// Bytes to text.

// The position (1-based line, byte column) of offset `at` in `text`.
std::pair<int, int> position_of(std::string_view text, size_t at) {
    int line = 1, column = 1;
    for (size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// Length of the valid UTF-8 sequence at text[i], or 0 if it is not one (overlong forms,
// surrogates and code points above U+10FFFF are not).
size_t utf8_length(std::string_view text, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    uint32_t cp = 0, min = 0;
    if ((c & 0xe0) == 0xc0) {
        n = 2;
        cp = c & 0x1f;
        min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
        cp = c & 0x0f;
        min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return n;
}

// Reports (and returns false) if `text` is not UTF-8 text: a NUL byte, another control character
// than tab, CR and LF, or a byte sequence that is not UTF-8.
bool check_text(std::string_view text, DiagnosticList& out) {
    // Editors on Windows save "Unicode" as UTF-16 with a byte-order mark: say so, not only "binary".
    const bool utf16_bom = text.starts_with("\xff\xfe") || text.starts_with("\xfe\xff");
    if (utf16_bom && (text.size() == 2 || text.substr(2, 2).find('\0') != std::string_view::npos)) {
        out.error(1, 1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        return false;
    }
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::string why;
        if (c == 0) why = "it contains a NUL byte";
        else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            why = fmt::format("it contains the control character 0x{:02x}", c);
        const size_t n = why.empty() ? utf8_length(text, i) : 0;
        if (why.empty() && n == 0) why = "it is not valid UTF-8";
        if (!why.empty()) {
            const auto [line, column] = position_of(text, i);
            out.error(line, column, fmt::format("not a text file ({})", why));
            return false;
        }
        i += n;
    }
    return true;
}

// True if the text holds nothing but blanks, comments and document markers.
bool is_blank_yaml(std::string_view text) {
    while (!text.empty()) {
        const size_t eol = text.find('\n');
        const std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        const size_t b = line.find_first_not_of(" \t\r\xef\xbb\xbf");
        if (b == std::string::npos || line[b] == '#') continue;
        const std::string_view rest = std::string_view(line).substr(b, 3);
        if ((rest == "---" || rest == "...") && line.find_first_not_of(" \t\r", b + 3) == std::string::npos) continue;
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// YAML events to a Node tree.

// An input stream over text that is already in memory, so that a large file is not copied twice
// more on its way to yaml-cpp.
class ViewBuf : public std::streambuf {
public:
    explicit ViewBuf(std::string_view text) {
        char* p = const_cast<char*>(text.data());  // read only: the get area is never written
        setg(p, p, p + text.size());
    }
};

constexpr int kDepthMax = 64;
// A node costs about 150 bytes in the tree, so this keeps a hostile file's tree near 150 MB; a
// scenario of 100,000 explicit orders has 900,000 nodes. Many more orders are what `load` is for.
constexpr size_t kNodesMax = 1000000;

SourceLoc loc_of(const YAML::Mark& m) {
    if (m.is_null()) return {1, 1};
    return {m.line + 1, m.column + 1};
}

struct TooDeep {
    YAML::Mark mark;
};
struct TooMany {
    YAML::Mark mark;
};
struct SecondDocument {
    YAML::Mark mark;
};

class TreeBuilder : public YAML::EventHandler {
public:
    explicit TreeBuilder(DiagnosticList& out) : out_(out) {}
    bool has_root() const { return has_root_; }
    Node& root() { return root_; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { add(make(Node::Kind::Null, mark)); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        // Never expanded: that is what keeps a billion-laughs file small.
        out_.error(mark.line + 1, mark.column + 1, "aliases are not supported; write the value out");
        add(make(Node::Kind::Bad, mark));
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  const std::string& value) override {
        Node n = make(check_tag(mark, tag) ? Node::Kind::Scalar : Node::Kind::Bad, mark);
        n.text = value;
        n.quoted = tag == "!";
        add(std::move(n));
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        open(mark, tag, Node::Kind::Sequence);
    }
    void OnSequenceEnd() override { stack_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        open(mark, tag, Node::Kind::Map);
    }
    void OnMapEnd() override { stack_.pop_back(); }

private:
    Node make(Node::Kind kind, const YAML::Mark& mark) {
        if (++nodes_ > kNodesMax) throw TooMany{mark};
        Node n;
        n.kind = kind;
        n.loc = loc_of(mark);
        return n;
    }

    // "?" is a plain node and "!" a quoted scalar; anything else was written as a tag.
    bool check_tag(const YAML::Mark& mark, const std::string& tag) {
        if (tag == "?" || tag == "!" || tag.empty()) return true;
        constexpr std::string_view kCore = "tag:yaml.org,2002:";
        const std::string shown = tag.starts_with(kCore) ? "!!" + tag.substr(kCore.size()) : tag;
        out_.error(mark.line + 1, mark.column + 1,
                   fmt::format("YAML tags are not supported, got '{}'", display(shown)));
        return false;
    }

    void open(const YAML::Mark& mark, const std::string& tag, Node::Kind kind) {
        if (int(stack_.size()) >= kDepthMax) throw TooDeep{mark};
        const bool tag_ok = check_tag(mark, tag);
        Node* n = add(make(kind, mark));
        // A tagged collection is still walked, so that its contents end up somewhere, but its
        // readers skip it.
        if (!tag_ok) n->kind = Node::Kind::Bad;
        stack_.push_back(n);
    }

    // Appends `n` to the innermost open collection (as a map key or value, alternately). The
    // open collections are never appended to their parents again while open, so the pointers on
    // the stack stay valid.
    Node* add(Node n) {
        if (stack_.empty()) {
            root_ = std::move(n);
            has_root_ = true;
            return &root_;
        }
        Node& parent = *stack_.back();
        if (parent.kind == Node::Kind::Sequence) {
            parent.items.push_back(std::move(n));
            return &parent.items.back();
        }
        if (parent.keys.size() == parent.items.size()) {
            parent.keys.push_back(std::move(n));
            return &parent.keys.back();
        }
        // yaml-cpp marks an empty value (`key:`) where the next token starts, often the next line;
        // its key is the better place to point at.
        if (n.kind == Node::Kind::Null) n.loc = parent.keys.back().loc;
        parent.items.push_back(std::move(n));
        return &parent.items.back();
    }

    DiagnosticList& out_;
    Node root_;
    bool has_root_ = false;
    size_t nodes_ = 0;
    std::vector<Node*> stack_;
};

// Stops at the start of a second document.
class SecondDocumentProbe : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override { throw SecondDocument{mark}; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// The tree of the file's one document, or nullopt after reporting why there is none.
std::optional<Node> parse_yaml(std::string_view text, DiagnosticList& out) {
    ViewBuf buf(text);
    std::istream in(&buf);
    TreeBuilder builder(out);
    try {
        YAML::Parser parser(in);
        parser.HandleNextDocument(builder);
        if (builder.has_root()) {
            SecondDocumentProbe probe;
            parser.HandleNextDocument(probe);
        }
    } catch (const TooDeep& e) {
        const SourceLoc l = loc_of(e.mark);
        out.error(l.line, l.column, fmt::format("nesting deeper than {} levels is not supported", kDepthMax));
        return std::nullopt;
    } catch (const TooMany& e) {
        const SourceLoc l = loc_of(e.mark);
        out.error(l.line, l.column,
                  fmt::format("more than {} YAML nodes (keys and values); a scenario file may have at most {} "
                              "(use 'load' for many orders)",
                              kNodesMax, kNodesMax));
        return std::nullopt;
    } catch (const SecondDocument& e) {
        const SourceLoc l = loc_of(e.mark);
        out.error(l.line, l.column, "a second YAML document; a scenario file holds exactly one");
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        const SourceLoc l = loc_of(e.mark);
        out.error(l.line, l.column, fmt::format("invalid YAML: {}", e.msg));
        return std::nullopt;
    } catch (const std::exception& e) {
        out.error(1, 1, fmt::format("invalid YAML: {}", e.what()));
        return std::nullopt;
    }
    if (!builder.has_root() || (builder.root().kind == Node::Kind::Null && is_blank_yaml(text))) {
        out.error(1, 1, "the file is empty; a scenario needs at least 'name'");
        return std::nullopt;
    }
    return std::move(builder.root());
}

// "the file has N bytes; ..." for a file over the size limit; `more` when only a lower bound of
// its size is known (a pipe or a device).
std::string too_large(uint64_t size, bool more) {
    return fmt::format("the file has {}{} bytes; a scenario file may have at most {} (16 MiB)",
                       more ? "more than " : "", size, kScenarioBytesMax);
}

// The file's bytes, at most kScenarioBytesMax of them: a larger file, or an endless one such as
// /dev/zero, is reported without being read into memory.
std::optional<std::string> read_file_bytes(const std::string& path, DiagnosticList& out) {
    if (path.empty()) {
        out.error(1, 1, "cannot read the file: the path is empty");
        return std::nullopt;
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        out.error(1, 1, fmt::format("cannot read the file: {}", std::strerror(errno)));
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(::fileno(f), &st) == 0) {
        std::string why;
        if (S_ISDIR(st.st_mode))
            why = fmt::format("cannot read the file: {}", std::strerror(EISDIR));
        else if (S_ISREG(st.st_mode) && uint64_t(st.st_size) > kScenarioBytesMax)
            why = too_large(uint64_t(st.st_size), false);
        if (!why.empty()) {
            std::fclose(f);
            out.error(1, 1, why);
            return std::nullopt;
        }
    }
    std::string bytes;
    std::array<char, 65536> buf{};
    size_t n = 0;
    while (bytes.size() <= kScenarioBytesMax && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0)
        bytes.append(buf.data(), n);
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) {
        out.error(1, 1, fmt::format("cannot read the file: {}", std::strerror(err)));
        return std::nullopt;
    }
    if (bytes.size() > kScenarioBytesMax) {
        out.error(1, 1, too_large(kScenarioBytesMax, true));
        return std::nullopt;
    }
    return bytes;
}

}  // namespace

std::span<const std::string_view> top_level_keys() { return kTopKeys; }

std::span<const std::string_view> section_keys(std::string_view section) {
    static const std::map<std::string_view, Keys> kSections{
        {"run", kRunKeys},         {"design", kDesignKeys},     {"orders[]", kOrderKeys},
        {"load", kLoadKeys},       {"restocks[]", kRestockKeys}, {"reserve[]", kRestockKeys}, {"inject[]", kInjectKeys},
        {"payment", kRateKeys},    {"shipment", kRateKeys},     {"kafka", kKafkaKeys}, {"replicas", kReplicaKeys},
        {"timing", kTimingKeys},   {"invariants", kInvariantKeys}, {"expect", kExpectKeys},
        {"expect.violations", kAllowedKeys}, {"expect.events[]", kEventExpectKeys}, {"expect.at[]", kStatusAtKeys},
    };
    if (auto it = kSections.find(section); it != kSections.end()) return it->second;
    for (const auto& k : kFaultKinds)
        if (k.name == section) return fault_keys(k.kind);
    return {};
}

std::span<const FaultKindInfo> fault_kinds() { return kFaultKinds; }

Design hardened_design() { return scenario_values::ScenarioReader::hardened(); }

Scenario load_scenario_text(std::string_view text, const std::string& path_for_messages) {
    DiagnosticList out(path_for_messages);
    if (text.size() > kScenarioBytesMax) {
        out.error(1, 1, too_large(text.size(), false));
        out.throw_if_any();
    }
    Scenario s;
    s.path = path_for_messages;
    s.sha256 = sha256_hex(text);
    if (!check_text(text, out)) out.throw_if_any();
    std::optional<Node> root = parse_yaml(text, out);
    if (!root) out.throw_if_any();
    check_keys(*root, out);
    ScenarioReader(s, out).read(*root);
    out.throw_if_any();
    return s;
}

Scenario load_scenario_file(const std::string& path) {
    // An empty path still needs a name for its message to be read as one.
    DiagnosticList out(path.empty() ? "<empty path>" : path);
    const std::optional<std::string> bytes = read_file_bytes(path, out);
    if (!bytes) out.throw_if_any();
    return load_scenario_text(*bytes, path);
}

}  // namespace sagasim
