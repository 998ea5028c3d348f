#include "core/uint256.hpp"

#include "core/limb_division.hpp"

namespace plexus {

DivResult udivrem(const uint256& dividend, const uint256& divisor) noexcept {
  DivResult out;
  if (fits_uint64(dividend) && fits_uint64(divisor)) {  // the common case in contracts
    const std::uint64_t d = divisor.limb(0);
    if (d != 0) {
      out.quot = dividend.limb(0) / d;
      out.rem = dividend.limb(0) % d;
    }
    return out;
  }
  std::uint64_t u[4];
  std::uint64_t v[4];
  for (std::size_t i = 0; i < 4; ++i) {
    u[i] = dividend.limb(i);
    v[i] = divisor.limb(i);
  }
  const std::size_t n = detail::significant_limbs(v, 4);
  if (n == 0) return out;
  if ((v[n - 1] & (v[n - 1] - 1)) == 0 && detail::significant_limbs(v, n - 1) == 0) {
    // A power of two: contracts without shift opcodes divide by these all the time.
    const unsigned shift = static_cast<unsigned>((n - 1) * 64 + __builtin_ctzll(v[n - 1]));
    out.quot = dividend >> shift;
    out.rem = dividend & (divisor - 1);
    return out;
  }
  if (dividend < divisor) {
    out.rem = dividend;
    return out;
  }
  const std::size_t m = detail::significant_limbs(u, 4);
  std::uint64_t q[4] = {};
  std::uint64_t r[4] = {};
  detail::divrem_limbs(u, m, v, n, q, r);
  out.quot = uint256::from_limbs(q[0], q[1], q[2], q[3]);
  out.rem = uint256::from_limbs(r[0], r[1], r[2], r[3]);
  return out;
}

uint256 operator/(const uint256& a, const uint256& b) noexcept { return udivrem(a, b).quot; }
uint256 operator%(const uint256& a, const uint256& b) noexcept { return udivrem(a, b).rem; }

uint256 load_be(BytesView big_endian) noexcept {
  return from_bytes32(Bytes32::right_aligned(big_endian));
}

Bytes to_minimal_be(const uint256& value) {
  const Bytes32 word = to_bytes32(value);
  const std::size_t skip = 32 - byte_width(value);
  return Bytes(word.bytes.begin() + static_cast<std::ptrdiff_t>(skip), word.bytes.end());
}

Result<uint256> parse_uint256(std::string_view text) {
  if (text.empty()) return fail(Errc::kInvalidArgument, "uint256: empty string");
  uint256 v = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    if (text.size() > 64) return fail(Errc::kInvalidArgument, "uint256: more than 64 hex digits");
    for (char c : text) {
      const int d = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
      if (d < 0) return fail(Errc::kInvalidArgument, "uint256: invalid hex digit");
      v = (v << 4) | static_cast<unsigned>(d);
    }
    return v;
  }
  const uint256 max_div10 = uint256::max() / 10;
  const unsigned max_last_digit = static_cast<unsigned>(uint256::max() % 10);
  for (char c : text) {
    if (c < '0' || c > '9') return fail(Errc::kInvalidArgument, "uint256: invalid decimal digit");
    const unsigned d = static_cast<unsigned>(c - '0');
    if (v > max_div10 || (v == max_div10 && d > max_last_digit))
      return fail(Errc::kInvalidArgument, "uint256: decimal value overflows 256 bits");
    v = v * 10 + d;
  }
  return v;
}

std::string uint256::str() const {
  // Peel off 19 decimal digits at a time (10^19 is the largest power of ten below 2^64), filling
  // a buffer from its end; 2^256 has 78 digits.
  constexpr std::uint64_t kChunk = 10'000'000'000'000'000'000ULL;
  char buf[80];
  char* p = buf + sizeof(buf);
  uint256 v = *this;
  do {
    const DivResult d = udivrem(v, kChunk);
    std::uint64_t part = static_cast<std::uint64_t>(d.rem);
    v = d.quot;
    for (int i = 0; i < 19 && (part != 0 || !v.is_zero()); ++i) {
      *--p = static_cast<char>('0' + part % 10);
      part /= 10;
    }
  } while (!v.is_zero());
  if (p == buf + sizeof(buf)) *--p = '0';
  return std::string(p, static_cast<std::size_t>(buf + sizeof(buf) - p));
}

std::string to_hex_string(const uint256& value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (value == 0) return "0x0";
  std::string out = "0x";
  for (unsigned nibble = (bit_width(value) + 3) / 4; nibble-- > 0;)
    out.push_back(kDigits[(value.limb(nibble / 16) >> (4 * (nibble % 16))) & 0xf]);
  return out;
}

}  // namespace plexus
