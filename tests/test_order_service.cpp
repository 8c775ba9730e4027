// The order service against the seed's own transition table (seed-behaviour.md §4.5), cell by
// cell, plus createOrder (§4.3), duplicates, unknown orders and the version check at commit.
#include <catch2/catch.hpp>

#include "services/order/order_service.hpp"
#include "tests/test_context.hpp"

using namespace sagasim;
using sagasim::testing::RecordingObserver;
using sagasim::testing::TestContext;

namespace {

// Creates order 1 and moves it to `status` along the seed's own path.
OrderId make_order(OrderService& svc, TestContext& ctx, RecordingObserver& obs, OrderStatus status) {
    const SkuId sku = ctx.sku_table.intern("SKU-100");
    TxnId t = svc.begin();
    HandlerResult r = svc.create_order(t, sku, 2, Money{1999}, ctx);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    const OrderId id = r.publish[0].order_id;
    auto drive = [&](Topic topic) {
        Event e;
        e.type = event_type_of(topic);
        e.event_id = ctx.new_event_id();
        e.order_id = id;
        TxnId tx = svc.begin();
        svc.handle(tx, topic, e, ctx);
        REQUIRE(svc.commit(tx, obs) == Failure::None);
    };
    using S = OrderStatus;
    switch (status) {
        case S::PENDING:
        case S::TIMED_OUT: break;
        case S::CONFIRMED: drive(Topic::InventoryReserved); break;
        case S::FAILED: drive(Topic::InventoryFailed); break;
        case S::PAID: drive(Topic::InventoryReserved); drive(Topic::PaymentSucceeded); break;
        case S::PAYMENT_FAILED: drive(Topic::InventoryReserved); drive(Topic::PaymentFailed); break;
        case S::SHIPPED:
            drive(Topic::InventoryReserved);
            drive(Topic::PaymentSucceeded);
            drive(Topic::ShipmentShipped);
            break;
        case S::SHIPMENT_FAILED:
            drive(Topic::InventoryReserved);
            drive(Topic::PaymentSucceeded);
            drive(Topic::ShipmentFailed);
            break;
    }
    REQUIRE(svc.store().find(id)->status == status);
    return id;
}

struct Cell {
    OrderStatus current;
    Topic incoming;
    Note note;
    OrderStatus after;
    int published;  // -1: nothing; else the EventType published
};

}  // namespace

TEST_CASE("createOrder inserts a PENDING order and publishes OrderPlacedEvent before commit", "[order]") {
    // OrderServiceTest.shouldCreatePendingOrder: SKU-100, 19.99, qty 2.
    OrderService svc;
    TestContext ctx;
    RecordingObserver obs;
    const SkuId sku = ctx.sku_table.intern("SKU-100");
    TxnId t = svc.begin();
    HandlerResult r = svc.create_order(t, sku, 2, Money{1999}, ctx);
    CHECK(r.outcome == Outcome::Proceed);
    REQUIRE(r.publish_count == 1);
    const Event& e = r.publish[0];
    CHECK(e.type == EventType::OrderPlacedEvent);
    CHECK(e.order_id == 1);
    CHECK(e.sku == sku);
    CHECK(e.price == Money{1999});
    CHECK(e.quantity == 2);
    CHECK(svc.store().find(1) == nullptr);  // not visible before the commit
    REQUIRE(svc.commit(t, obs) == Failure::None);
    const OrderRow* row = svc.store().find(1);
    REQUIRE(row != nullptr);
    CHECK(row->status == OrderStatus::PENDING);
    CHECK(row->order_number == e.order_number);
}

