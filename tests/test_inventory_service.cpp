// The inventory service against the seed's own tests (seed-behaviour.md §9: InventoryServiceTest
// and InventorySagaIntegrationTest 1-5) and the behaviours of §5.3-§5.4: trimming, the
// rollback-only failure path, release by reservation row, and the version check.
#include <catch2/catch.hpp>

#include "services/inventory/inventory_service.hpp"
#include "tests/test_context.hpp"

using namespace sagasim;
using sagasim::testing::RecordingObserver;
using sagasim::testing::TestContext;

namespace {

Event placed(OrderId order, SkuId sku, int32_t qty, EventId id) {
    Event e;
    e.type = EventType::OrderPlacedEvent;
    e.event_id = id;
    e.order_id = order;
    e.sku = sku;
    e.quantity = qty;
    e.price = Money{1550};
    return e;
}

Event release_event(EventType type, OrderId order, EventId id) {
    Event e;
    e.type = type;
    e.event_id = id;
    e.order_id = order;
    return e;
}

struct Fixture {
    InventoryService svc;
    TestContext ctx;
    RecordingObserver obs;
    void stock(const char* sku, int64_t q) {
        svc.mutable_store().load_initial(ctx.sku_table.trimmed(ctx.sku_table.intern(sku)), q, obs);
    }
    int64_t quantity(const char* sku) { return svc.store().stock(ctx.sku_table.find(sku))->quantity; }
    HandlerResult run(Topic topic, const Event& e, Failure expect_commit = Failure::None) {
        TxnId t = svc.begin();
        HandlerResult r = svc.handle(t, topic, e, ctx);
        if (r.outcome == Outcome::Throw) {
            svc.abort(t);
        } else {
            CHECK(svc.commit(t, obs) == expect_commit);
        }
        return r;
    }
};

}  // namespace

TEST_CASE("saga test 1: stock 12, OrderPlaced qty 4 reserves and publishes InventoryReserved", "[inventory]") {
    Fixture f;
    f.stock("SKU-KT-100", 12);
    const SkuId sku = f.ctx.sku_table.find("SKU-KT-100");
    HandlerResult r = f.run(Topic::OrderPlaced, placed(101, sku, 4, 1));
    CHECK(r.note == Note::Reserved);
    REQUIRE(r.publish_count == 1);
    CHECK(r.publish[0].type == EventType::InventoryReservedEvent);
    CHECK(r.publish[0].order_id == 101);
    CHECK(r.publish[0].quantity == 4);
    CHECK(r.publish[0].sku == sku);
    CHECK(f.quantity("SKU-KT-100") == 8);
    REQUIRE(f.svc.store().reservation(101) != nullptr);
    CHECK(f.svc.store().reservation(101)->quantity == 4);
}

TEST_CASE("saga test 2: insufficient stock publishes InventoryFailed, then the commit rolls back", "[inventory]") {
    Fixture f;
    f.stock("SKU-KT-200", 2);
    const SkuId sku = f.ctx.sku_table.find("SKU-KT-200");
    HandlerResult r = f.run(Topic::OrderPlaced, placed(201, sku, 5, 1), Failure::RollbackOnly);
    CHECK(r.note == Note::InsufficientStock);
    CHECK(r.rollback_only);
    REQUIRE(r.publish_count == 1);
    CHECK(r.publish[0].type == EventType::InventoryFailedEvent);
    CHECK(r.publish[0].quantity == 5);
    CHECK(reason_text(r.publish[0], f.ctx.sku_table, {}) ==
          "Insufficient inventory for skuCode 'SKU-KT-200'. Requested=5, available=2");
    CHECK(f.quantity("SKU-KT-200") == 2);
    CHECK(f.svc.store().reservation(201) == nullptr);
    // The processed row was rolled back with the rest: the redelivery runs the handler again
    // and publishes another InventoryFailedEvent with a new eventId (§5.3 (b)).
    HandlerResult again = f.run(Topic::OrderPlaced, placed(201, sku, 5, 1), Failure::RollbackOnly);
    REQUIRE(again.publish_count == 1);
    CHECK(again.publish[0].event_id != r.publish[0].event_id);
}

