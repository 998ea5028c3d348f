#include "chain/commit_thread.hpp"

namespace plexus::chain {

CommitThread::CommitThread(Commit commit, Committed on_committed)
    : commit_(std::move(commit)),
      on_committed_(std::move(on_committed)),
      thread_([this] { run(); }) {}

CommitThread::~CommitThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Result<void> CommitThread::wait_idle(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [this] { return (!next_ && !busy_) || failure_; });
  if (failure_) return std::unexpected(*failure_);
  return {};
}

Result<void> CommitThread::push(PreparedBlock block) {
  {
    std::unique_lock lock(mutex_);
    PLEXUS_CHECK(wait_idle(lock));
    next_.emplace(std::move(block));
  }
  changed_.notify_all();
  return {};
}

Result<void> CommitThread::drain() {
  std::unique_lock lock(mutex_);
  return wait_idle(lock);
}

void CommitThread::run() {
  while (true) {
    PreparedBlock block;
    {
      std::unique_lock lock(mutex_);
      // A block handed over before stop() is still written: the chain has already moved past it.
      changed_.wait(lock, [this] { return next_.has_value() || stopping_; });
      if (!next_) return;
      block = std::move(*next_);
      next_.reset();
      busy_ = true;
    }
    auto committed = commit_(std::move(block));
    if (committed && on_committed_) on_committed_(*committed);
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
      if (!committed) failure_ = committed.error();
    }
    changed_.notify_all();
    if (!committed) return;
  }
}

}  // namespace plexus::chain
