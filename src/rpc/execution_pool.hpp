#pragma once
// Threads for the messages that execute contracts or read much (Dispatcher::set_offloaded): an
// I/O worker hands such a message here and keeps serving its other connections; the reply goes
// back to the connection's worker when done. Each thread has an execution-sized stack (EVM calls
// recurse natively, core/stack_thread.hpp). The queue needs no bound of its own: a connection
// has at most one message in execution at a time, and connections are limited.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/stack_thread.hpp"

namespace plexus::rpc::detail {

class ExecutionPool {
 public:
  explicit ExecutionPool(std::size_t threads);
  ~ExecutionPool();  // stop()
  ExecutionPool(const ExecutionPool&) = delete;
  ExecutionPool& operator=(const ExecutionPool&) = delete;

  // Runs `task` on one of the threads, in arrival order. Dropped after stop().
  void post(std::function<void()> task);
  // Lets the running tasks finish, drops the queued ones and joins the threads. Idempotent.
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<StackThread>> threads_;
};

}  // namespace plexus::rpc::detail
