#pragma once
// The state of one executing call frame, shared by the dispatch loop and the instruction
// implementations. Frames (with their 1024-item stack and memory buffer) are pooled per thread so
// a call does not allocate once the pool is warm.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "core/uint256.hpp"
#include "evm/host.hpp"
#include "evm/interpreter.hpp"
#include "evm/opcodes.hpp"

namespace plexus::evm {

// Byte-addressed, zero-initialised, grows in 32-byte words. The gas schedule bounds its size in
// practice; kMaxMemory bounds it absolutely (offsets past it are out of gas, as in evmone).
//
// The buffer past size() holds whatever an earlier frame left there; growth zeroes the words it
// adds. Solidity's allocator grows memory a word at a time, so a one-word growth is two inline
// 16-byte stores, not a memset call (a third of every growth in structarray_alloc, callgrind).
// Zeroing the whole used part at reset instead cost a memset over all of it per call; zeroing
// at growth saved structarray_alloc (1.28 MB) 0.22 million of its 4.97 million instructions.
class Memory {
 public:
  static constexpr std::uint64_t kMaxMemory = 0xffffffff;
  // Growths up to this many bytes zero their words inline; larger ones call memset.
  static constexpr std::size_t kInlineZeroing = 256;

  Memory() = default;
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;
  ~Memory() { std::free(data_); }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] Byte* data() noexcept { return data_; }
  Byte& operator[](std::size_t i) noexcept { return data_[i]; }
  // Grows to new_size (a multiple of 32, larger than size()) with zeros. Returns false if the
  // allocation fails, which the caller reports as out of gas.
  [[nodiscard]] bool grow(std::size_t new_size) noexcept {
    if (new_size > capacity_ && !reserve(new_size)) return false;
    const std::size_t added = new_size - size_;
    if (added <= kInlineZeroing) {
      for (Byte* p = data_ + size_; p != data_ + new_size; p += 32) {
        // The empty asm hides the loop from GCC's memset recognition; the 32-byte memset
        // itself is expanded inline (two stores).
        asm("" : "+r"(p));
        std::memset(p, 0, 32);
      }
    } else {
      std::memset(data_ + size_, 0, added);
    }
    size_ = new_size;
    return true;
  }
  // Forgets the contents, keeping a modest buffer for the next frame.
  void reset() noexcept;

 private:
  // Enlarges the capacity to at least new_size; false if the allocation fails.
  [[nodiscard]] bool reserve(std::size_t new_size) noexcept;

  Byte* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

struct Frame {
  Host* host = nullptr;
  const Message* msg = nullptr;
  Revision rev = Revision::kCancun;
  const AnalyzedCode* code = nullptr;
  std::int64_t gas_refund = 0;
  Memory memory;
  Bytes return_data;
  std::size_t output_offset = 0;
  std::size_t output_size = 0;
  std::optional<TxContext> tx;
  Tracer* tracer = nullptr;  // set when the Host has one (debug_trace*)
  // One extra slot so pushing through a full stack's end pointer never leaves the array.
  std::unique_ptr<uint256[]> stack = std::make_unique<uint256[]>(kStackLimit + 1);

  [[nodiscard]] const TxContext& tx_context() {
    if (!tx) tx = host->get_tx_context();
    return *tx;
  }
};

// The memory expansion cost of `words` 32-byte words: 3 per word plus words^2 / 512.
[[nodiscard]] constexpr std::int64_t memory_cost(std::uint64_t words) noexcept {
  return static_cast<std::int64_t>(3 * words + words * words / 512);
}
[[nodiscard]] constexpr std::uint64_t num_words(std::uint64_t bytes) noexcept {
  return (bytes + 31) / 32;
}

// Slow path of check_memory: charges and performs the growth to cover `end` bytes; returns the
// gas left, negative when out of gas. (By value so the caller's gas can stay in a register.)
// Inline: within the capacity a growth is the cost difference and a size update.
[[nodiscard]] inline std::int64_t grow_memory(Frame& frame, std::int64_t gas,
                                              std::uint64_t end) noexcept {
  const std::uint64_t new_words = num_words(end);
  const std::uint64_t old_words = frame.memory.size() / 32;
  gas -= memory_cost(new_words) - memory_cost(old_words);
  if (gas < 0 || !frame.memory.grow(new_words * 32)) return -1;
  return gas;
}
[[nodiscard]] inline bool grow_memory_into(Frame& frame, std::int64_t& gas,
                                           std::uint64_t end) noexcept {
  gas = grow_memory(frame, gas, end);
  return gas >= 0;
}

// Makes [offset, offset + size) addressable, charging expansion gas; false means out of gas. An
// empty range is always fine and its offset is ignored (it may be any value).
[[nodiscard]] inline bool check_memory(Frame& frame, std::int64_t& gas, const uint256& offset,
                                       const uint256& size) noexcept {
  if (size.is_zero()) return true;
  if (!fits_uint64(offset) || !fits_uint64(size) || offset.limb(0) > Memory::kMaxMemory ||
      size.limb(0) > Memory::kMaxMemory)
    return false;
  const std::uint64_t end = offset.limb(0) + size.limb(0);
  return end <= frame.memory.size() || grow_memory_into(frame, gas, end);
}
// The same for a fixed-size access (MLOAD/MSTORE: 32 bytes, MSTORE8: 1 byte).
[[nodiscard]] inline bool check_memory(Frame& frame, std::int64_t& gas, const uint256& offset,
                                       std::uint64_t size) noexcept {
  if (!fits_uint64(offset) || offset.limb(0) > Memory::kMaxMemory) return false;
  const std::uint64_t end = offset.limb(0) + size;
  return end <= frame.memory.size() || grow_memory_into(frame, gas, end);
}

// Copies src[offset, offset + size) into dst, zero-filling past the end of src (CALLDATACOPY,
// CODECOPY, EXTCODECOPY semantics). `offset` may exceed the source.
inline void copy_padded(Byte* dst, BytesView src, const uint256& offset,
                        std::size_t size) noexcept {
  const std::size_t start =
      fits_uint64(offset) && offset.limb(0) < src.size() ? offset.limb(0) : src.size();
  const std::size_t n = std::min(size, src.size() - start);
  if (n) std::memcpy(dst, src.data() + start, n);
  if (size > n) std::memset(dst + n, 0, size - n);
}

[[nodiscard]] inline Address to_address(const uint256& v) noexcept {
  const Bytes32 word = to_bytes32(v);
  Address a;
  std::memcpy(a.data(), word.data() + 12, 20);
  return a;
}
[[nodiscard]] inline uint256 from_address(const Address& a) noexcept { return load_be(a.view()); }

}  // namespace plexus::evm
