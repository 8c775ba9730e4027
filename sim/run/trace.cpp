// Step recording, the digest and the JSON Lines form of the trace.
#include "sim/run/trace.hpp"

#include <array>

#include <fmt/format.h>

#include "services/common/events.hpp"
#include "services/common/status.hpp"
#include "services/common/topics.hpp"
#include "sim/host/process_faults.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

inline uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

}  // namespace

std::string_view step_kind_name(StepKind k) {
    static constexpr std::array<std::string_view, 20> kNames{
        "client-request", "restock", "inject",      "send",  "append",    "deliver", "decide",
        "ack",            "commit",  "rollback",    "offset-commit", "retry", "dead-letter", "skip",
        "violation",      "fault",   "crash",       "restart", "timeout", "lost"};
    return kNames[size_t(k)];
}

Tracer::~Tracer() = default;

uint64_t Tracer::record(const Step& s) {
    const uint64_t id = ++count_;
    uint64_t h = h_;
    h = mix(h, uint64_t(s.time.us));
    h = mix(h, uint64_t(s.kind) | uint64_t(s.service) << 8 | uint64_t(s.topic) << 16 | uint64_t(s.event_type) << 24 |
                   uint64_t(s.note) << 32 | uint64_t(s.status_from) << 40 | uint64_t(s.status_to) << 48 |
                   uint64_t(s.outcome) << 56);
    h = mix(h, uint64_t(s.partition) | uint64_t(s.attempt) << 32);
    h = mix(h, s.offset);
    h = mix(h, uint64_t(s.order));
    h = mix(h, s.event_id);
    h = mix(h, s.cause);
    h_ = h;
    if (recent_.empty()) {
        recent_.resize(kRecent);
        recent_ids_.assign(kRecent, 0);
    }
    const size_t slot = size_t(id & (kRecent - 1));
    recent_[slot] = s;
    recent_[slot].text = {};
    recent_ids_[slot] = id;
    if (out_ != nullptr) {
        render_json(id, s, line_);
        std::fwrite(line_.data(), 1, line_.size(), out_);
    }
    return id;
}

uint64_t Tracer::digest() const {
    // Final avalanche (SplitMix64's finaliser) so that near runs give unrelated digests.
    uint64_t z = h_ ^ count_;
    return splitmix64(z);
}

std::string Tracer::digest_hex() const { return fmt::format("{:016x}", digest()); }

std::string Tracer::event_uuid(uint64_t event_id) const {
    uint64_t st = uuid_key_ ^ (event_id * 0xd1b54a32d192ed03ULL);
    const uint64_t a = splitmix64(st);
    const uint64_t b = splitmix64(st);
    return make_uuid_v4(a, b).str();
}

std::vector<std::string> Tracer::history(uint64_t step, size_t max) const {
    std::vector<std::string> out;
    uint64_t cur = step;
    while (cur != 0 && out.size() < max && !recent_ids_.empty() && recent_ids_[cur & (kRecent - 1)] == cur) {
        const Step& s = recent_[cur & (kRecent - 1)];
        std::string line;
        render_json(cur, s, line);
        line.pop_back();  // the newline
        out.push_back(std::move(line));
        if (s.cause >= cur) break;  // causes always point back
        cur = s.cause;
    }
    return out;
}

void Tracer::render_json(uint64_t id, const Step& s, std::string& line) const {
    line.clear();
    auto out = std::back_inserter(line);
    fmt::format_to(out, R"({{"step":{},"t":{},"kind":"{}")", id, s.time.us, step_kind_name(s.kind));
    if (s.service != kNoService) fmt::format_to(out, R"(,"service":"{}")", service_name(Service(s.service)));
    if (s.topic != kNoTopic) fmt::format_to(out, R"(,"topic":"{}")", topic_id_name(s.topic));
    if (s.offset != UINT64_MAX) fmt::format_to(out, R"(,"partition":{},"offset":{})", s.partition, s.offset);
    if (s.order != 0) fmt::format_to(out, R"(,"orderId":{})", s.order);
    if (s.event_type != 0xff) fmt::format_to(out, R"(,"event":"{}")", event_type_name(EventType(s.event_type)));
    if (s.event_id != 0) fmt::format_to(out, R"(,"eventId":"{}")", event_uuid(s.event_id));
    if (s.kind == StepKind::Crash) fmt::format_to(out, R"(,"fault":{})", s.attempt - 1);
    else if (s.attempt != 0 && s.kind != StepKind::Fault) fmt::format_to(out, R"(,"attempt":{})", s.attempt);
    if (s.kind == StepKind::Decide) {
        static constexpr std::array<std::string_view, 3> kOutcomes{"proceed", "duplicate", "throw"};
        fmt::format_to(out, R"(,"outcome":"{}")", kOutcomes[s.outcome]);
        if (s.note != 0) fmt::format_to(out, R"(,"note":"{}")", note_name(Note(s.note)));
    } else if (s.kind == StepKind::Fault) {
        fmt::format_to(out, R"(,"fault":{},"faultKind":"{}")", s.attempt - 1, fault_kind_name(FaultKind(s.note)));
    } else if (s.note != 0) {
        fmt::format_to(out, R"(,"failure":"{}")", failure_name(Failure(s.note)));
    }
    if (s.status_from != 0xff) fmt::format_to(out, R"(,"from":"{}")", order_status_name(OrderStatus(s.status_from)));
    if (s.status_to != 0xff) fmt::format_to(out, R"(,"to":"{}")", order_status_name(OrderStatus(s.status_to)));
    if (s.cause != 0) fmt::format_to(out, R"(,"cause":{})", s.cause);
    if (!s.text.empty()) {
        line += R"(,"text":")";
        for (char c : s.text) {
            if (c == '"' || c == '\\') line += '\\';
            if (static_cast<unsigned char>(c) < 0x20) {
                fmt::format_to(out, "\\u{:04x}", int(c));
                continue;
            }
            line += c;
        }
        line += '"';
    }
    line += "}\n";
}

}  // namespace sagasim
