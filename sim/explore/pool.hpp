// The campaign's threads: a Boost.Asio thread pool of `jobs` workers, each running one simulation
// at a time on a Runner of its own. This is the one place in sim/ that starts threads
// (architecture.md: one thread per simulation, parallelism above it). Work is handed out in index
// order and the caller keeps the prefix of the batch that ran whole, so a result reduced in index
// order is the same for any number of jobs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace sagasim {

class WorkerPool {
public:
    explicit WorkerPool(uint32_t jobs);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    uint32_t jobs() const { return jobs_; }

    // Calls task(worker, i) for i = 0, 1, ... below n, each once, on the pool's threads; a
    // worker (0 .. jobs-1) runs one task at a time. Before starting each i, a worker asks
    // `more(i)`; once one says no, no worker starts another. Returns when every started task has
    // ended, with the length of the prefix of indexes that all ran (a task past it may have run
    // too; its result is the caller's to drop).
    size_t run(size_t n, const std::function<void(uint32_t worker, size_t i)>& task,
               const std::function<bool(size_t i)>& more);

private:
    struct Impl;
    uint32_t jobs_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sagasim
