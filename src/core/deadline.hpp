#pragma once
// A time budget for the work the current thread does: eth_call and eth_estimateGas run under
// one (rpc/dispatcher.hpp), block production never does. The VMs' loops poll expired() at every
// branch that can close a loop (EVM JUMP/JUMPI); it reads the clock only every kPollInterval
// polls, so a thread without a deadline pays one thread-local decrement per branch. Once the
// deadline has passed, expired() stays true for every later poll, so each frame of a nested call
// fails at its next branch and the whole execution unwinds at once.
#include <chrono>
#include <cstdint>

namespace plexus::deadline {

using Clock = std::chrono::steady_clock;

inline constexpr std::uint32_t kPollInterval = 1024;

namespace detail {
inline thread_local std::uint32_t t_countdown = kPollInterval;
// Reads the clock: true (and from then on always) when the current scope's deadline has passed.
[[nodiscard]] bool poll() noexcept;
}  // namespace detail

// The hot-path check.
[[gnu::always_inline]] inline bool expired() noexcept {
  return --detail::t_countdown == 0 && detail::poll();
}

// Sets this thread's deadline for the scope's lifetime (a nested scope keeps the earlier one).
class Scope {
 public:
  explicit Scope(Clock::time_point at) noexcept;
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

  // Whether execution under this scope was stopped by the deadline.
  [[nodiscard]] bool hit() const noexcept;

 private:
  Clock::time_point previous_at_;
  bool previous_active_;
  bool previous_hit_;
};

}  // namespace plexus::deadline
