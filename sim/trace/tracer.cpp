// Step recording, the digest and the JSON Lines form of the steps.
#include "sim/trace/tracer.hpp"

#include <array>

#include <fmt/format.h>

#include "services/common/events.hpp"
#include "services/common/status.hpp"
#include "services/common/topics.hpp"
#include "sim/check/violation.hpp"
#include "sim/faults/process_faults.hpp"
#include "sim/kernel/rng.hpp"

namespace sagasim {
namespace {

constexpr uint64_t kDigestStart = 0x6a09e667f3bcc908ULL;

inline uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}


void put(fmt::memory_buffer& b, std::string_view text) { b.append(text.data(), text.data() + text.size()); }
void put(fmt::memory_buffer& b, char c) { b.push_back(c); }

void json_string(fmt::memory_buffer& b, std::string_view text) {
    b.push_back('"');
    for (char c : text) {
        if (c == '"' || c == '\\') b.push_back('\\');
        if (static_cast<unsigned char>(c) < 0x20) {
            fmt::format_to(fmt::appender(b), "\\u{:04x}", int(c));
            continue;
        }
        b.push_back(c);
    }
    b.push_back('"');
}

uint64_t hash_text(std::string_view s) { return fnv1a64(s); }

}  // namespace

std::string event_uuid(uint64_t event_id) {
    uint64_t st = event_id * 0xd1b54a32d192ed03ULL;
    const uint64_t a = splitmix64(st);
    const uint64_t b = splitmix64(st);
    return make_uuid_v4(a, b).str();
}

void Tracer::reset(std::FILE* file) {
    // Past the last run's stamps, at a multiple of the ring's size: each run fills the ring from
    // its first slot, so a short run's slots stay in cache from one run to the next.
    base_ = ((base_ + count_) | (kRecent - 1)) + 1;
    count_ = 0;
    h_ = kDigestStart;
    h2_ = ~kDigestStart;
    out_ = file;
    if (recent_.empty()) recent_.assign(kRecent, KeptStep{{}, 0});
}

void Tracer::write_step(uint64_t id, const Step& s) {
    render_json(id, s, line_);
    std::fwrite(line_.data(), 1, line_.size(), out_);
}

void Tracer::write_line(const std::string& json_line) {
    if (out_ != nullptr) std::fwrite(json_line.data(), 1, json_line.size(), out_);
}

uint64_t Tracer::hash_rest(uint64_t h, const Step& s) const {
    // A fault by its identity, not its place in the file: a fault added elsewhere changes nothing.
    if (s.fault != 0) h = mix(h, faults_[s.fault - 1].key);
    // What a published record says: its SKU, quantity, price, amount and reason.
    if ((s.kind == StepKind::Send || s.kind == StepKind::Inject) && s.event != nullptr) {
        const Event& e = *s.event;
        h = mix(h, (uint64_t(e.sku) | uint64_t(uint32_t(e.quantity)) << 32) ^ uint64_t(e.price.cents) << 7);
        h = mix(h, uint64_t(e.amount.cents) ^ (uint64_t(e.reason) | uint64_t(e.reason_sku) << 8) << 40 ^
                       (uint64_t(uint32_t(e.reason_requested)) << 24) ^ (uint64_t(uint32_t(e.reason_available)) << 44) ^
                       (uint64_t(e.reason_text_id) << 12));
    }
    for (const Write& w : s.writes) {
        h = mix(h, uint64_t(w.kind) | uint64_t(w.move) << 8 | uint64_t(w.from) << 16 | uint64_t(w.to) << 24 |
                       uint64_t(w.sku) << 32);
        h = mix(h, uint64_t(w.order) ^ uint64_t(uint32_t(w.quantity)) << 40);
        h = mix(h, uint64_t(w.before) ^ uint64_t(w.after) << 20 ^ uint64_t(w.amount.cents) << 40);
    }
    if (s.violation != nullptr) {
        h = mix(h, uint64_t(s.violation->inv) | uint64_t(s.violation->order) << 8);
        h = mix(h, hash_text(s.violation->expected) ^ hash_text(s.violation->actual) ^ hash_text(s.violation->subject));
    }
    return h;
}


