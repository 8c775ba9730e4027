// WorkerPool on boost::asio::thread_pool (pool.hpp). A batch is `jobs` posted loops that take
// indexes from one counter; a latch tells the caller when all have ended.
#include "sim/explore/pool.hpp"

#include <atomic>
#include <exception>
#include <latch>
#include <mutex>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

namespace sagasim {

struct WorkerPool::Impl {
    explicit Impl(uint32_t jobs) : pool(jobs) {}
    boost::asio::thread_pool pool;
};

WorkerPool::WorkerPool(uint32_t jobs) : jobs_(jobs), impl_(std::make_unique<Impl>(jobs)) {}

WorkerPool::~WorkerPool() { impl_->pool.join(); }

size_t WorkerPool::run(size_t n, const std::function<void(uint32_t, size_t)>& task,
                       const std::function<bool(size_t)>& more) {
    std::atomic<size_t> next{0};
    std::atomic<bool> stopped{false};
    std::vector<uint8_t> ran(n, 0);  // each written by the one worker that took its index
    std::latch done(jobs_);
    std::mutex error_mutex;
    std::exception_ptr error;
    for (uint32_t w = 0; w < jobs_; ++w) {
        boost::asio::post(impl_->pool, [&, w] {
            try {
                while (!stopped.load()) {
                    const size_t i = next.fetch_add(1);
                    if (i >= n) break;
                    if (!more(i)) {
                        stopped.store(true);
                        break;
                    }
                    task(w, i);
                    ran[i] = 1;
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                stopped.store(true);
            }
            done.count_down();
        });
    }
    done.wait();
    if (error) std::rethrow_exception(error);
    // Another worker may have started a later index before this one was refused: only the
    // prefix that ran whole counts.
    size_t prefix = 0;
    while (prefix < n && ran[prefix]) ++prefix;
    return prefix;
}

}  // namespace sagasim
