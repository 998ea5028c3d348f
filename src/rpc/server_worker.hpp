#pragma once
// One thread of the RPC server with its own io_context. A connection stays on the worker that
// accepted it for its whole life, so its handlers never run concurrently (no strands) and its
// I/O never wakes another thread; sharing one io_context between threads made every completion
// a possible cross-thread wake-up through the scheduler's condition variable.
//
// The worker also holds the replies waiting at their gates (rpc/reply_gate.hpp). A gate opens on
// the block producer's thread, for every reply of a block at once; the openings are queued here
// and the worker is woken once per batch rather than once per reply.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "rpc/reply_gate.hpp"

namespace plexus::rpc::detail {

class Worker {
 public:
  Worker();
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  [[nodiscard]] boost::asio::io_context& context() noexcept { return ioc_; }

  // Runs `release` on this worker once every deferral of `gate` has opened, or at the gate's
  // timeout, whichever comes first. Called on this worker's thread.
  void release_when_open(ReplyGate& gate, std::function<void()> release);

  // The thread body: runs the io_context until stop().
  void run();
  // Any thread. Openings arriving later are ignored.
  void stop();

 private:
  using Clock = std::chrono::steady_clock;
  struct Inbox;
  struct Waiting {
    std::size_t closed = 0;  // deferrals not opened yet
    std::function<void()> release;
  };
  using WaitingMap = std::unordered_map<std::uint64_t, Waiting>;
  using Deadline = std::pair<Clock::time_point, std::uint64_t>;

  void drain();
  void release(WaitingMap::iterator it);
  void arm_timer();
  void on_timer();

  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<Inbox> inbox_;
  // Everything below: this worker's thread only.
  WaitingMap waiting_;
  std::uint64_t next_id_ = 1;
  // Timeouts, earliest first. Released entries are dropped lazily; since replies mostly leave in
  // the order they came, the top is usually a live one and the timer rarely fires for nothing.
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  boost::asio::steady_timer timer_;
  std::optional<Clock::time_point> timer_at_;
};

}  // namespace plexus::rpc::detail
