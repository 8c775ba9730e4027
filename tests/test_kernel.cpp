// Kernel tests: the engine and distributions pinned by known answers (the reference values of
// xoshiro256** and SplitMix64, and our own draws, so a change to any of them is caught), the
// portable logarithm, the event queue's (time, seq) order and self-checks, and its event lists.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/event_list.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/kernel/time.hpp"

using namespace sagasim;

TEST_CASE("xoshiro256** matches the reference output for state {1,2,3,4}", "[kernel][rng]") {
    Rng r = Rng::from_state(1, 2, 3, 4);
    CHECK(r.next_u64() == 11520ULL);
    CHECK(r.next_u64() == 0ULL);
    CHECK(r.next_u64() == 1509978240ULL);
    CHECK(r.next_u64() == 1215971899390074240ULL);
}

TEST_CASE("splitmix64 matches the reference output from state 0", "[kernel][rng]") {
    uint64_t st = 0;
    CHECK(splitmix64(st) == 0xe220a8397b1dcdafULL);
    CHECK(splitmix64(st) == 0x6e789e6aa1b965f4ULL);
    CHECK(splitmix64(st) == 0x06c45d188009454fULL);
}

TEST_CASE("distributions give the pinned known answers", "[kernel][rng]") {
    Rng a(42);
    std::vector<uint64_t> below;
    for (int i = 0; i < 5; ++i) below.push_back(a.below(1000));
    CHECK(below == std::vector<uint64_t>{83, 378, 680, 924, 991});

    Rng b(42);
    std::vector<int64_t> exp;
    for (int i = 0; i < 5; ++i) exp.push_back(b.exponential(5000));
    CHECK(exp == std::vector<int64_t>{12393, 4851, 1928, 391, 41});

    Rng c = Rng::stream(7, "kafka.latency");
    std::vector<int64_t> btw;
    for (int i = 0; i < 5; ++i) btw.push_back(c.between(1000, 5000));
    CHECK(btw == std::vector<int64_t>{2324, 4441, 4980, 3413, 1414});

    Rng d(9);
    int hits = 0;
    for (int i = 0; i < 1000000; ++i) hits += d.chance_ppm(250000);
    CHECK(hits == 249703);
}

TEST_CASE("named streams are independent of each other", "[kernel][rng]") {
    Rng x1 = Rng::stream(7, "payment.outcome");
    Rng y = Rng::stream(7, "shipment.outcome");
    Rng x2 = Rng::stream(7, "payment.outcome");
    for (int i = 0; i < 10; ++i) y.next_u64();  // draws on another stream shift nothing here
    for (int i = 0; i < 10; ++i) CHECK(x1.next_u64() == x2.next_u64());
    CHECK(Rng::stream(7, "a").next_u64() != Rng::stream(8, "a").next_u64());
    CHECK(Rng::stream(7, "a").next_u64() != Rng::stream(7, "b").next_u64());
}

TEST_CASE("between covers both ends and stays inside", "[kernel][rng]") {
    Rng r(1);
    bool lo = false, hi = false;
    for (int i = 0; i < 10000; ++i) {
        const int64_t v = r.between(3, 6);
        REQUIRE(v >= 3);
        REQUIRE(v <= 6);
        lo |= v == 3;
        hi |= v == 6;
    }
    CHECK(lo);
    CHECK(hi);
    CHECK(r.between(5, 5) == 5);
}

TEST_CASE("chance_ppm at 0 and at 1", "[kernel][rng]") {
    Rng r(3);
    for (int i = 0; i < 1000; ++i) {
        CHECK_FALSE(r.chance_ppm(0));
        CHECK(r.chance_ppm(1000000));
    }
}

TEST_CASE("portable_log agrees with std::log and is pinned bit for bit", "[kernel][rng]") {
    for (double x = 1e-12; x < 1e12; x *= 1.37) CHECK(std::fabs(portable_log(x) - std::log(x)) <= 1e-15 * std::fabs(std::log(x)) + 1e-300);
    CHECK(portable_log(1.0) == 0.0);
    CHECK(portable_log(0.5) == -0x1.62e42fefa39efp-1);
    CHECK(portable_log(1e-9) == -0x1.4b927f32bffb8p+4);
}

TEST_CASE("event queue runs equal times first-in first-out on one lane", "[kernel][queue]") {
    EventQueue q;
    q.push(SimTime{10}, 1, 0, 0, 1);
    q.push(SimTime{5}, 2, 0, 0, 1);
    q.push(SimTime{10}, 3, 0, 0, 1);
    q.push(SimTime{5}, 4, 0, 0, 1);
    q.push(SimTime{7}, 5, 0, 0, 1);
    std::vector<uint32_t> order;
    while (!q.empty()) order.push_back(q.pop(nullptr).kind());
    CHECK(order == std::vector<uint32_t>{2, 4, 5, 1, 3});
    CHECK(q.now() == SimTime{10});
    CHECK(q.pushed() == 5);
    CHECK(q.popped() == 5);
}

