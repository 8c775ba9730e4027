// Virtual time for the simulation: SimTime (a point) and Duration (a span), both integer
// microseconds. No floating point ever orders anything; no wall clock is ever read here.
// Depends on nothing but the standard library.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace sagasim {

struct Duration {
    int64_t us = 0;

    static constexpr Duration micros(int64_t v) { return Duration{v}; }
    static constexpr Duration millis(int64_t v) { return Duration{v * 1000}; }
    static constexpr Duration seconds(int64_t v) { return Duration{v * 1000000}; }

    constexpr auto operator<=>(const Duration&) const = default;
    constexpr Duration operator+(Duration o) const { return Duration{us + o.us}; }
    constexpr Duration operator-(Duration o) const { return Duration{us - o.us}; }
};

struct SimTime {
    int64_t us = 0;

    constexpr auto operator<=>(const SimTime&) const = default;
    constexpr SimTime operator+(Duration d) const { return SimTime{us + d.us}; }
    constexpr Duration operator-(SimTime o) const { return Duration{us - o.us}; }
};

// Renders a duration the way scenario files write it, choosing the largest exact unit:
// 1500000 -> "1500ms", 2000000 -> "2s", 7 -> "7us".
std::string format_duration(Duration d);

// Renders a point in time as seconds with microsecond precision: "1.204000s".
std::string format_time(SimTime t);

}  // namespace sagasim
