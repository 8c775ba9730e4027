// The seed's Kafka topics (seed-behaviour.md §2.1): the 11 business topics and the order
// service's 9 declared dead-letter topics, with their names, and which service consumes what.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sagasim {

enum class Service : uint8_t { Order, Inventory, Payment, Shipment };
inline constexpr int kServiceCount = 4;
inline constexpr std::array<Service, 4> kAllServices{Service::Order, Service::Inventory, Service::Payment,
                                                     Service::Shipment};

// "order", "inventory", ... as scenario files name services.
std::string_view service_name(Service s);
// "order-service", ... the seed's consumer group ids.
std::string_view consumer_group(Service s);
std::optional<Service> service_from_name(std::string_view name);

enum class Topic : uint8_t {
    OrderPlaced,
    InventoryReserved,
    InventoryFailed,
    OrderFailed,
    OrderConfirmed,
    PaymentSucceeded,
    PaymentFailed,
    OrderPaid,
    ShipmentShipped,
    ShipmentFailed,
    OrderShipmentFailed,
};
inline constexpr int kBusinessTopicCount = 11;

// Topic ids of the broker: 0..10 are the business topics, 11..19 the `.DLT` topics the order
// service declares (never written, §2.1), 20..30 `<topic>-dlt`, where Spring Kafka 3.3's
// DeadLetterPublishingRecoverer sends by default (§8.3): those exist only if the broker creates
// them on first use.
using TopicId = uint8_t;
inline constexpr int kDeclaredDltCount = 9;
inline constexpr TopicId kDashDltBase = TopicId(kBusinessTopicCount + kDeclaredDltCount);
inline constexpr int kTopicIdCount = kDashDltBase + kBusinessTopicCount;

std::string_view topic_name(Topic t);                   // "order-placed-topic"
std::optional<Topic> topic_from_name(std::string_view name);
std::string_view topic_id_name(TopicId id);             // business name, "<name>.DLT" or "<name>-dlt"
std::optional<TopicId> topic_id_from_name(std::string_view name);
constexpr TopicId topic_id(Topic t) { return TopicId(t); }

// The DLT the order service declares for a topic, if any (order-placed-topic and
// order-confirmed-topic have none).
std::optional<TopicId> dlt_of(Topic t);
// `<topic>-dlt`, Spring Kafka 3.3's default dead-letter destination for a record of `t`.
constexpr TopicId dash_dlt_of(Topic t) { return TopicId(kDashDltBase + uint8_t(t)); }
constexpr bool is_dash_dlt(TopicId id) { return id >= kDashDltBase && id < kTopicIdCount; }

// The services whose consumer group reads a topic, in a fixed order (payment-failed-topic is
// read by order-service and inventory-service; every other topic by exactly one group).
struct Consumers {
    std::array<Service, 3> list{};
    uint8_t count = 0;
};
Consumers consumers_of(Topic t);

}  // namespace sagasim
