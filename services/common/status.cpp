// Names of the status enums, as the seed stores them (the enum names).
#include "services/common/status.hpp"

#include <array>

namespace sagasim {
namespace {

constexpr std::array<std::string_view, kOrderStatusCount> kOrderNames{
    "PENDING", "CONFIRMED", "FAILED", "PAID", "PAYMENT_FAILED", "SHIPPED", "SHIPMENT_FAILED", "TIMED_OUT"};

}  // namespace

std::string_view order_status_name(OrderStatus s) { return kOrderNames[size_t(s)]; }

std::optional<OrderStatus> order_status_from_name(std::string_view name) {
    for (size_t i = 0; i < kOrderNames.size(); ++i)
        if (kOrderNames[i] == name) return OrderStatus(i);
    return std::nullopt;
}

bool is_terminal(OrderStatus s) {
    return s == OrderStatus::FAILED || s == OrderStatus::PAYMENT_FAILED || s == OrderStatus::SHIPPED ||
           s == OrderStatus::SHIPMENT_FAILED || s == OrderStatus::TIMED_OUT;
}

std::string_view payment_status_name(PaymentStatus s) {
    return s == PaymentStatus::SUCCEEDED ? "SUCCEEDED" : s == PaymentStatus::FAILED ? "FAILED" : "REFUNDED";
}

std::optional<PaymentStatus> payment_status_from_name(std::string_view name) {
    if (name == "SUCCEEDED") return PaymentStatus::SUCCEEDED;
    if (name == "FAILED") return PaymentStatus::FAILED;
    if (name == "REFUNDED") return PaymentStatus::REFUNDED;
    return std::nullopt;
}

std::string_view shipment_status_name(ShipmentStatus s) { return s == ShipmentStatus::SHIPPED ? "SHIPPED" : "FAILED"; }

std::optional<ShipmentStatus> shipment_status_from_name(std::string_view name) {
    if (name == "SHIPPED") return ShipmentStatus::SHIPPED;
    if (name == "FAILED") return ShipmentStatus::FAILED;
    return std::nullopt;
}

}  // namespace sagasim
