// Names and the consumer map of the seed's topics.
#include "services/common/topics.hpp"

#include "services/common/service_design.hpp"

namespace sagasim {
namespace {

constexpr std::array<std::string_view, kBusinessTopicCount> kTopicNames{
    "order-placed-topic",     "inventory-reserved-topic", "inventory-failed-topic", "order-failed-topic",
    "order-confirmed-topic",  "payment-succeeded-topic",  "payment-failed-topic",   "order-paid-topic",
    "shipment-shipped-topic", "shipment-failed-topic",    "order-shipment-failed-topic"};

// Declared DLTs in the order of OrderKafkaConfiguration (none for order-placed-topic and
// order-confirmed-topic).
constexpr std::array<std::string_view, kDeclaredDltCount> kDltNames{
    "inventory-reserved-topic.DLT", "inventory-failed-topic.DLT", "order-failed-topic.DLT",
    "payment-succeeded-topic.DLT",  "payment-failed-topic.DLT",   "order-paid-topic.DLT",
    "shipment-shipped-topic.DLT",   "shipment-failed-topic.DLT",  "order-shipment-failed-topic.DLT"};

constexpr std::array<std::string_view, kBusinessTopicCount> kDashDltNames{
    "order-placed-topic-dlt",     "inventory-reserved-topic-dlt", "inventory-failed-topic-dlt",
    "order-failed-topic-dlt",     "order-confirmed-topic-dlt",    "payment-succeeded-topic-dlt",
    "payment-failed-topic-dlt",   "order-paid-topic-dlt",         "shipment-shipped-topic-dlt",
    "shipment-failed-topic-dlt",  "order-shipment-failed-topic-dlt"};

}  // namespace

std::string_view service_name(Service s) {
    switch (s) {
        case Service::Order: return "order";
        case Service::Inventory: return "inventory";
        case Service::Payment: return "payment";
        case Service::Shipment: return "shipment";
    }
    return "?";
}

std::string_view consumer_group(Service s) {
    switch (s) {
        case Service::Order: return "order-service";
        case Service::Inventory: return "inventory-service";
        case Service::Payment: return "payment-service";
        case Service::Shipment: return "shipment-service";
    }
    return "?";
}

std::optional<Service> service_from_name(std::string_view name) {
    for (Service s : kAllServices)
        if (service_name(s) == name) return s;
    return std::nullopt;
}

std::string_view topic_name(Topic t) { return kTopicNames[size_t(t)]; }

std::optional<Topic> topic_from_name(std::string_view name) {
    for (size_t i = 0; i < kTopicNames.size(); ++i)
        if (kTopicNames[i] == name) return Topic(i);
    return std::nullopt;
}

std::string_view topic_id_name(TopicId id) {
    if (id < kBusinessTopicCount) return kTopicNames[id];
    if (id < kDashDltBase) return kDltNames[id - kBusinessTopicCount];
    return kDashDltNames[id - kDashDltBase];
}

std::optional<TopicId> topic_id_from_name(std::string_view name) {
    for (int t = 0; t < kTopicIdCount; ++t)
        if (topic_id_name(TopicId(t)) == name) return TopicId(t);
    return std::nullopt;
}

std::optional<TopicId> dlt_of(Topic t) {
    // The seed declares a DLT for inventory-reserved, inventory-failed, order-failed,
    // payment-succeeded, payment-failed, order-paid, shipment-shipped, shipment-failed and
    // order-shipment-failed (§2.1). The order service only ever writes the ones for topics it
    // consumes. Topic ids 11.. follow kDltNames.
    for (size_t i = 0; i < kDltNames.size(); ++i) {
        std::string_view d = kDltNames[i];
        if (d.substr(0, d.size() - 4) == topic_name(t)) return TopicId(kBusinessTopicCount + i);
    }
    return std::nullopt;
}

Consumers consumers_of(Topic t) {
    switch (t) {
        case Topic::OrderPlaced:
        case Topic::OrderFailed:
        case Topic::OrderShipmentFailed: return {{Service::Inventory}, 1};
        case Topic::InventoryReserved:
        case Topic::InventoryFailed:
        case Topic::PaymentSucceeded:
        case Topic::ShipmentShipped:
        case Topic::ShipmentFailed: return {{Service::Order}, 1};
        case Topic::PaymentFailed: return {{Service::Order, Service::Inventory}, 2};
        case Topic::OrderConfirmed: return {{Service::Payment}, 1};
        case Topic::OrderPaid: return {{Service::Shipment}, 1};
    }
    return {};
}

Consumers consumers_of(Topic t, const ServiceDesign& d) {
    Consumers c = consumers_of(t);
    auto add = [&](Service s) { c.list[c.count++] = s; };
    if (d.refund_on_shipment_failure && (t == Topic::ShipmentFailed || t == Topic::OrderFailed)) add(Service::Payment);
    if (d.finalize_reservations && t == Topic::ShipmentShipped) add(Service::Inventory);
    // The cancel requests of fenced timeouts reach every owner of a step.
    if (d.fenced_timeouts && t == Topic::OrderFailed) {
        if (!d.refund_on_shipment_failure) add(Service::Payment);
        add(Service::Shipment);
    }
    return c;
}

}  // namespace sagasim
