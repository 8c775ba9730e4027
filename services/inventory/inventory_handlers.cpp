// The inventory service's handlers. The failure path models the [inferred] rollback-only
// behaviour of §5.3: InventoryService.reserveInventory is @Transactional and joins the
// listener's transaction, so its exception marks the whole transaction rollback-only although
// the consumer catches it; the InventoryFailedEvent is already sent, and the commit then fails.
#include "services/inventory/inventory_handlers.hpp"

namespace sagasim {
namespace {

Event failed_event(const Event& in, ReasonCode code, int32_t available, Context& ctx) {
    Event e;
    e.type = EventType::InventoryFailedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = in.order_id;
    e.order_number = in.order_number;
    e.sku = in.sku;
    e.quantity = in.quantity;  // requestedQuantity
    e.reason = code;
    e.reason_sku = in.sku;
    e.reason_requested = in.quantity;
    e.reason_available = available;
    e.occurred_at_us = ctx.now_us();
    return e;
}

// The InventoryFailedEvent of a reservation a saga timeout cancelled.
Event timed_out_event(const Event& in, Context& ctx) {
    Event e = failed_event(in, ReasonCode::SagaTimedOut, 0, ctx);
    e.reason_sku = kNoSku;
    e.reason_requested = 0;
    return e;
}

// The InventoryReservedEvent that reports a reservation (skuCode copied untrimmed).
Event reserved_event(const Event& in, SkuId sku, int32_t quantity, Context& ctx) {
    Event e;
    e.type = EventType::InventoryReservedEvent;
    e.event_id = ctx.new_event_id();
    e.order_id = in.order_id;
    e.order_number = in.order_number;
    e.sku = sku;
    e.quantity = quantity;
    e.occurred_at_us = ctx.now_us();
    return e;
}

}  // namespace

HandlerResult inventory_on_order_placed(const InventoryStore& store, const Event& event, Context& ctx,
                                        InventoryWrites& out, const ServiceDesign& design) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    out.processed = event.event_id;
    if (design.fenced_timeouts) {
        if (store.cancelled(event.order_id)) {
            r.note = Note::Fenced;  // the timeout cancelled this reservation: it never happens
            return r;
        }
    }
    const SkuId sku = ctx.skus().trimmed(event.sku);
    const InventoryRow* row = store.stock(sku);
    if (row == nullptr || row->quantity < event.quantity) {
        r.note = row == nullptr ? Note::SkuNotFound : Note::InsufficientStock;
        if (!design.failure_path_commits) {
            r.rollback_only = true;
            r.failure = Failure::RollbackOnly;
        }
        r.add_publish(failed_event(event, row == nullptr ? ReasonCode::InventoryNotFound : ReasonCode::InsufficientInventory,
                                   row == nullptr ? 0 : int32_t(row->quantity), ctx));
        return r;
    }
    // Deduct in memory; the UPDATE with the version check is flushed at commit.
    out.stock_sku = sku;
    out.stock_quantity = row->quantity - event.quantity;
    out.expected_version = row->version;
    out.kind = StockMoveKind::Reserve;
    out.move_order = event.order_id;
    out.move_quantity = event.quantity;
    // save() on an assigned id is a merge: a second reservation for the order overwrites the first.
    out.reservation_op = ReservationOp::Upsert;
    out.reservation_order = event.order_id;
    out.reservation = Reservation{event.sku, event.quantity, ctx.now_us()};
    out.fence_key = design.fenced_timeouts;  // the saga_fence row, RESERVED
    r.note = Note::Reserved;
    r.add_publish(reserved_event(event, event.sku, event.quantity, ctx));
    return r;
}

