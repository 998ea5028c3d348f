#pragma once
// Strict hexadecimal encoding. Decoding rejects odd lengths and non-hex digits; whether the
// "0x" prefix is required, optional or forbidden is the caller's explicit choice.
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus {

enum class HexPrefix { kRequired, kOptional, kForbidden };

[[nodiscard]] std::string to_hex(BytesView data, bool with_prefix = true);
template <std::size_t N>
[[nodiscard]] std::string to_hex(const FixedBytes<N>& v, bool with_prefix = true) {
  return to_hex(v.view(), with_prefix);
}

[[nodiscard]] Result<Bytes> from_hex(std::string_view text, HexPrefix prefix = HexPrefix::kOptional);

// Exactly N bytes of hex (2N digits), e.g. an address or a hash.
template <std::size_t N>
[[nodiscard]] Result<FixedBytes<N>> fixed_from_hex(std::string_view text,
                                                   HexPrefix prefix = HexPrefix::kOptional) {
  PLEXUS_TRY(Bytes raw, from_hex(text, prefix));
  if (raw.size() != N)
    return fail(Errc::kInvalidArgument, "hex: expected " + std::to_string(N) + " bytes, got " +
                                            std::to_string(raw.size()));
  FixedBytes<N> out;
  std::copy(raw.begin(), raw.end(), out.bytes.begin());
  return out;
}

// For tests and tools: decodes or throws std::invalid_argument. Never use on untrusted input paths
// that must not throw.
[[nodiscard]] Bytes hex_or_throw(std::string_view text);

}  // namespace plexus