TEST_CASE("event queue orders many random events by (time, seq)", "[kernel][queue]") {
    EventQueue q;
    Rng r(5);
    for (uint32_t i = 0; i < 5000; ++i) q.push(SimTime{r.between(0, 100)}, i & 0xff, 0, 0, 1);
    int64_t last_t = -1;
    uint64_t last_seq = 0;
    while (!q.empty()) {
        const QueuedEvent e = q.pop(nullptr);
        REQUIRE(e.time.us >= last_t);
        if (e.time.us == last_t) REQUIRE(e.seq > last_seq);
        last_t = e.time.us;
        last_seq = e.seq;
    }
}

TEST_CASE("event queue keeps (time, seq) order when events are queued for the current instant", "[kernel][queue]") {
    // Pushes interleaved with pops, half of them at the instant being run (those skip the heap):
    // the queue must pop exactly what a sorted list of (time, seq) would, on every lane.
    EventQueue q;
    std::vector<std::pair<int64_t, uint64_t>> model;  // (time, seq) of what is queued
    Rng r(11);
    uint64_t seq = 0;
    auto push = [&](int64_t t) {
        q.push(SimTime{t}, 1, 0, seq, 1 + uint32_t(r.below(3)));
        model.emplace_back(t, seq++);
    };
    for (int i = 0; i < 20; ++i) push(r.between(0, 3));
    for (int i = 0; i < 20000 && !model.empty(); ++i) {
        const auto first = std::min_element(model.begin(), model.end());
        const QueuedEvent e = q.pop(nullptr);
        REQUIRE(e.time.us == first->first);
        REQUIRE(e.arg == first->second);
        model.erase(first);
        const int64_t now = q.now().us;
        for (uint64_t k = r.below(3); k > 0; --k) push(r.below(2) == 0 ? now : now + r.between(1, 4));
    }
    CHECK(q.size() == model.size());
    CHECK(q.pushed() == q.popped() + q.size());
}

TEST_CASE("event list keeps its elements in order across growth, erase and clear", "[kernel][queue]") {
    EventList<QueuedEvent> l;
    CHECK(l.empty());
    // 1000 appends: the list grows from nothing several times (64, 128, ... 1024 slots).
    for (uint64_t i = 0; i < 1000; ++i) l.push_back(QueuedEvent{SimTime{int64_t(i)}, i, i * 3, uint32_t(i), 7});
    REQUIRE(l.size() == 1000);
    for (uint64_t i = 0; i < 1000; ++i) {
        REQUIRE(l[i].seq == i);
        REQUIRE(l[i].arg == i * 3);
    }
    CHECK(l.front().seq == 0);
    CHECK(l.back().seq == 999);
    // Erasing keeps the order of the rest: the first, one in the middle, the last.
    l.erase_at(0);
    l.erase_at(499);  // seq 500
    l.erase_at(l.size() - 1);
    REQUIRE(l.size() == 997);
    CHECK(l.front().seq == 1);
    CHECK(l[498].seq == 499);
    CHECK(l[499].seq == 501);
    CHECK(l.back().seq == 998);
    l.pop_back();
    CHECK(l.back().seq == 997);
    // Cleared, it is empty and is filled again from its start.
    l.clear();
    CHECK(l.empty());
    l.push_back(QueuedEvent{SimTime{5}, 42, 0, 0, 0});
    CHECK(l.size() == 1);
    CHECK(l.front().seq == 42);
}

TEST_CASE("event queue refuses to schedule in the past", "[kernel][queue]") {
    EventQueue q;
    q.push(SimTime{10}, 1, 0, 0, 1);
    q.pop(nullptr);
    CHECK_THROWS_AS(q.push(SimTime{9}, 1, 0, 0, 1), InternalError);
    CHECK_THROWS_WITH(q.push(SimTime{9}, 1, 0, 0, 1), Catch::Contains("event scheduled in the past: 9 < 10"));
}

TEST_CASE("durations and times format as scenario files write them", "[kernel][time]") {
    CHECK(format_duration(Duration::millis(1500)) == "1500ms");
    CHECK(format_duration(Duration::seconds(2)) == "2s");
    CHECK(format_duration(Duration::seconds(120)) == "2m");
    CHECK(format_duration(Duration{7}) == "7us");
    CHECK(format_duration(Duration{0}) == "0us");
    CHECK(format_time(SimTime{1204000}) == "1.204000s");
}
