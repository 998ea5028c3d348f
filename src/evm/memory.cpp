#include "evm/frame.hpp"

namespace plexus::evm {
namespace {
// A frame keeps at most this much buffer when it returns to the pool, so one huge allocation
// does not stay pinned for the rest of the thread's life. 4 MiB is the capacity the doubling in
// reserve() reaches for the largest memory a transaction under EIP-7825's gas cap (2^24) can pay
// for, about 2.9 MB. With 1 MiB a contract using a little over 1 MB (blake2b_shifts) freed its
// buffer after every call and rebuilt it through nine reallocs, copies and memsets: 4.2 million
// instructions of its 74 million (callgrind).
constexpr std::size_t kRetainedCapacity = std::size_t{4} << 20;
constexpr std::size_t kInitialCapacity = 4096;
}  // namespace

bool Memory::reserve(std::size_t new_size) noexcept {
  std::size_t cap = capacity_ ? capacity_ : kInitialCapacity;
  while (cap < new_size) cap *= 2;
  auto* grown = static_cast<Byte*>(std::realloc(data_, cap));
  if (grown == nullptr) return false;
  data_ = grown;
  capacity_ = cap;
  return true;
}

void Memory::reset() noexcept {
  if (capacity_ > kRetainedCapacity) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
  }
  size_ = 0;
}

}  // namespace plexus::evm
