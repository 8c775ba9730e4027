// Each step kind in words.
#include "sim/trace/step_words.hpp"

#include <fmt/format.h>

#include "services/common/events.hpp"
#include "services/common/handler_result.hpp"
#include "services/common/topics.hpp"
#include "sim/faults/fault_phase.hpp"
#include "sim/faults/process_faults.hpp"

namespace sagasim {
namespace {

std::string service_of(const Step& s) {
    return s.service == kNoService ? std::string("the client") : std::string(service_name(Service(s.service)));
}

// "PaymentFailedEvent for order 1"
std::string record_of(const Step& s) {
    std::string r = s.event_type == kNoEventType ? std::string("a record") : std::string(event_type_name(EventType(s.event_type)));
    if (s.order > 0) r += fmt::format(" for order {}", s.order);
    return r;
}

// "payment-failed-topic[1]@0"
std::string place_of(const Step& s) {
    if (s.topic == kNoTopic) return "";
    std::string p = fmt::format("{}[{}]", topic_id_name(s.topic), s.partition);
    if (s.offset != kNoOffset) p += fmt::format("@{}", s.offset);
    return p;
}

std::string failure_of(const Step& s) {
    return s.note == 0 ? std::string() : fmt::format(" ({})", failure_name(Failure(s.note)));
}

}  // namespace

std::string step_words(const Step& s, const std::vector<FaultIdentity>& faults) {
    const std::string who = service_of(s);
    const std::string fault =
        s.fault != 0 && s.fault <= faults.size()
            ? fmt::format("fault #{} {}, {}", s.fault, faults[s.fault - 1].id, fault_kind_name(FaultKind(s.fault_kind)))
            : std::string();
    const std::string attempt = s.attempt > 1 ? fmt::format(" (attempt {})", s.attempt) : std::string();
    switch (s.kind) {
        case StepKind::ClientRequest:
            return fmt::format("the client sent POST /api/orders{}{}", s.order > 0 ? fmt::format(" (order {})", s.order) : "",
                               s.note ? " and the connection was refused" : "");
        case StepKind::Restock: return fmt::format("the client sent POST /api/inventories{}", failure_of(s));
        case StepKind::Rebalance:
            if (s.count == 0)
                return fmt::format("{}'s listener on {} left its group ({})", who, topic_id_name(s.topic),
                                   rebalance_why_name(RebalanceWhy(s.note)));
            return fmt::format("{}'s listener on {} was assigned partitions {}-{} ({})", who, topic_id_name(s.topic),
                               s.partition, s.partition + s.count - 1, rebalance_why_name(RebalanceWhy(s.note)));
        case StepKind::DirectReserve:
            return fmt::format("the client sent POST /api/inventories/reservations{}", failure_of(s));
        case StepKind::Inject: return fmt::format("the scenario injected {} into {}", record_of(s), topic_id_name(s.topic));
        case StepKind::Send:
            return fmt::format("{} sent {} to {}{}", who, record_of(s), place_of(s), attempt);
        case StepKind::Append:
            return fmt::format("the broker appended {} at {}{}", record_of(s), place_of(s), s.copy ? " (a copy made by a fault)" : "");
        case StepKind::Deliver: return fmt::format("{} received {} from {}{}", who, record_of(s), place_of(s), attempt);
        case StepKind::Decide: {
            std::string d = fmt::format("{} handled {}", who, record_of(s));
            if (s.note != 0) d += fmt::format(": {}", note_name(Note(s.note)));
            if (s.status_from != kNoStatus && s.status_to != kNoStatus && s.status_from != s.status_to)
                d += fmt::format(" ({} -> {})", order_status_name(OrderStatus(s.status_from)),
                                 order_status_name(OrderStatus(s.status_to)));
            static constexpr const char* kOutcome[] = {"", " (a duplicate)", " and threw"};
            if (s.outcome < 3) d += kOutcome[s.outcome];
            return d;
        }
        case StepKind::Ack: return fmt::format("the broker acknowledged {}'s send of {}", who, record_of(s));
        case StepKind::Commit:
            return fmt::format("{} committed its transaction{}", who, s.order > 0 ? fmt::format(" for order {}", s.order) : "");
        case StepKind::Rollback: return fmt::format("{} rolled back its transaction{}", who, failure_of(s));
        case StepKind::OffsetCommit: return fmt::format("{} committed the offset of {} ({})", who, record_of(s), place_of(s));
        case StepKind::Retry: return fmt::format("{} will handle {} again after the back-off{}", who, record_of(s), attempt);
        case StepKind::DeadLetter: return fmt::format("{} sent {} from {} to its dead-letter topic", who, record_of(s), place_of(s));
        case StepKind::Skip: return fmt::format("{} skipped {} at {}", who, record_of(s), place_of(s));
        case StepKind::Violation: return "an invariant was violated";
        case StepKind::Fault:
            // A fault on a record names the record; a slow commit, the handler's service.
            if (s.topic == kNoTopic) return fmt::format("{} acted on {}'s commit", fault, who);
            return fmt::format("{} record {}: {} acted", topic_id_name(s.topic), record_of(s), fault);
        case StepKind::Crash: return fmt::format("{} crashed ({})", who, fault);
        case StepKind::Restart: return fmt::format("{} restarted", who);
        case StepKind::Timeout: return fmt::format("{}'s send of {} timed out after 10s", who, record_of(s));
        case StepKind::Lost: return fmt::format("{} record {} was lost", s.topic == kNoTopic ? "a" : topic_id_name(s.topic), record_of(s));
        case StepKind::Done: return fmt::format("{}'s request{} finished{}", who, s.order > 0 ? fmt::format(" for order {}", s.order) : "", failure_of(s));
        case StepKind::Abandon: return fmt::format("{}'s work on {} was cut off by the crash", who, record_of(s));
        case StepKind::Timer:
            return fmt::format("the saga timeout of order {} was {}", s.order, s.note == uint8_t(TimerNote::Set) ? "set" : "fired");
        case StepKind::WindowBegin: return fmt::format("{} fault window began for {}", fault, who);
        case StepKind::WindowEnd: return fmt::format("{} fault window ended for {}", fault, who);
        case StepKind::InitialStock: return "the inventory was loaded with its initial stock";
        case StepKind::PhaseEnd: return fmt::format("the fault phase ended ({})", phase_end_name(PhaseEnd(s.note)));
        case StepKind::Count: break;
    }
    return "?";
}

}  // namespace sagasim
