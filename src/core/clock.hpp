#pragma once
// Time and randomness as seams: everything that reads the clock or draws random bytes gets them
// from a Clock and a Random it was given (through storage/env.hpp's Env), so a test can run a
// node, or a network of them, on a simulated clock with a seeded source and get the same run
// every time. Nothing here reaches consensus state directly: block timestamps are checked against
// the rules (chain/header_rules.hpp) whichever clock proposed them.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <span>

#include "core/bytes.hpp"

namespace plexus {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch (block timestamps, handshake skew checks).
  [[nodiscard]] virtual std::uint64_t unix_seconds() const = 0;
  // A monotonic reading for timeouts and intervals; only differences mean anything.
  [[nodiscard]] virtual std::chrono::nanoseconds monotonic() const = 0;
};

// The operating system's clocks.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::uint64_t unix_seconds() const override;
  [[nodiscard]] std::chrono::nanoseconds monotonic() const override;
};

// A clock that moves only when told to: simulations and tests. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::uint64_t unix_seconds = 1'700'000'000)
      : start_seconds_(unix_seconds) {}
  [[nodiscard]] std::uint64_t unix_seconds() const override;
  [[nodiscard]] std::chrono::nanoseconds monotonic() const override;
  void advance(std::chrono::nanoseconds by);

 private:
  mutable std::mutex mutex_;
  std::uint64_t start_seconds_;
  std::chrono::nanoseconds elapsed_{0};
};

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<Byte> out) = 0;
  [[nodiscard]] std::uint64_t next_u64();
  // Uniform in [0, bound); bound > 0.
  [[nodiscard]] std::uint64_t below(std::uint64_t bound);
};

// The operating system's entropy (getrandom): keys, nonces, anything an attacker must not guess.
class SystemRandom final : public Random {
 public:
  void fill(std::span<Byte> out) override;
};

// A seeded generator (xoshiro256**): the same seed gives the same stream on every machine, for
// simulations and tests that must replay exactly. Never for keys. Thread-safe.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed);
  void fill(std::span<Byte> out) override;

 private:
  [[nodiscard]] std::uint64_t step();
  std::mutex mutex_;
  std::uint64_t s_[4];
};

}  // namespace plexus
