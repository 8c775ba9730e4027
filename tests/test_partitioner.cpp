// The Kafka default partitioner: murmur2 pinned by the vectors of Kafka's own UtilsTest, and the
// record key taken as the orderNumber's UUID text.
#include <catch2/catch.hpp>

#include "sim/broker/partitioner.hpp"

using namespace sagasim;

TEST_CASE("murmur2 matches the Kafka Java client", "[broker][partitioner]") {
    CHECK(kafka_murmur2("21") == -973932308);
    CHECK(kafka_murmur2("foobar") == -790332482);
    CHECK(kafka_murmur2("a-little-bit-long-string") == -985981536);
    CHECK(kafka_murmur2("a-little-bit-longer-string") == -1486304829);
    CHECK(kafka_murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8") == -58897971);
    CHECK(kafka_murmur2("abc") == 479470107);
}

TEST_CASE("partition is toPositive(murmur2(key)) % partitions", "[broker][partitioner]") {
    CHECK(kafka_partition("foobar", 50) == 16);  // 1357151166 % 50
    CHECK(kafka_partition("foobar", 3) == 1357151166u % 3);
}

TEST_CASE("an order's partition hashes its UUID text", "[broker][partitioner]") {
    const Uuid u{0x3f1d2c4b5a6e4f70ULL, 0x8a9b0c1d2e3f4051ULL};
    REQUIRE(u.str() == "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4051");
    CHECK(partition_for_order(u, 3) == kafka_partition(u.str(), 3));
    CHECK(partition_for_order(u, 7) == kafka_partition(u.str(), 7));
}