TEST_CASE("InventoryServiceTest: the insufficient-stock message, word for word", "[inventory]") {
    Fixture f;
    f.stock("SKU-300", 2);
    HandlerResult r = f.run(Topic::OrderPlaced, placed(1, f.ctx.sku_table.find("SKU-300"), 5, 1), Failure::RollbackOnly);
    CHECK(reason_text(r.publish[0], f.ctx.sku_table, {}) ==
          "Insufficient inventory for skuCode 'SKU-300'. Requested=5, available=2");
}

TEST_CASE("an unknown SKU fails like insufficient stock, with the not-found reason", "[inventory]") {
    Fixture f;
    const SkuId sku = f.ctx.sku_table.intern("NOPE");
    HandlerResult r = f.run(Topic::OrderPlaced, placed(3, sku, 1, 1), Failure::RollbackOnly);
    CHECK(r.note == Note::SkuNotFound);
    CHECK(reason_text(r.publish[0], f.ctx.sku_table, {}) == "Inventory for skuCode 'NOPE' was not found");
}

TEST_CASE("stock equal to the request is allowed and leaves 0", "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 3);
    f.run(Topic::OrderPlaced, placed(1, f.ctx.sku_table.find("SKU-1"), 3, 1));
    CHECK(f.quantity("SKU-1") == 0);
}

TEST_CASE("saga tests 3-5: each compensation releases by the reservation row", "[inventory]") {
    struct Case {
        const char* sku;
        int64_t stock;
        OrderId order;
        EventType type;
        Topic topic;
    };
    for (const Case& c : {Case{"SKU-KT-300", 6, 303, EventType::OrderFailedEvent, Topic::OrderFailed},
                          Case{"SKU-KT-400", 5, 404, EventType::PaymentFailedEvent, Topic::PaymentFailed},
                          Case{"SKU-KT-500", 7, 505, EventType::OrderShipmentFailedEvent, Topic::OrderShipmentFailed}}) {
        CAPTURE(c.sku);
        Fixture f;
        f.stock(c.sku, c.stock + 3 + (c.order == 303 ? 1 : 0));
        const SkuId sku = f.ctx.sku_table.find(c.sku);
        // Hand-seed the reservation the way the test does: a reservation committed by OrderPlaced.
        const int32_t held = c.order == 303 ? 4 : 3;
        f.run(Topic::OrderPlaced, placed(c.order, sku, held, 1));
        REQUIRE(f.quantity(c.sku) == c.stock);
        HandlerResult r = f.run(c.topic, release_event(c.type, c.order, 2));
        CHECK(r.note == Note::Released);
        CHECK(r.publish_count == 0);
        CHECK(f.quantity(c.sku) == c.stock + held);
        CHECK(f.svc.store().reservation(c.order) == nullptr);
        // A second, different event for the same order finds no row: at most one release.
        HandlerResult second = f.run(Topic::OrderShipmentFailed, release_event(EventType::OrderShipmentFailedEvent, c.order, 3));
        CHECK(second.note == Note::NoReservation);
        CHECK(f.quantity(c.sku) == c.stock + held);
    }
}

TEST_CASE("a release without a reservation row is a no-op marked processed", "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 5);
    HandlerResult r = f.run(Topic::PaymentFailed, release_event(EventType::PaymentFailedEvent, 77, 9));
    CHECK(r.outcome == Outcome::Proceed);
    CHECK(r.note == Note::NoReservation);
    CHECK(f.svc.store().processed(9));
}

TEST_CASE("SKUs are trimmed for lookup, the reservation keeps the event's text", "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 5);
    const SkuId padded = f.ctx.sku_table.intern("  SKU-1 ");
    HandlerResult r = f.run(Topic::OrderPlaced, placed(1, padded, 2, 1));
    CHECK(r.note == Note::Reserved);
    CHECK(r.publish[0].sku == padded);
    CHECK(f.svc.store().reservation(1)->sku == padded);
    CHECK(f.quantity("SKU-1") == 3);
    f.run(Topic::OrderFailed, release_event(EventType::OrderFailedEvent, 1, 2));
    CHECK(f.quantity("SKU-1") == 5);
}

TEST_CASE("a second reservation for one order overwrites the row (merge), holding twice", "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 10);
    const SkuId sku = f.ctx.sku_table.find("SKU-1");
    f.run(Topic::OrderPlaced, placed(1, sku, 2, 1));
    f.run(Topic::OrderPlaced, placed(1, sku, 2, 2));  // a republished OrderPlaced (new eventId)
    CHECK(f.quantity("SKU-1") == 6);
    CHECK(f.svc.store().reservation(1)->quantity == 2);
}

