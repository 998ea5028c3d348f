#pragma once
// Bounds-checked cursor over serialized Move bytes (internal to the deserializer).
#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "move/status.hpp"

namespace plexus::move::detail {

class Reader {
 public:
  explicit Reader(BytesView data) : data_(data) {}

  [[nodiscard]] bool at_end() const noexcept { return pos_ == data_.size(); }
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }

  [[nodiscard]] VmResult<std::uint8_t> u8() {
    if (pos_ >= data_.size()) return vm_fail(StatusCode::MALFORMED, "unexpected end of input");
    return data_[pos_++];
  }

  // Little-endian fixed-width integer of `n` bytes (n <= 8).
  [[nodiscard]] VmResult<std::uint64_t> fixed(std::size_t n) {
    if (remaining() < n) return vm_fail(StatusCode::MALFORMED, "unexpected end of input");
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{data_[pos_ + i]} << (8 * i);
    pos_ += n;
    return v;
  }

  [[nodiscard]] VmResult<BytesView> bytes(std::size_t n) {
    if (remaining() < n) return vm_fail(StatusCode::MALFORMED, "unexpected end of input");
    BytesView out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  // Canonical ULEB128 no larger than `max` (the reference rejects redundant trailing zero bytes).
  [[nodiscard]] VmResult<std::uint64_t> uleb(std::uint64_t max, const char* what) {
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      MOVE_TRY(const std::uint8_t byte, u8());
      const std::uint64_t digit = byte & 0x7F;
      if (shift == 63 && digit > 1) break;
      value |= digit << shift;
      if ((byte & 0x80) == 0) {
        if (shift > 0 && digit == 0)
          return vm_fail(StatusCode::MALFORMED, std::string("non-canonical ULEB for ") + what);
        if (value > max)
          return vm_fail(StatusCode::MALFORMED,
                         std::string(what) + " out of range: " + std::to_string(value));
        return value;
      }
    }
    return vm_fail(StatusCode::MALFORMED, std::string("ULEB overflow for ") + what);
  }

  [[nodiscard]] VmResult<std::uint16_t> index(const char* what) {
    MOVE_TRY(const auto v, uleb(0xFFFF, what));
    return static_cast<std::uint16_t>(v);
  }

 private:
  BytesView data_;
  std::size_t pos_ = 0;
};

}  // namespace plexus::move::detail
