#pragma once
// A thread with a chosen stack size. The EVM executes nested calls by native recursion (up to
// 1024 frames deep): a release build fits in the default 8 MiB, but sanitizer builds use several
// times the stack per frame, so every thread that executes transactions (block producers,
// conformance runners) is started with room to spare. The stack is reserved address space; pages
// are only touched when used.
#include <cstddef>
#include <functional>
#include <memory>

namespace plexus {

inline constexpr std::size_t kExecutionStackBytes = std::size_t{1} << 30;

class StackThread {
 public:
  // Starts `fn` on a new thread with `stack_bytes` of stack; if such a thread cannot be created
  // (address-space limits), falls back to the default stack size.
  StackThread(std::size_t stack_bytes, std::function<void()> fn);
  ~StackThread();  // joins
  StackThread(const StackThread&) = delete;
  StackThread& operator=(const StackThread&) = delete;

  void join();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plexus
