#include "core/clock.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace plexus {

std::uint64_t SystemClock::unix_seconds() const {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

std::chrono::nanoseconds SystemClock::monotonic() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::steady_clock::now().time_since_epoch());
}

std::uint64_t ManualClock::unix_seconds() const {
  return start_ + static_cast<std::uint64_t>(
                      std::chrono::duration_cast<std::chrono::seconds>(now_).count());
}

std::uint64_t Random::below(std::uint64_t n) {
  if (n == 0) return 0;
  // Rejects the top partial block of the 64-bit range so every residue is equally likely.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x = next_u64();
  while (x >= limit) x = next_u64();
  return x % n;
}

namespace {

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

// Fills `out` eight bytes at a time from `next`, little-endian, so the bytes do not depend on
// the host's byte order.
template <typename Next>
void fill_from(std::span<Byte> out, Next&& next) {
  std::size_t i = 0;
  while (i < out.size()) {
    std::uint64_t word = next();
    for (int b = 0; b < 8 && i < out.size(); ++b, ++i, word >>= 8) out[i] = static_cast<Byte>(word);
  }
}

}  // namespace

SeededRandom::SeededRandom(std::uint64_t seed) noexcept {
  for (auto& word : s_) word = splitmix64(seed);
}

std::uint64_t SeededRandom::next_u64() {
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
  fill_from(out, [this] { return next_u64(); });
}

void SystemRandom::fill(std::span<Byte> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      // Without the OS generator no key can be made safely; there is nothing to fall back to.
      throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

std::uint64_t SystemRandom::next_u64() {
  Byte bytes[8];
  fill(bytes);
  std::uint64_t value = 0;
  for (Byte b : bytes) value = (value << 8) | b;
  return value;
}

}  // namespace plexus