HandlerResult inventory_on_release(const InventoryStore& store, const Event& event, Context& ctx,
                                   InventoryWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    out.processed = event.event_id;
    const Reservation* res = store.reservation(event.order_id);
    if (res == nullptr) {
        r.note = Note::NoReservation;  // "skipping compensation": marked processed, no retry
        return r;
    }
    const SkuId sku = ctx.skus().trimmed(res->sku);
    const InventoryRow* row = store.stock(sku);
    if (row == nullptr) {
        r.outcome = Outcome::Throw;
        r.failure = Failure::InventoryNotFound;
        return r;
    }
    out.stock_sku = sku;
    out.stock_quantity = row->quantity + res->quantity;
    out.expected_version = row->version;
    out.kind = StockMoveKind::Release;
    out.move_order = event.order_id;
    out.move_quantity = res->quantity;
    out.reservation_op = ReservationOp::Delete;
    out.reservation_order = event.order_id;
    r.note = Note::Released;
    return r;
}

HandlerResult inventory_on_cancel(const InventoryStore& store, const Event& event, Context& ctx,
                                  InventoryWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    out.processed = event.event_id;
    if (cancel_owner(event) != Service::Inventory) {
        r.note = Note::NotAwaited;
        return r;
    }
    // An earlier request fenced it already, or it is too late to cancel: the outcome is sent
    // again either way (the order may wait because the first one was lost).
    if (store.cancelled(event.order_id)) {
        r.note = Note::Fenced;
        r.add_publish(timed_out_event(event, ctx));
        return r;
    }
    if (store.reserved(event.order_id)) {
        // The reservation row may be gone since (released, or finalized when the order shipped):
        // the order's own SKU and quantity are what was reserved.
        const Reservation* res = store.reservation(event.order_id);
        r.note = Note::CancelTooLate;
        r.add_publish(reserved_event(event, res ? res->sku : event.sku, res ? res->quantity : event.quantity, ctx));
        return r;
    }
    out.fence_order = event.order_id;
    r.note = Note::Cancelled;
    r.add_publish(timed_out_event(event, ctx));
    return r;
}

HandlerResult inventory_on_shipped(const InventoryStore& store, const Event& event, Context& /*ctx*/,
                                   InventoryWrites& out) {
    HandlerResult r;
    if (store.processed(event.event_id)) {
        r.outcome = Outcome::Duplicate;
        return r;
    }
    out.processed = event.event_id;
    const Reservation* res = store.reservation(event.order_id);
    if (res == nullptr) {
        r.note = Note::NoReservation;
        return r;
    }
    out.finalize = true;
    out.move_order = event.order_id;
    out.move_quantity = res->quantity;
    out.finalize_sku = res->sku;
    out.reservation_op = ReservationOp::Delete;
    out.reservation_order = event.order_id;
    r.note = Note::Finalized;
    return r;
}

HandlerResult inventory_restock(const InventoryStore& store, SkuId sku, int32_t quantity, Context& ctx,
                                InventoryWrites& out) {
    HandlerResult r;
    r.note = Note::Restocked;
    const SkuId trimmed = ctx.skus().trimmed(sku);
    const InventoryRow* row = store.stock(trimmed);
    out.stock_sku = trimmed;
    out.kind = StockMoveKind::Restock;
    out.move_quantity = quantity;
    if (row == nullptr) {
        out.stock_insert = true;
        out.stock_quantity = quantity;
    } else {
        out.stock_quantity = row->quantity + quantity;
        out.expected_version = row->version;
    }
    return r;
}

HandlerResult inventory_reserve_direct(const InventoryStore& store, SkuId sku, int32_t quantity, Context& ctx,
                                       InventoryWrites& out) {
    HandlerResult r;
    const SkuId trimmed = ctx.skus().trimmed(sku);
    const InventoryRow* row = store.stock(trimmed);
    if (row == nullptr || row->quantity < quantity) {
        r.outcome = Outcome::Throw;
        r.failure = row == nullptr ? Failure::InventoryNotFound : Failure::InsufficientInventory;
        r.note = row == nullptr ? Note::SkuNotFound : Note::InsufficientStock;
        return r;
    }
    r.note = Note::DirectReserved;
    out.stock_sku = trimmed;
    out.stock_quantity = row->quantity - quantity;
    out.expected_version = row->version;
    out.kind = StockMoveKind::DirectReserve;
    out.move_quantity = quantity;
    return r;
}

}  // namespace sagasim
