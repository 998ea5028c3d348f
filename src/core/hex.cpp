#include "core/hex.hpp"

#include <stdexcept>

namespace plexus {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(BytesView data, bool with_prefix) {
  std::string out;
  out.reserve(data.size() * 2 + 2);
  if (with_prefix) out = "0x";
  for (Byte b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

Result<Bytes> from_hex(std::string_view text, HexPrefix prefix) {
  const bool has_prefix = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (prefix == HexPrefix::kRequired && !has_prefix)
    return fail(Errc::kInvalidArgument, "hex: missing 0x prefix");
  if (prefix == HexPrefix::kForbidden && has_prefix)
    return fail(Errc::kInvalidArgument, "hex: unexpected 0x prefix");
  if (has_prefix) text.remove_prefix(2);
  if (text.size() % 2 != 0) return fail(Errc::kInvalidArgument, "hex: odd number of digits");
  Bytes out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = digit_value(text[2 * i]);
    const int lo = digit_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return fail(Errc::kInvalidArgument,
                  "hex: invalid digit at position " + std::to_string(2 * i + (hi < 0 ? 0 : 1)));
    out[i] = static_cast<Byte>(hi << 4 | lo);
  }
  return out;
}

Bytes hex_or_throw(std::string_view text) {
  auto r = from_hex(text, HexPrefix::kOptional);
  if (!r) throw std::invalid_argument(r.error().to_string());
  return std::move(*r);
}

}  // namespace plexus
