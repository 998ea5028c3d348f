#include "core/stack_thread.hpp"

#include <pthread.h>

#include <thread>

namespace plexus {

struct StackThread::Impl {
  explicit Impl(std::function<void()> f) : fn(std::move(f)) {}
  std::function<void()> fn;
  pthread_t thread{};
  bool joinable = false;
  std::thread fallback;
};

namespace {
void* run_impl(void* arg) {
  static_cast<std::function<void()>*>(arg)->operator()();
  return nullptr;
}
}  // namespace

StackThread::StackThread(std::size_t stack_bytes, std::function<void()> fn)
    : impl_(std::make_unique<Impl>(std::move(fn))) {
  pthread_attr_t attr;
  bool started = false;
  if (pthread_attr_init(&attr) == 0) {
    started = pthread_attr_setstacksize(&attr, stack_bytes) == 0 &&
              pthread_create(&impl_->thread, &attr, run_impl, &impl_->fn) == 0;
    pthread_attr_destroy(&attr);
  }
  if (started) {
    impl_->joinable = true;
  } else {
    impl_->fallback = std::thread(impl_->fn);
  }
}

void StackThread::join() {
  if (impl_->joinable) {
    pthread_join(impl_->thread, nullptr);
    impl_->joinable = false;
  }
  if (impl_->fallback.joinable()) impl_->fallback.join();
}

StackThread::~StackThread() { join(); }

}  // namespace plexus
