#include "rpc/execution_pool.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace plexus::rpc::detail {

ExecutionPool::ExecutionPool(std::size_t threads) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
    threads_.push_back(std::make_unique<StackThread>(kExecutionStackBytes, [this] { run(); }));
}

ExecutionPool::~ExecutionPool() { stop(); }

void ExecutionPool::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
}

void ExecutionPool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (const auto& thread : threads_) thread->join();
}

void ExecutionPool::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;  // what is still queued is dropped with its connections
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    // The dispatcher answers a method's failure itself; this only keeps the thread alive if a
    // task throws anyway (allocation failure), as the I/O workers do.
    try {
      task();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rpc server: execution task failed: %s\n", e.what());
    }
  }
}

}  // namespace plexus::rpc::detail
