// The payment and shipment services against the seed's tests (PaymentSagaIntegrationTest,
// PaymentSagaFailureIntegrationTest) and §6-§7: amount = price x quantity, the outcome drawn on
// every attempt, the order_id UNIQUE guard, and the order of draw and INSERT.
#include <catch2/catch.hpp>

#include "services/payment/payment_service.hpp"
#include "services/shipment/shipment_service.hpp"
#include "tests/test_context.hpp"

using namespace sagasim;
using sagasim::testing::RecordingObserver;
using sagasim::testing::TestContext;

namespace {

Event confirmed(OrderId order, Money price, int32_t qty, EventId id) {
    Event e;
    e.type = EventType::OrderConfirmedEvent;
    e.event_id = id;
    e.order_id = order;
    e.price = price;
    e.quantity = qty;
    return e;
}

}  // namespace

TEST_CASE("payment: 25.00 x 2 succeeds with amount 50.00", "[payment]") {
    PaymentService svc;
    TestContext ctx;
    RecordingObserver obs;
    TxnId t = svc.begin();
    HandlerResult r = svc.handle(t, Topic::OrderConfirmed, confirmed(501, Money{2500}, 2, 1), ctx);
    REQUIRE(r.publish_count == 1);
    CHECK(r.publish[0].type == EventType::PaymentSucceededEvent);
    CHECK(r.publish[0].amount == Money{5000});
    CHECK(r.publish[0].amount.str() == "50.00");
    CHECK(r.publish[0].order_id == 501);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    CHECK(svc.store().find(501)->status == PaymentStatus::SUCCEEDED);
    CHECK(svc.store().count(PaymentStatus::SUCCEEDED) == 1);
}

TEST_CASE("payment: the same OrderConfirmed twice gives one payment row", "[payment]") {
    PaymentService svc;
    TestContext ctx;
    RecordingObserver obs;
    const Event e = confirmed(601, Money{1000}, 1, 1);
    TxnId t = svc.begin();
    svc.handle(t, Topic::OrderConfirmed, e, ctx);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    t = svc.begin();
    CHECK(svc.handle(t, Topic::OrderConfirmed, e, ctx).outcome == Outcome::Duplicate);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    CHECK(obs.payments.size() == 1);
    CHECK(ctx.payment_draws == 1);
}

TEST_CASE("payment: success-rate 0 fails with the seed's reason", "[payment]") {
    PaymentService svc;
    TestContext ctx;
    RecordingObserver obs;
    ctx.payments = {false};
    TxnId t = svc.begin();
    HandlerResult r = svc.handle(t, Topic::OrderConfirmed, confirmed(701, Money{3000}, 3, 1), ctx);
    REQUIRE(r.publish_count == 1);
    CHECK(r.publish[0].type == EventType::PaymentFailedEvent);
    CHECK(r.publish[0].amount == Money{9000});
    CHECK(reason_text(r.publish[0], ctx.sku_table, {}) == "Payment declined by payment provider");
    REQUIRE(svc.commit(t, obs) == Failure::None);
    CHECK(svc.store().find(701)->status == PaymentStatus::FAILED);
}

TEST_CASE("payment: a second OrderConfirmed with a new eventId draws, then hits the UNIQUE key", "[payment]") {
    PaymentService svc;
    TestContext ctx;
    RecordingObserver obs;
    TxnId t = svc.begin();
    svc.handle(t, Topic::OrderConfirmed, confirmed(1, Money{100}, 1, 1), ctx);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    t = svc.begin();
    HandlerResult r = svc.handle(t, Topic::OrderConfirmed, confirmed(1, Money{100}, 1, 2), ctx);
    CHECK(r.outcome == Outcome::Throw);
    CHECK(r.failure == Failure::PaymentExists);
    CHECK(r.publish_count == 0);
    CHECK(ctx.payment_draws == 2);  // Math.random() runs before the INSERT
    svc.abort(t);
}

TEST_CASE("payment: a rolled-back attempt leaves nothing, so the redelivery draws again", "[payment]") {
    PaymentService svc;
    TestContext ctx;
    ctx.payments = {true, false};
    const Event e = confirmed(1, Money{100}, 1, 1);
    TxnId t = svc.begin();
    CHECK(svc.handle(t, Topic::OrderConfirmed, e, ctx).publish[0].type == EventType::PaymentSucceededEvent);
    svc.abort(t);
    t = svc.begin();
    CHECK(svc.handle(t, Topic::OrderConfirmed, e, ctx).publish[0].type == EventType::PaymentFailedEvent);
}

TEST_CASE("shipment: success ships, failure rejects with the seed's reason", "[shipment]") {
    ShipmentService svc;
    TestContext ctx;
    RecordingObserver obs;
    ctx.shipments = {true, false};
    Event e;
    e.type = EventType::OrderPaidEvent;
    e.event_id = 1;
    e.order_id = 1;
    TxnId t = svc.begin();
    HandlerResult r = svc.handle(t, Topic::OrderPaid, e, ctx);
    CHECK(r.publish[0].type == EventType::ShipmentShippedEvent);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    e.order_id = 2;
    e.event_id = 2;
    t = svc.begin();
    r = svc.handle(t, Topic::OrderPaid, e, ctx);
    CHECK(r.publish[0].type == EventType::ShipmentFailedEvent);
    CHECK(reason_text(r.publish[0], ctx.sku_table, {}) == "Shipment carrier rejected the order");
    REQUIRE(svc.commit(t, obs) == Failure::None);
    CHECK(svc.store().count(ShipmentStatus::SHIPPED) == 1);
    CHECK(svc.store().count(ShipmentStatus::FAILED) == 1);
}

TEST_CASE("shipment: a duplicate order fails at the INSERT, before the carrier draw", "[shipment]") {
    ShipmentService svc;
    TestContext ctx;
    RecordingObserver obs;
    Event e;
    e.type = EventType::OrderPaidEvent;
    e.event_id = 1;
    e.order_id = 1;
    TxnId t = svc.begin();
    svc.handle(t, Topic::OrderPaid, e, ctx);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    e.event_id = 2;
    t = svc.begin();
    HandlerResult r = svc.handle(t, Topic::OrderPaid, e, ctx);
    CHECK(r.outcome == Outcome::Throw);
    CHECK(r.failure == Failure::ShipmentExists);
    CHECK(ctx.shipment_draws == 1);
}
