#include "evm/frame.hpp"

namespace plexus::evm {
namespace {
// A frame keeps at most this much buffer when it returns to the pool, so one huge allocation
// does not stay pinned for the rest of the thread's life.
constexpr std::size_t kRetainedCapacity = 1 << 20;
constexpr std::size_t kInitialCapacity = 4096;
}  // namespace

bool Memory::grow(std::size_t new_size) noexcept {
  if (new_size > capacity_) {
    std::size_t cap = capacity_ ? capacity_ : kInitialCapacity;
    while (cap < new_size) cap *= 2;
    auto* grown = static_cast<Byte*>(std::realloc(data_, cap));
    if (grown == nullptr) return false;
    data_ = grown;
    capacity_ = cap;
  }
  std::memset(data_ + size_, 0, new_size - size_);
  size_ = new_size;
  return true;
}

void Memory::reset() noexcept {
  size_ = 0;
  if (capacity_ > kRetainedCapacity) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
  }
}

std::int64_t grow_memory(Frame& frame, std::int64_t gas, std::uint64_t end) noexcept {
  const std::uint64_t new_words = num_words(end);
  const std::uint64_t old_words = frame.memory.size() / 32;
  gas -= memory_cost(new_words) - memory_cost(old_words);
  if (gas < 0 || !frame.memory.grow(new_words * 32)) return -1;
  return gas;
}

}  // namespace plexus::evm
