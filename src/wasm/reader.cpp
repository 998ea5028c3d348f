#include "wasm/reader.hpp"

#include <cstring>

namespace plexus::wasm {

std::unexpected<Error> Reader::error(const std::string& what) const {
  return fail(Errc::kDecode, "wasm: " + what + " at offset " + std::to_string(offset()));
}

Result<std::uint8_t> Reader::u8() {
  if (pos_ >= data_.size()) return error("unexpected end");
  return data_[pos_++];
}

// Reads an LEB128 of at most ceil(bits/7) bytes. The bits of the last byte beyond `bits` must be
// zero (unsigned) or a sign extension of the value's top bit (signed).
Result<std::uint64_t> Reader::leb(unsigned bits, bool is_signed) {
  const unsigned max_bytes = (bits + 6) / 7;
  std::uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ >= data_.size()) return error("unexpected end (LEB128)");
    const std::uint8_t byte = data_[pos_++];
    if (i == max_bytes - 1) {
      const unsigned used = bits - shift;  // value bits available in this last byte
      if (byte & 0x80) return error("integer representation too long");
      if (is_signed) {
        // Bits from `used - 1` (the sign bit) up to bit 6 must all be equal.
        const std::uint8_t mask = static_cast<std::uint8_t>((0x7F >> (used - 1)) << (used - 1));
        const std::uint8_t top = byte & mask & 0x7F;
        if (top != 0 && top != (mask & 0x7F)) return error("integer too large");
      } else if (used < 7 && (byte >> used) != 0) {
        return error("integer too large");
      }
    }
    result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if (is_signed && shift < 64 && (byte & 0x40)) result |= ~std::uint64_t{0} << shift;
      return result;
    }
  }
}

Result<std::uint32_t> Reader::u32() {
  PLEXUS_TRY(auto v, leb(32, false));
  return static_cast<std::uint32_t>(v);
}

Result<std::int32_t> Reader::s32() {
  PLEXUS_TRY(auto v, leb(32, true));
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
}

Result<std::int64_t> Reader::s33() {
  PLEXUS_TRY(auto v, leb(33, true));
  return static_cast<std::int64_t>(v);
}

Result<std::int64_t> Reader::s64() {
  PLEXUS_TRY(auto v, leb(64, true));
  return static_cast<std::int64_t>(v);
}

Result<std::uint32_t> Reader::f32_bits() {
  PLEXUS_TRY(auto b, bytes(4));
  std::uint32_t v;
  std::memcpy(&v, b.data(), 4);  // the binary format is little-endian like every supported host
  return v;
}

Result<std::uint64_t> Reader::f64_bits() {
  PLEXUS_TRY(auto b, bytes(8));
  std::uint64_t v;
  std::memcpy(&v, b.data(), 8);
  return v;
}

Result<BytesView> Reader::bytes(std::size_t n) {
  if (n > remaining()) return error("unexpected end (length out of bounds)");
  BytesView out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Result<std::string> Reader::name() {
  PLEXUS_TRY(const auto len, u32());
  PLEXUS_TRY(const auto raw, bytes(len));
  if (!is_valid_utf8(raw)) return error("malformed UTF-8 encoding");
  return std::string(raw.begin(), raw.end());
}

// UTF-8 per RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(BytesView s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint8_t c = s[i];
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace plexus::wasm