uint64_t Tracer::digest() const {
    // Final avalanche (SplitMix64's finaliser) so that near runs give unrelated digests.
    uint64_t z = mix(h_, h2_) ^ count_;
    return splitmix64(z);
}

std::string Tracer::digest_hex() const { return fmt::format("{:016x}", digest()); }

void Tracer::history(uint64_t step, size_t max, std::vector<uint64_t>& ids, std::vector<Step>& steps) const {
    ids.clear();
    steps.clear();
    uint64_t cur = step;
    while (cur != 0 && ids.size() < max && !recent_.empty() &&
           recent_[(base_ + cur) & (kRecent - 1)].stamp == base_ + cur) {
        Step s;  // its pointers null
        std::memcpy(static_cast<void*>(&s), recent_[(base_ + cur) & (kRecent - 1)].bytes, kKeptBytes);
        ids.push_back(cur);
        steps.push_back(s);
        if (s.cause >= cur) break;  // causes always point back
        cur = s.cause;
    }
}

void Tracer::render_json(uint64_t id, const Step& s, std::string& line) const {
    fmt::memory_buffer& b = buf_;
    b.clear();
    auto out = fmt::appender(b);
    fmt::format_to(out, R"({{"step":{},"t":{},"kind":"{}","lane":{})", id, s.time.us, step_kind_name(s.kind), s.lane);
    if (s.service != kNoService) fmt::format_to(out, R"(,"service":"{}")", service_name(Service(s.service)));
    if (s.topic != kNoTopic) fmt::format_to(out, R"(,"topic":"{}")", topic_id_name(s.topic));
    if (s.offset != kNoOffset) fmt::format_to(out, R"(,"partition":{},"offset":{})", s.partition, s.offset);
    else if (s.kind == StepKind::Send || s.kind == StepKind::Fault || s.kind == StepKind::Lost)
        fmt::format_to(out, R"(,"partition":{})", s.partition);
    if (s.order != 0) fmt::format_to(out, R"(,"orderId":{})", s.order);
    if (s.event_type != kNoEventType)
        fmt::format_to(out, R"(,"event":"{}")", event_type_name(EventType(s.event_type)));
    if (s.event_id != 0) fmt::format_to(out, R"(,"eventId":"{}")", event_uuid(s.event_id));
    if (s.attempt != 0) fmt::format_to(out, R"(,"attempt":{})", s.attempt);
    if (s.fault != 0) {
        put(b, R"(,"fault":)");
        json_string(b, faults_[s.fault - 1].id);
        fmt::format_to(out, R"(,"faultKind":"{}")", fault_kind_name(FaultKind(s.fault_kind)));
    }
    switch (s.kind) {
        case StepKind::Decide: {
            static constexpr std::array<std::string_view, 3> kOutcomes{"proceed", "duplicate", "throw"};
            fmt::format_to(out, R"(,"outcome":"{}")", kOutcomes[s.outcome]);
            if (s.note != 0) fmt::format_to(out, R"(,"note":"{}")", note_name(Note(s.note)));
            break;
        }
        case StepKind::Timer: fmt::format_to(out, R"(,"timer":"{}")", s.note == uint8_t(TimerNote::Set) ? "set" : "fired"); break;
        case StepKind::Append:
            fmt::format_to(out, R"(,"readers":{})", s.count);
            if (s.copy) put(b, R"(,"copy":true)");
            break;
        case StepKind::Ack:
            if (s.link != 0) fmt::format_to(out, R"(,"append":{})", s.link);
            break;
        case StepKind::Commit:
            if (s.count != 0) fmt::format_to(out, R"(,"outbox":{})", s.count);
            break;
        case StepKind::PhaseEnd: fmt::format_to(out, R"(,"why":"{}")", phase_end_name(PhaseEnd(s.note))); break;
        case StepKind::Rebalance:
            fmt::format_to(out, R"(,"partition":{},"assigned":{},"why":"{}")", s.partition, s.count,
                           rebalance_why_name(RebalanceWhy(s.note)));
            break;
        default:
            if (s.note != 0) fmt::format_to(out, R"(,"failure":"{}")", failure_name(Failure(s.note)));
            break;
    }
    if (s.status_from != kNoStatus)
        fmt::format_to(out, R"(,"from":"{}")", order_status_name(OrderStatus(s.status_from)));
    if (s.status_to != kNoStatus) fmt::format_to(out, R"(,"to":"{}")", order_status_name(OrderStatus(s.status_to)));
    if (s.cause != 0) fmt::format_to(out, R"(,"cause":{})", s.cause);
    if (!s.writes.empty()) {
        put(b, R"(,"writes":[)");
        for (size_t i = 0; i < s.writes.size(); ++i) {
            const Write& w = s.writes[i];
            if (i) put(b, ',');
            switch (w.kind) {
                case WriteKind::OrderCreated:
                    fmt::format_to(out, R"({{"write":"order-created","orderId":{},"sku":)", w.order);
                    json_string(b, skus_.name(w.sku));
                    fmt::format_to(out, R"(,"quantity":{},"price":"{}"}})", w.quantity, w.amount.str());
                    break;
                case WriteKind::OrderStatus:
                    fmt::format_to(out, R"({{"write":"order-status","orderId":{},"from":"{}","to":"{}"}})", w.order,
                                   order_status_name(OrderStatus(w.from)), order_status_name(OrderStatus(w.to)));
                    break;
                case WriteKind::Stock:
                    put(b, R"({"write":"stock","sku":)");
                    json_string(b, skus_.name(w.sku));
                    fmt::format_to(out, R"(,"move":"{}")", stock_move_name(w.move));
                    if (w.order != 0) fmt::format_to(out, R"(,"orderId":{})", w.order);
                    fmt::format_to(out, R"(,"quantity":{},"before":{},"after":{}}})", w.quantity, w.before, w.after);
                    break;
                case WriteKind::Payment:
                    fmt::format_to(out, R"({{"write":"payment","orderId":{},"status":"{}","amount":"{}"}})", w.order,
                                   payment_status_name(PaymentStatus(w.from)), w.amount.str());
                    break;
                case WriteKind::Refund:
                    fmt::format_to(out, R"({{"write":"refund","orderId":{},"amount":"{}"}})", w.order, w.amount.str());
                    break;
                case WriteKind::Shipment:
                    fmt::format_to(out, R"({{"write":"shipment","orderId":{},"status":"{}"}})", w.order,
                                   shipment_status_name(ShipmentStatus(w.from)));
                    break;
            }
        }
        put(b, ']');
    }
    if (s.violation != nullptr) {
        const Violation& v = *s.violation;
        fmt::format_to(out, R"(,"invariant":"{}")", v.invariant);
        if (!v.order_number.empty()) fmt::format_to(out, R"(,"orderNumber":"{}")", v.order_number);
        if (!v.subject.empty()) {
            put(b, R"(,"subject":)");
            json_string(b, v.subject);
        }
        put(b, R"(,"expected":)");
        json_string(b, v.expected);
        put(b, R"(,"actual":)");
        json_string(b, v.actual);
        put(b, R"(,"history":[)");
        for (size_t i = 0; i < v.history_steps.size(); ++i) fmt::format_to(out, "{}{}", i ? "," : "", v.history_steps[i]);
        put(b, ']');
    }
    put(b, "}\n");
    line.assign(b.data(), b.size());
}

}  // namespace sagasim
