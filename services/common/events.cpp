// Names of the event types.
#include "services/common/events.hpp"

#include <array>

#include <fmt/format.h>

namespace sagasim {

std::string_view event_type_name(EventType t) {
    static constexpr std::array<std::string_view, 11> kNames{
        "OrderPlacedEvent",      "InventoryReservedEvent", "InventoryFailedEvent", "OrderFailedEvent",
        "OrderConfirmedEvent",   "PaymentSucceededEvent",  "PaymentFailedEvent",   "OrderPaidEvent",
        "ShipmentShippedEvent",  "ShipmentFailedEvent",    "OrderShipmentFailedEvent"};
    return kNames[size_t(t)];
}

std::string reason_text(const Event& e, const SkuTable& skus, const std::vector<std::string>& texts) {
    auto sku = [&]() -> std::string { return e.reason_sku == kNoSku ? std::string() : skus.name(e.reason_sku); };
    switch (e.reason) {
        case ReasonCode::None: return "";
        case ReasonCode::InsufficientInventory:
            return fmt::format("Insufficient inventory for skuCode '{}'. Requested={}, available={}", sku(),
                               e.reason_requested, e.reason_available);
        case ReasonCode::InventoryNotFound: return fmt::format("Inventory for skuCode '{}' was not found", sku());
        case ReasonCode::PaymentDeclined: return "Payment declined by payment provider";
        case ReasonCode::CarrierRejected: return "Shipment carrier rejected the order";
        case ReasonCode::Injected: return e.reason_text_id < texts.size() ? texts[e.reason_text_id] : "";
        case ReasonCode::SagaTimedOut: return "Saga timed out";
    }
    return "";
}

}  // namespace sagasim
