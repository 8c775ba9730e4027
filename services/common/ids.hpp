// Identifiers the seed's services use: order ids (BIGSERIAL), orderNumbers and eventIds (UUIDs),
// SKU handles. Pure value types; nothing from sim/ and no randomness lives here.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace sagasim {

// orders.id in the order database: an IDENTITY sequence starting at 1. 0 means "none".
using OrderId = int64_t;

// A UUID as two 64-bit halves. orderNumbers are drawn from the run's seeded stream.
struct Uuid {
    uint64_t hi = 0;
    uint64_t lo = 0;
    constexpr auto operator<=>(const Uuid&) const = default;
    // Canonical 8-4-4-4-12 lowercase text, as Java's UUID.toString() prints it.
    std::string str() const;
};

// Makes a version-4 (random) UUID from 128 random bits, setting the version and variant bits.
Uuid make_uuid_v4(uint64_t hi_bits, uint64_t lo_bits);

// An eventId. Inside the simulation an eventId is the serial number of the publish call that
// made it (the seed makes a new UUID on every publish); it is rendered as a UUID derived from
// the run's seed and the serial, so traces read like the seed's logs. 0 means "none".
using EventId = uint64_t;

// Index of an interned skuCode string in the run's SkuTable.
using SkuId = uint32_t;
inline constexpr SkuId kNoSku = 0xffffffffu;

}  // namespace sagasim
