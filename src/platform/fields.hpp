#pragma once
// RLP field helpers shared by the platform's encodings (operations, records, blocks), so each
// encoding reads as a list of fields and every decoder fails the same way on a malformed one.
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/rlp.hpp"
#include "core/uint256.hpp"

namespace plexus::platform::fields {

[[nodiscard]] Bytes text(std::string_view value);
[[nodiscard]] Bytes bytes(BytesView value);
[[nodiscard]] Bytes u256(const uint256& value);
[[nodiscard]] Bytes addresses(const std::vector<Address>& values);

// Decodes `encoded` as a list of exactly `count` items; `what` names it in errors.
[[nodiscard]] Result<std::vector<rlp::Item>> list(BytesView encoded, std::size_t count,
                                                  std::string_view what, Errc code = Errc::kDecode);
[[nodiscard]] Result<std::vector<rlp::Item>> items(const rlp::Item& item, std::string_view what);
[[nodiscard]] Result<Bytes> read_bytes(const rlp::Item& item, std::string_view what);
[[nodiscard]] Result<std::string> read_text(const rlp::Item& item, std::string_view what);
[[nodiscard]] Result<Address> read_address(const rlp::Item& item, std::string_view what);
[[nodiscard]] Result<Hash256> read_hash(const rlp::Item& item, std::string_view what);
[[nodiscard]] Result<uint256> read_u256(const rlp::Item& item);
[[nodiscard]] Result<std::uint32_t> read_u32(const rlp::Item& item, std::string_view what);
[[nodiscard]] Result<std::vector<Address>> read_addresses(const rlp::Item& item,
                                                          std::string_view what);

}  // namespace plexus::platform::fields
