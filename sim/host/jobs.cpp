// The job table: allocation of request threads, epochs, and the count of busy jobs.
#include "sim/host/jobs.hpp"

#include "sim/kernel/assert.hpp"

namespace sagasim {

void JobTable::reset(const Broker& broker, const std::vector<uint16_t>& listener_lanes,
                     const std::array<std::vector<uint16_t>, kServiceCount>& relay_lanes) {
    listeners_ = uint32_t(broker.listener_count());
    uint32_t relays = 0;
    for (Service s : kAllServices) {
        relay_base_[size_t(s)] = listeners_ + relays;
        relays += uint32_t(relay_lanes[size_t(s)].size());
    }
    jobs_.assign(listeners_ + relays, Job{});
    for (uint32_t l = 0; l < listeners_; ++l) {
        jobs_[l].kind = JobKind::Listener;
        jobs_[l].service = broker.cursor(l).service;
        jobs_[l].replica = broker.cursor(l).replica;
        jobs_[l].lane = listener_lanes[l];
    }
    for (Service s : kAllServices)
        for (uint8_t r = 0; r < relay_lanes[size_t(s)].size(); ++r) {
            Job& j = jobs_[relay(s, r)];
            j.kind = JobKind::Relay;
            j.service = s;
            j.replica = r;
            j.lane = relay_lanes[size_t(s)][r];
        }
    free_.clear();
    active_ = 0;
}

uint32_t JobTable::start(JobKind kind, Service s, uint16_t lane) {
    uint32_t id;
    if (!free_.empty()) {
        id = free_.back();
        free_.pop_back();
    } else {
        id = uint32_t(jobs_.size());
        jobs_.emplace_back();
    }
    Job& j = jobs_[id];
    const uint64_t epoch = j.epoch;
    j = Job{};
    j.epoch = epoch;
    j.kind = kind;
    j.service = s;
    j.lane = lane;
    j.busy = true;
    ++active_;
    return id;
}

void JobTable::end(uint32_t id) {
    Job& j = jobs_[id];
    SIM_ASSERT(j.busy && j.kind != JobKind::Listener && j.kind != JobKind::Relay, "end of job {}", id);
    j.busy = false;
    j.epoch += 1;
    free_.push_back(id);
    --active_;
}

void JobTable::idle(uint32_t id) {
    Job& j = jobs_[id];
    SIM_ASSERT(j.busy, "idle job {} was not busy", id);
    j.busy = false;
    j.epoch += 1;
    --active_;
}

void JobTable::busy(uint32_t id) {
    Job& j = jobs_[id];
    SIM_ASSERT(!j.busy, "job {} is busy already", id);
    j.busy = true;
    ++active_;
}

}  // namespace sagasim
