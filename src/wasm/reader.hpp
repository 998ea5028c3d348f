#pragma once
// Bounds-checked reading of the binary format: bytes, LEB128 integers (strict about overlong
// encodings and unused bits), IEEE floats and UTF-8 names. Every read returns Result.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::wasm {

class Reader {
 public:
  explicit Reader(BytesView data, std::size_t base_offset = 0)
      : data_(data), base_(base_offset) {}

  [[nodiscard]] bool at_end() const noexcept { return pos_ >= data_.size(); }
  [[nodiscard]] std::size_t pos() const noexcept { return pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }
  // Offset of the cursor in the whole module, for error messages.
  [[nodiscard]] std::size_t offset() const noexcept { return base_ + pos_; }

  [[nodiscard]] Result<std::uint8_t> u8();
  [[nodiscard]] Result<std::uint32_t> u32();
  [[nodiscard]] Result<std::int32_t> s32();
  [[nodiscard]] Result<std::int64_t> s33();  // block types
  [[nodiscard]] Result<std::int64_t> s64();
  [[nodiscard]] Result<std::uint32_t> f32_bits();
  [[nodiscard]] Result<std::uint64_t> f64_bits();
  [[nodiscard]] Result<BytesView> bytes(std::size_t n);
  [[nodiscard]] Result<std::string> name();  // length-prefixed, valid UTF-8

  // A decode error at the current position.
  [[nodiscard]] std::unexpected<Error> error(const std::string& what) const;

 private:
  [[nodiscard]] Result<std::uint64_t> leb(unsigned bits, bool is_signed);

  BytesView data_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

[[nodiscard]] bool is_valid_utf8(BytesView s) noexcept;

}  // namespace plexus::wasm
