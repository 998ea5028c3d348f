#pragma once
// An engine's worker thread, which alone touches its protocol state, and the queue from the
// threads that feed it (the network, the pool): peers' messages and "transactions arrived",
// bounded, and the worker's waits. The bft and snowman engines use it.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "consensus/outbox.hpp"

namespace plexus::consensus {

class Inbox {
 public:
  struct Event {
    NodeId from{};
    Bytes payload;  // empty: transactions arrived
  };
  // Messages waiting for the worker, at most: past this a flood is dropped, not queued.
  static constexpr std::size_t kMaxQueued = 16'384;

  ~Inbox() { stop(); }

  // Runs `worker` on the worker thread; once (later calls do nothing).
  void start(std::function<void()> worker);
  // Tells the worker to stop, and waits for it. Idempotent.
  void stop();
  [[nodiscard]] bool stopping() const;

  // Transactions entered the pool (one wake-up waiting is enough).
  void transactions();
  // A peer's message; an empty one is ignored.
  void message(const NodeId& from, BytesView payload);
  // The worker's idle wait: up to `timeout`, unless events wait already (then none).
  void wait_if_idle(std::chrono::nanoseconds timeout);
  // Up to `timeout` or the next event, whatever waits already.
  void pause(std::chrono::nanoseconds timeout);
  // Everything queued, in order.
  [[nodiscard]] std::deque<Event> take();

 private:
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Event> events_;
  bool stopping_ = false;
  bool started_ = false;
  std::thread worker_;
};

}  // namespace plexus::consensus
