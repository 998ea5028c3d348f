#include "consensus/inbox.hpp"

namespace plexus::consensus {

void Inbox::transactions() {
  std::lock_guard lock(mutex_);
  if (!events_.empty() && events_.back().payload.empty()) return;  // one wake-up is enough
  events_.push_back(Event{});
  wake_.notify_one();
}

void Inbox::message(const NodeId& from, BytesView payload) {
  if (payload.empty()) return;
  std::lock_guard lock(mutex_);
  if (events_.size() >= kMaxQueued) return;
  events_.push_back(Event{from, to_bytes(payload)});
  wake_.notify_one();
}

void Inbox::wait_if_idle(std::chrono::nanoseconds timeout) {
  std::unique_lock lock(mutex_);
  if (events_.empty() && !stopping_ && timeout > std::chrono::nanoseconds{0})
    wake_.wait_for(lock, timeout);
}

void Inbox::pause(std::chrono::nanoseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!stopping_) wake_.wait_for(lock, timeout);
}

std::deque<Inbox::Event> Inbox::take() {
  std::lock_guard lock(mutex_);
  std::deque<Event> out;
  out.swap(events_);
  return out;
}

void Inbox::start(std::function<void()> worker) {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  worker_ = std::thread(std::move(worker));
}

void Inbox::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable() && worker_.get_id() != std::this_thread::get_id()) worker_.join();
}

bool Inbox::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

}  // namespace plexus::consensus
