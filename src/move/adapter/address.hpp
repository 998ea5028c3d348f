#pragma once
// The Move subnet's address mapping: the VM runs with 32-byte addresses, accounts are the
// chain's 20-byte addresses. A 20-byte address A is the Move address 0x000000000000000000000000A
// (twelve zero bytes, then A); a Move address whose first twelve bytes are not zero names no
// account (nothing can be published or stored there).
#include <algorithm>
#include <optional>

#include "core/bytes.hpp"

namespace plexus::move {

inline constexpr std::size_t kMoveAddressLength = 32;
inline constexpr std::size_t kPadding = kMoveAddressLength - 20;

[[nodiscard]] inline Bytes to_move_address(const Address& a) {
  Bytes out(kMoveAddressLength, 0);
  std::copy(a.bytes.begin(), a.bytes.end(), out.begin() + kPadding);
  return out;
}

// nullopt unless `move_address` is 32 bytes with twelve leading zero bytes.
[[nodiscard]] inline std::optional<Address> to_account(BytesView move_address) {
  if (move_address.size() != kMoveAddressLength ||
      !std::all_of(move_address.begin(), move_address.begin() + kPadding,
                   [](Byte b) { return b == 0; }))
    return std::nullopt;
  Address out{};
  std::copy(move_address.begin() + kPadding, move_address.end(), out.bytes.begin());
  return out;
}

}  // namespace plexus::move
