#include "rpc/server_worker.hpp"

#include <cstdio>
#include <exception>
#include <mutex>

#include <boost/asio/post.hpp>

namespace plexus::rpc::detail {

namespace net = boost::asio;

// Where other threads report opened deferrals. Shared with the chain's callbacks, which may
// outlive the worker: after stop() an opening finds no worker and is dropped.
struct Worker::Inbox {
  std::mutex mutex;
  Worker* worker = nullptr;           // guarded by mutex
  std::vector<std::uint64_t> opened;  // guarded by mutex

  void open(std::uint64_t id) {
    std::lock_guard lock(mutex);
    if (worker == nullptr) return;
    opened.push_back(id);
    // One wake-up per batch: later openings join the queue the pending drain will take.
    if (opened.size() == 1) net::post(worker->ioc_, [w = worker] { w->drain(); });
  }
};

Worker::Worker()
    : ioc_(1), work_(net::make_work_guard(ioc_)), inbox_(std::make_shared<Inbox>()), timer_(ioc_) {
  inbox_->worker = this;
}

Worker::~Worker() { stop(); }

void Worker::run() {
  // Handlers report errors through error codes; an exception escaping one (allocation failure)
  // must not end the thread, or the worker's connections would silently stop being served.
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rpc server: handler failed: %s\n", e.what());
    }
  }
}

void Worker::stop() {
  {
    std::lock_guard lock(inbox_->mutex);
    inbox_->worker = nullptr;
  }
  ioc_.stop();
}

void Worker::release_when_open(ReplyGate& gate, std::function<void()> release) {
  std::vector<ReplyGate::Arm> arms = gate.take_arms();
  const std::uint64_t id = next_id_++;
  waiting_.emplace(id, Waiting{arms.size(), std::move(release)});
  deadlines_.emplace(Clock::now() + gate.timeout(), id);
  arm_timer();
  // An arm may open at once (on this thread): the release still comes from drain().
  for (ReplyGate::Arm& arm : arms) arm([inbox = inbox_, id] { inbox->open(id); });
}

void Worker::drain() {
  std::vector<std::uint64_t> batch;
  {
    std::lock_guard lock(inbox_->mutex);
    batch.swap(inbox_->opened);
  }
  for (const std::uint64_t id : batch) {
    const auto it = waiting_.find(id);
    if (it == waiting_.end() || --it->second.closed > 0) continue;  // timed out, or not all open
    release(it);
  }
  while (!deadlines_.empty() && !waiting_.contains(deadlines_.top().second)) deadlines_.pop();
}

void Worker::release(WaitingMap::iterator it) {
  std::function<void()> fn = std::move(it->second.release);
  waiting_.erase(it);
  fn();
}

void Worker::arm_timer() {
  if (deadlines_.empty()) return;
  const Clock::time_point at = deadlines_.top().first;
  if (timer_at_ && *timer_at_ <= at) return;  // fires early enough already
  timer_at_ = at;
  timer_.expires_at(at);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // replaced by an earlier deadline, or stopping
    timer_at_.reset();
    on_timer();
  });
}

void Worker::on_timer() {
  const Clock::time_point now = Clock::now();
  while (!deadlines_.empty() && deadlines_.top().first <= now) {
    const std::uint64_t id = deadlines_.top().second;
    deadlines_.pop();
    if (const auto it = waiting_.find(id); it != waiting_.end()) release(it);
  }
  while (!deadlines_.empty() && !waiting_.contains(deadlines_.top().second)) deadlines_.pop();
  arm_timer();
}

}  // namespace plexus::rpc::detail
