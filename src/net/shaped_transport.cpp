#include "net/shaped_transport.hpp"

namespace plexus::net {

ShapedTransport::ShapedTransport(Transport& inner, std::chrono::nanoseconds delay)
    : inner_(inner), delay_(delay), worker_([this] { run(); }) {}

ShapedTransport::~ShapedTransport() { close(); }

void ShapedTransport::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    held_.clear();
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ShapedTransport::set_delay(std::chrono::nanoseconds delay) {
  std::lock_guard lock(mutex_);
  delay_ = delay;
}

void ShapedTransport::cut(const NodeId& peer) {
  std::lock_guard lock(mutex_);
  cut_.insert(peer);
}

void ShapedTransport::restore(const NodeId& peer) {
  std::lock_guard lock(mutex_);
  cut_.erase(peer);
}

void ShapedTransport::restore_all() {
  std::lock_guard lock(mutex_);
  cut_.clear();
}

bool ShapedTransport::is_cut(const NodeId& peer) const {
  std::lock_guard lock(mutex_);
  return cut_.contains(peer);
}

void ShapedTransport::set_handlers(TransportHandlers handlers) {
  auto on_message = std::move(handlers.on_message);
  handlers.on_message = [this, on_message = std::move(on_message)](const NodeId& peer,
                                                                    Message message) {
    if (!is_cut(peer) && on_message) on_message(peer, std::move(message));
  };
  inner_.set_handlers(std::move(handlers));
}

Result<void> ShapedTransport::send(const NodeId& peer, Message message, Priority priority) {
  std::unique_lock lock(mutex_);
  if (stopping_ || cut_.contains(peer)) return {};  // lost on the way, as in a partition
  if (delay_.count() == 0) {
    lock.unlock();
    return inner_.send(peer, std::move(message), priority);
  }
  held_.push_back(Held{std::chrono::steady_clock::now() + delay_, peer, std::move(message),
                       priority});
  wake_.notify_one();
  return {};
}

void ShapedTransport::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (held_.empty()) {
      wake_.wait(lock);
      continue;
    }
    if (std::chrono::steady_clock::now() < held_.front().due) {
      wake_.wait_until(lock, held_.front().due);
      continue;
    }
    Held next = std::move(held_.front());
    held_.pop_front();
    const bool lost = cut_.contains(next.peer);
    lock.unlock();
    if (!lost) (void)inner_.send(next.peer, std::move(next.message), next.priority);
    lock.lock();
  }
}

}  // namespace plexus::net