TEST_CASE("concurrent reservations of one SKU: the second fails the version check", "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 10);
    const SkuId sku = f.ctx.sku_table.find("SKU-1");
    TxnId a = f.svc.begin(), b = f.svc.begin();
    f.svc.handle(a, Topic::OrderPlaced, placed(1, sku, 3, 1), f.ctx);
    f.svc.handle(b, Topic::OrderPlaced, placed(2, sku, 2, 2), f.ctx);
    CHECK(f.svc.commit(a, f.obs) == Failure::None);
    CHECK(f.svc.commit(b, f.obs) == Failure::VersionConflict);
    CHECK(f.quantity("SKU-1") == 7);
}

TEST_CASE("restock adds to an existing SKU and creates a new one", "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 4);
    const SkuId sku = f.ctx.sku_table.find("SKU-1");
    TxnId t = f.svc.begin();
    f.svc.restock(t, sku, 6, f.ctx);
    REQUIRE(f.svc.commit(t, f.obs) == Failure::None);
    CHECK(f.quantity("SKU-1") == 10);
    const SkuId fresh = f.ctx.sku_table.intern("SKU-NEW");
    t = f.svc.begin();
    f.svc.restock(t, fresh, 3, f.ctx);
    REQUIRE(f.svc.commit(t, f.obs) == Failure::None);
    CHECK(f.quantity("SKU-NEW") == 3);
    REQUIRE(f.obs.moves.size() == 3);
    CHECK(f.obs.moves[1].kind == StockMoveKind::Restock);
    CHECK(f.obs.moves[1].before == 4);
    CHECK(f.obs.moves[1].after == 10);
    CHECK(f.obs.moves[1].ledger == 6);
}

TEST_CASE("POST /api/inventories/reservations deducts with no reservation row, 404 and 409 throw", "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 5);
    const SkuId padded = f.ctx.sku_table.intern(" SKU-1 ");
    TxnId t = f.svc.begin();
    HandlerResult r = f.svc.reserve_direct(t, padded, 3, f.ctx);  // the SKU is trimmed
    CHECK(r.outcome == Outcome::Proceed);
    CHECK(r.publish_count == 0);
    REQUIRE(f.svc.commit(t, f.obs) == Failure::None);
    CHECK(f.quantity("SKU-1") == 2);
    CHECK(f.svc.store().reservation(0) == nullptr);
    REQUIRE(f.obs.moves.size() == 2);
    CHECK(f.obs.moves[1].kind == StockMoveKind::DirectReserve);
    CHECK(f.obs.moves[1].before == 5);
    CHECK(f.obs.moves[1].after == 2);
    CHECK(f.obs.moves[1].ledger == 3);

    t = f.svc.begin();
    r = f.svc.reserve_direct(t, f.ctx.sku_table.find("SKU-1"), 3, f.ctx);  // Requested=3, available=2
    CHECK(r.outcome == Outcome::Throw);
    CHECK(r.failure == Failure::InsufficientInventory);
    f.svc.abort(t);
    t = f.svc.begin();
    r = f.svc.reserve_direct(t, f.ctx.sku_table.intern("SKU-NONE"), 1, f.ctx);
    CHECK(r.outcome == Outcome::Throw);
    CHECK(r.failure == Failure::InventoryNotFound);
    f.svc.abort(t);
    CHECK(f.quantity("SKU-1") == 2);
    CHECK(f.obs.moves.size() == 2);
}

TEST_CASE("a direct reservation and a saga reservation of one SKU: the later commit fails the version check",
          "[inventory]") {
    Fixture f;
    f.stock("SKU-1", 10);
    const SkuId sku = f.ctx.sku_table.find("SKU-1");
    TxnId rest = f.svc.begin(), saga = f.svc.begin();
    f.svc.reserve_direct(rest, sku, 4, f.ctx);
    f.svc.handle(saga, Topic::OrderPlaced, placed(1, sku, 3, 1), f.ctx);
    CHECK(f.svc.commit(rest, f.obs) == Failure::None);
    CHECK(f.svc.commit(saga, f.obs) == Failure::VersionConflict);
    CHECK(f.quantity("SKU-1") == 6);
}
