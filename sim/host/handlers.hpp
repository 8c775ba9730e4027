// One handler's transaction, as the seed runs it (seed-behaviour.md §4.3, §4.4, §5.3, §6, §7):
// begin, the handler's processed check, read and decision, each outgoing event sent and waited
// for (publish before commit; after the commit, or into an outbox, in other designs), the
// database commit with its version checks, then the offset commit (a listener) or the answer
// (a REST request thread, the saga-timeout task). The same pipeline runs listener records, both
// REST calls and the saga timeout; a throw or a failed commit goes to the error handler.
#pragma once

#include <cstdint>

#include "sim/host/handler_context.hpp"
#include "sim/host/world.hpp"

namespace sagasim {

class Handlers {
public:
    explicit Handlers(World& w) : w_(w), ctx_(w) {}
    void reset() { ctx_.reset(); }

    // A REST call arrives (POST /api/orders, POST /api/inventories): a request thread starts, or,
    // if the service is down, the connection is refused. `identity` is the request's, for draws.
    void client_request(JobKind kind, uint64_t identity, SkuId sku, int32_t quantity, Money price);
    // The replica up that takes the REST request with this identity.
    uint8_t rest_replica(Service svc, uint64_t identity);
    // The saga-timeout task of `order` starts now (after step `cause`).
    void start_timeout_task(OrderId order, uint16_t round, uint64_t cause);

    void on_decide(uint32_t job);
    void on_ack(uint32_t job);  // a handler's own send was acknowledged
    void on_commit(uint32_t job);
    // A request thread or task ends with `why` (Failure::None: answered normally).
    void finish(uint32_t job, Failure why);

private:
    // A transaction begins while the service's database is down (a db-outage): it waits for a
    // pooled connection until the database is back, or fails after 30 s. True if it waits or failed.
    bool wait_for_connection(uint32_t job);
    void after_sends(uint32_t job);
    void schedule_commit(uint32_t job);
    void after_commit(uint32_t job);
    void send_next(uint32_t job);

    World& w_;
    HandlerContext ctx_;
};

}  // namespace sagasim
