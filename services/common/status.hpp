// Status values of the seed's tables: orders.status (OrderStatus.java), payments.status and
// shipments.status. Shared by the services, the checkers and the summary.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sagasim {

enum class OrderStatus : uint8_t { PENDING, CONFIRMED, FAILED, PAID, PAYMENT_FAILED, SHIPPED, SHIPMENT_FAILED };
inline constexpr int kOrderStatusCount = 7;
std::string_view order_status_name(OrderStatus s);
std::optional<OrderStatus> order_status_from_name(std::string_view name);
// FAILED, PAYMENT_FAILED, SHIPPED and SHIPMENT_FAILED (seed-behaviour.md §4.5).
bool is_terminal(OrderStatus s);

enum class PaymentStatus : uint8_t { SUCCEEDED, FAILED };
std::string_view payment_status_name(PaymentStatus s);
std::optional<PaymentStatus> payment_status_from_name(std::string_view name);

// PROCESSING is never visible after a commit (§7), so only the two committed values exist here.
enum class ShipmentStatus : uint8_t { SHIPPED, FAILED };
std::string_view shipment_status_name(ShipmentStatus s);
std::optional<ShipmentStatus> shipment_status_from_name(std::string_view name);

}  // namespace sagasim
