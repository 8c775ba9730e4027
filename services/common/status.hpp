// Status values of the seed's tables: orders.status (OrderStatus.java), payments.status and
// shipments.status. Shared by the services, the checkers and the summary.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sagasim {

// TIMED_OUT is not the seed's: a design with a saga timeout adds it for a compensated stuck order.
enum class OrderStatus : uint8_t { PENDING, CONFIRMED, FAILED, PAID, PAYMENT_FAILED, SHIPPED, SHIPMENT_FAILED, TIMED_OUT };
inline constexpr int kOrderStatusCount = 8;
std::string_view order_status_name(OrderStatus s);
std::optional<OrderStatus> order_status_from_name(std::string_view name);
// FAILED, PAYMENT_FAILED, SHIPPED and SHIPMENT_FAILED (seed-behaviour.md §4.5), and TIMED_OUT.
bool is_terminal(OrderStatus s);

// REFUNDED is not the seed's: a design with refunds moves a SUCCEEDED row there.
enum class PaymentStatus : uint8_t { SUCCEEDED, FAILED, REFUNDED };
std::string_view payment_status_name(PaymentStatus s);
std::optional<PaymentStatus> payment_status_from_name(std::string_view name);

// PROCESSING is never visible after a commit (§7), so only the two committed values exist here.
enum class ShipmentStatus : uint8_t { SHIPPED, FAILED };
std::string_view shipment_status_name(ShipmentStatus s);
std::optional<ShipmentStatus> shipment_status_from_name(std::string_view name);

}  // namespace sagasim
