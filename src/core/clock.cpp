#include "core/clock.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace plexus {

std::uint64_t SystemClock::unix_seconds() const {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

std::chrono::nanoseconds SystemClock::monotonic() const {
  return std::chrono::steady_clock::now().time_since_epoch();
}

std::uint64_t ManualClock::unix_seconds() const {
  std::lock_guard lock(mutex_);
  return start_seconds_ +
         static_cast<std::uint64_t>(
             std::chrono::duration_cast<std::chrono::seconds>(elapsed_).count());
}

std::chrono::nanoseconds ManualClock::monotonic() const {
  std::lock_guard lock(mutex_);
  return elapsed_;
}

void ManualClock::advance(std::chrono::nanoseconds by) {
  std::lock_guard lock(mutex_);
  elapsed_ += by;
}

std::uint64_t Random::next_u64() {
  Byte bytes[8];
  fill(bytes);
  std::uint64_t value = 0;
  for (const Byte b : bytes) value = (value << 8) | b;
  return value;
}

std::uint64_t Random::below(std::uint64_t bound) {
  // Rejection sampling: no modulo bias, so a seeded simulation draws the same on every machine.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  while (true) {
    const std::uint64_t value = next_u64();
    if (value < limit) return value % bound;
  }
}

void SystemRandom::fill(std::span<Byte> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t got = getrandom(out.data() + done, out.size() - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      // No entropy means no safe keys: there is nothing sensible to continue with.
      throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(got);
  }
}

SeededRandom::SeededRandom(std::uint64_t seed) {
  // splitmix64 spreads one seed over the four words of state, as xoshiro's authors recommend.
  for (std::uint64_t& word : s_) {
    seed += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    word = z ^ (z >> 31);
  }
}

std::uint64_t SeededRandom::step() {
  const auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

void SeededRandom::fill(std::span<Byte> out) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < out.size(); i += 8) {
    std::uint64_t word = step();
    for (std::size_t j = i; j < out.size() && j < i + 8; ++j, word >>= 8)
      out[j] = static_cast<Byte>(word);
  }
}

}  // namespace plexus
