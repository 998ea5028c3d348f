#include "core/uint256.hpp"

namespace plexus {

uint256 load_be(BytesView big_endian) noexcept {
  const Bytes32 word = Bytes32::right_aligned(big_endian);
  return from_bytes32(word);
}

uint256 from_bytes32(const Bytes32& word) noexcept {
  uint256 v = 0;
  for (Byte b : word.bytes) v = (v << 8) | b;
  return v;
}

Bytes32 to_bytes32(const uint256& value) noexcept {
  Bytes32 out;
  uint256 v = value;
  for (std::size_t i = 32; i-- > 0;) {
    out[i] = static_cast<Byte>(static_cast<unsigned>(v & 0xff));
    v >>= 8;
  }
  return out;
}

Bytes to_minimal_be(const uint256& value) {
  const Bytes32 word = to_bytes32(value);
  std::size_t i = 0;
  while (i < 32 && word[i] == 0) ++i;
  return Bytes(word.bytes.begin() + static_cast<std::ptrdiff_t>(i), word.bytes.end());
}

Result<uint256> parse_uint256(std::string_view text) {
  if (text.empty()) return fail(Errc::kInvalidArgument, "uint256: empty string");
  uint256 v = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    if (text.size() > 64) return fail(Errc::kInvalidArgument, "uint256: more than 64 hex digits");
    for (char c : text) {
      int d = (c >= '0' && c <= '9') ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return fail(Errc::kInvalidArgument, "uint256: invalid hex digit");
      v = (v << 4) | static_cast<unsigned>(d);
    }
    return v;
  }
  const uint256 max_div10 = ~uint256(0) / 10;
  for (char c : text) {
    if (c < '0' || c > '9') return fail(Errc::kInvalidArgument, "uint256: invalid decimal digit");
    const unsigned d = static_cast<unsigned>(c - '0');
    if (v > max_div10 || (v == max_div10 && d > static_cast<unsigned>(~uint256(0) % 10)))
      return fail(Errc::kInvalidArgument, "uint256: decimal value overflows 256 bits");
    v = v * 10 + d;
  }
  return v;
}

std::string to_hex_string(const uint256& value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (value == 0) return "0x0";
  std::string digits;
  uint256 v = value;
  while (v != 0) {
    digits.push_back(kDigits[static_cast<unsigned>(v & 0xf)]);
    v >>= 4;
  }
  return "0x" + std::string(digits.rbegin(), digits.rend());
}

bool fits_uint64(const uint256& value) noexcept { return (value >> 64) == 0; }

}  // namespace plexus
