#pragma once
// Time and randomness behind interfaces, so that code which waits, times out or picks at random
// can run on a simulated clock and a seeded generator in tests (the in-memory network, engines)
// and on the system's in production.
#include <chrono>
#include <cstdint>
#include <span>

#include "core/bytes.hpp"

namespace plexus {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time: handshake timestamps, block timestamps. May jump.
  [[nodiscard]] virtual std::uint64_t unix_seconds() const = 0;
  // Never goes backwards: timeouts, rate limits, bans. Its origin is arbitrary.
  [[nodiscard]] virtual std::chrono::nanoseconds monotonic() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::uint64_t unix_seconds() const override;
  [[nodiscard]] std::chrono::nanoseconds monotonic() const override;
};

// Moves only when told to. Wall time is `start_unix_seconds` plus the time advanced so far, so
// both readings stay consistent with each other.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::uint64_t start_unix_seconds = 0) noexcept : start_(start_unix_seconds) {}
  [[nodiscard]] std::uint64_t unix_seconds() const override;
  [[nodiscard]] std::chrono::nanoseconds monotonic() const override { return now_; }
  void advance(std::chrono::nanoseconds by) noexcept { now_ += by; }

 private:
  std::uint64_t start_;
  std::chrono::nanoseconds now_{0};
};

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<Byte> out) = 0;
  [[nodiscard]] virtual std::uint64_t next_u64() = 0;
  // Uniform in [0, n) without modulo bias; n == 0 returns 0.
  [[nodiscard]] std::uint64_t below(std::uint64_t n);
};

// xoshiro256** seeded through splitmix64 (Blackman and Vigna): fast, and the same seed gives the
// same sequence on every platform, which is what deterministic simulations need. Not for keys.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) noexcept;
  void fill(std::span<Byte> out) override;
  [[nodiscard]] std::uint64_t next_u64() override;

 private:
  std::uint64_t s_[4];
};

// The operating system's generator (getrandom(2)); for keys, nonces and serial numbers.
class SystemRandom final : public Random {
 public:
  void fill(std::span<Byte> out) override;
  [[nodiscard]] std::uint64_t next_u64() override;
};

}  // namespace plexus
