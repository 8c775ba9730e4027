// Kafka's default partitioner for keyed records: murmur2 of the key's bytes (the Java client's
// Utils.murmur2), made positive, modulo the partition count. The key is the orderNumber's
// UUID text, as every publisher of the seed passes `event.orderNumber`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/common/ids.hpp"

namespace sagasim {

// Utils.murmur2 (seed 0x9747b28c), returned as Java's int would hold it.
int32_t kafka_murmur2(std::string_view bytes);
// Utils.toPositive(murmur2(key)) % partitions.
uint32_t kafka_partition(std::string_view key, uint32_t partitions);
// The partition of a record keyed by this orderNumber (its 36-character text).
uint32_t partition_for_order(const Uuid& order_number, uint32_t partitions);

}  // namespace sagasim