TEST_CASE("the order state machine follows the seed's table cell by cell", "[order]") {
    using S = OrderStatus;
    using T = Topic;
    using N = Note;
    constexpr int kNone = -1;
    const int confirmed = int(EventType::OrderConfirmedEvent), failed = int(EventType::OrderFailedEvent),
              paid = int(EventType::OrderPaidEvent), ship_failed = int(EventType::OrderShipmentFailedEvent);
    const std::vector<Cell> table = {
        {S::PENDING, T::InventoryReserved, N::Transition, S::CONFIRMED, confirmed},
        {S::PENDING, T::InventoryFailed, N::Transition, S::FAILED, failed},
        {S::PENDING, T::PaymentSucceeded, N::StateIgnore, S::PENDING, kNone},
        {S::PENDING, T::PaymentFailed, N::StateIgnore, S::PENDING, kNone},
        {S::PENDING, T::ShipmentShipped, N::StateIgnore, S::PENDING, kNone},
        {S::PENDING, T::ShipmentFailed, N::StateIgnore, S::PENDING, kNone},
        {S::CONFIRMED, T::InventoryReserved, N::DupIgnore, S::CONFIRMED, kNone},
        {S::CONFIRMED, T::InventoryFailed, N::StateIgnore, S::CONFIRMED, kNone},
        {S::CONFIRMED, T::PaymentSucceeded, N::Transition, S::PAID, paid},
        {S::CONFIRMED, T::PaymentFailed, N::Transition, S::PAYMENT_FAILED, kNone},
        {S::CONFIRMED, T::ShipmentShipped, N::StateIgnore, S::CONFIRMED, kNone},
        {S::CONFIRMED, T::ShipmentFailed, N::StateIgnore, S::CONFIRMED, kNone},
        {S::FAILED, T::InventoryReserved, N::StateIgnore, S::FAILED, kNone},
        {S::FAILED, T::InventoryFailed, N::DupIgnore, S::FAILED, kNone},
        {S::FAILED, T::PaymentSucceeded, N::StateIgnore, S::FAILED, kNone},
        {S::FAILED, T::ShipmentFailed, N::StateIgnore, S::FAILED, kNone},
        {S::PAID, T::InventoryReserved, N::StateIgnore, S::PAID, kNone},
        {S::PAID, T::PaymentSucceeded, N::DupIgnore, S::PAID, kNone},
        {S::PAID, T::PaymentFailed, N::StateIgnore, S::PAID, kNone},
        {S::PAID, T::ShipmentShipped, N::Transition, S::SHIPPED, kNone},
        {S::PAID, T::ShipmentFailed, N::Transition, S::SHIPMENT_FAILED, ship_failed},
        {S::PAYMENT_FAILED, T::PaymentFailed, N::DupIgnore, S::PAYMENT_FAILED, kNone},
        {S::PAYMENT_FAILED, T::PaymentSucceeded, N::StateIgnore, S::PAYMENT_FAILED, kNone},
        {S::PAYMENT_FAILED, T::InventoryReserved, N::StateIgnore, S::PAYMENT_FAILED, kNone},
        {S::SHIPPED, T::ShipmentShipped, N::DupIgnore, S::SHIPPED, kNone},
        {S::SHIPPED, T::ShipmentFailed, N::StateIgnore, S::SHIPPED, kNone},
        {S::SHIPPED, T::PaymentFailed, N::StateIgnore, S::SHIPPED, kNone},
        {S::SHIPMENT_FAILED, T::ShipmentFailed, N::DupIgnore, S::SHIPMENT_FAILED, kNone},
        {S::SHIPMENT_FAILED, T::ShipmentShipped, N::StateIgnore, S::SHIPMENT_FAILED, kNone},
        {S::SHIPMENT_FAILED, T::InventoryFailed, N::StateIgnore, S::SHIPMENT_FAILED, kNone},
    };
    for (const Cell& c : table) {
        CAPTURE(order_status_name(c.current), topic_name(c.incoming));
        OrderService svc;
        TestContext ctx;
        RecordingObserver obs;
        const OrderId id = make_order(svc, ctx, obs, c.current);
        Event in;
        in.type = event_type_of(c.incoming);
        in.event_id = 9999;
        in.order_id = id;
        in.reason = ReasonCode::CarrierRejected;
        TxnId t = svc.begin();
        HandlerResult r = svc.handle(t, c.incoming, in, ctx);
        CHECK(r.outcome == Outcome::Proceed);
        CHECK(r.note == c.note);
        if (c.published == kNone) {
            CHECK(r.publish_count == 0);
        } else {
            REQUIRE(r.publish_count == 1);
            CHECK(int(r.publish[0].type) == c.published);
            CHECK(r.publish[0].order_id == id);
            CHECK(r.publish[0].order_number == svc.store().find(id)->order_number);
        }
        REQUIRE(svc.commit(t, obs) == Failure::None);
        CHECK(svc.store().find(id)->status == c.after);
        // In every case, ignores included, the eventId is recorded as processed: a redelivery is
        // a duplicate and is skipped before the order is looked up.
        TxnId t2 = svc.begin();
        CHECK(svc.handle(t2, c.incoming, in, ctx).outcome == Outcome::Duplicate);
        svc.abort(t2);
    }
}

