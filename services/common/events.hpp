// The seed's 11 saga events (seed-behaviour.md §3), as one flat value type. Every event has the
// common header (eventId, orderId, orderNumber, occurredAt); the other fields are used as the
// event type says. Each event type travels on exactly one topic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/ids.hpp"
#include "services/common/money.hpp"
#include "services/common/sku_table.hpp"
#include "services/common/topics.hpp"

namespace sagasim {

enum class EventType : uint8_t {
    OrderPlacedEvent,
    InventoryReservedEvent,
    InventoryFailedEvent,
    OrderFailedEvent,
    OrderConfirmedEvent,
    PaymentSucceededEvent,
    PaymentFailedEvent,
    OrderPaidEvent,
    ShipmentShippedEvent,
    ShipmentFailedEvent,
    OrderShipmentFailedEvent,
};

std::string_view event_type_name(EventType t);   // "OrderPlacedEvent"
constexpr Topic topic_of(EventType t) { return Topic(uint8_t(t)); }  // enums are aligned
constexpr EventType event_type_of(Topic t) { return EventType(uint8_t(t)); }

// Why something failed. The seed's reason strings are built from these (reason_text()).
enum class ReasonCode : uint8_t {
    None,
    InsufficientInventory,  // "Insufficient inventory for skuCode '<sku>'. Requested=<n>, available=<m>"
    InventoryNotFound,      // "Inventory for skuCode '<sku>' was not found"
    PaymentDeclined,        // "Payment declined by payment provider"
    CarrierRejected,        // "Shipment carrier rejected the order"
    Injected,               // a text given by a scenario's inject entry (index in reason_text_id)
    SagaTimedOut,           // "Saga timed out" (a design with a saga timeout)
};

struct Event {
    EventType type = EventType::OrderPlacedEvent;
    ReasonCode reason = ReasonCode::None;
    SkuId sku = kNoSku;          // skuCode (OrderPlaced, InventoryReserved/Failed, OrderFailed)
    EventId event_id = 0;
    OrderId order_id = 0;
    Uuid order_number;           // also the Kafka record key
    int64_t occurred_at_us = 0;  // virtual time the event was built
    Money price;                 // unit price (OrderPlaced, OrderConfirmed)
    Money amount;                // PaymentSucceeded/Failed
    int32_t quantity = 0;        // quantity / reservedQuantity / requestedQuantity
    // The reason is self-contained, so a relayed event (OrderFailedEvent copies the reason of
    // InventoryFailedEvent) renders the same text: skuCode, Requested=<n>, available=<m>.
    SkuId reason_sku = kNoSku;
    int32_t reason_requested = 0;
    int32_t reason_available = 0;
    uint32_t reason_text_id = 0;   // ReasonCode::Injected: index into the run's text table
    // An OrderFailedEvent that a saga timeout sends under design timeouts: fenced is a request to
    // cancel one step: 1 + the Service that owns it (inventory, payment or shipment); 0 otherwise.
    uint8_t cancel_step = 0;
};

// The service a cancel request is for, if `e` is one.
inline bool is_cancel_request(const Event& e) { return e.cancel_step != 0; }
inline Service cancel_owner(const Event& e) { return Service(e.cancel_step - 1); }

// Copies the reason fields of `from` into `to` (a relay passes the reason through unchanged).
inline void copy_reason(Event& to, const Event& from) {
    to.reason = from.reason;
    to.reason_sku = from.reason_sku;
    to.reason_requested = from.reason_requested;
    to.reason_available = from.reason_available;
    to.reason_text_id = from.reason_text_id;
}

// The seed's reason string for an event's reason (§3, §5.3, §6, §7). `texts` holds the injected
// reasons of the scenario (ReasonCode::Injected).
std::string reason_text(const Event& e, const SkuTable& skus, const std::vector<std::string>& texts);

}  // namespace sagasim