TEST_CASE("an event for an unknown orderId throws OrderNotFound", "[order]") {
    OrderService svc;
    TestContext ctx;
    Event in;
    in.type = EventType::PaymentSucceededEvent;
    in.event_id = 5;
    in.order_id = 99;
    TxnId t = svc.begin();
    HandlerResult r = svc.handle(t, Topic::PaymentSucceeded, in, ctx);
    CHECK(r.outcome == Outcome::Throw);
    CHECK(r.failure == Failure::OrderNotFound);
    CHECK(r.publish_count == 0);
    svc.abort(t);
}

TEST_CASE("OrderFailedEvent carries the order quantity and passes the reason through", "[order]") {
    // OrderSagaIntegrationTest.shouldFailOrderAndPublishCompensationEventWhenInventoryFails.
    OrderService svc;
    TestContext ctx;
    RecordingObserver obs;
    const SkuId sku = ctx.sku_table.intern("SKU-100");
    TxnId t = svc.begin();
    svc.create_order(t, sku, 5, Money{1000}, ctx);
    REQUIRE(svc.commit(t, obs) == Failure::None);
    Event in;
    in.type = EventType::InventoryFailedEvent;
    in.event_id = 7;
    in.order_id = 1;
    in.reason = ReasonCode::Injected;
    in.reason_text_id = 3;
    TxnId t2 = svc.begin();
    HandlerResult r = svc.handle(t2, Topic::InventoryFailed, in, ctx);
    REQUIRE(r.publish_count == 1);
    CHECK(r.publish[0].type == EventType::OrderFailedEvent);
    CHECK(r.publish[0].quantity == 5);
    CHECK(r.publish[0].sku == sku);
    CHECK(r.publish[0].reason == ReasonCode::Injected);
    CHECK(r.publish[0].reason_text_id == 3);
}

TEST_CASE("two concurrent transitions of one order: the second fails the version check", "[order]") {
    OrderService svc;
    TestContext ctx;
    RecordingObserver obs;
    const OrderId id = make_order(svc, ctx, obs, OrderStatus::CONFIRMED);
    Event a;
    a.type = EventType::PaymentSucceededEvent;
    a.event_id = 500;
    a.order_id = id;
    Event b = a;
    b.type = EventType::PaymentFailedEvent;
    b.event_id = 501;
    TxnId ta = svc.begin();
    TxnId tb = svc.begin();
    CHECK(svc.handle(ta, Topic::PaymentSucceeded, a, ctx).note == Note::Transition);
    CHECK(svc.handle(tb, Topic::PaymentFailed, b, ctx).note == Note::Transition);
    CHECK(svc.commit(ta, obs) == Failure::None);
    CHECK(svc.commit(tb, obs) == Failure::VersionConflict);
    CHECK(svc.store().find(id)->status == OrderStatus::PAID);
    // The rolled-back event was not recorded as processed: a retry runs the handler again.
    TxnId tc = svc.begin();
    HandlerResult again = svc.handle(tc, Topic::PaymentFailed, b, ctx);
    CHECK(again.outcome == Outcome::Proceed);
    CHECK(again.note == Note::StateIgnore);
}
