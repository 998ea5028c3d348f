#pragma once
// Reading positional parameters in method implementations. Every failure is
// Errc::kInvalidArgument (JSON-RPC -32602) with go-ethereum's wording: "invalid argument 0: ...".
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/uint256.hpp"
#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

// The element at `index` of a params array; nullptr if it is absent or null and `required` is
// false. Named (object) params are refused: Ethereum methods are positional.
[[nodiscard]] Result<const json*> param_at(const json& params, std::size_t index,
                                           bool required = true);
// Also fails when params has more than `count` elements.
[[nodiscard]] Result<void> expect_at_most(const json& params, std::size_t count);

// QUANTITY: "0x" and minimal hex digits ("0x0", "0x1a").
[[nodiscard]] Result<std::uint64_t> quantity_u64(const json& value, std::size_t index);
[[nodiscard]] Result<uint256> quantity_u256(const json& value, std::size_t index);
// A 256-bit word as a QUANTITY or as hex with leading zeros (a storage slot as 32 zero-padded
// bytes, a signature's r): up to 64 hex digits, as go-ethereum and Hardhat accept.
[[nodiscard]] Result<uint256> word_value(const json& value, std::size_t index);
// DATA: "0x" and an even number of hex digits.
[[nodiscard]] Result<Bytes> data_bytes(const json& value, std::size_t index);
[[nodiscard]] Result<Address> address_value(const json& value, std::size_t index);
[[nodiscard]] Result<Hash256> hash_value(const json& value, std::size_t index);

// Encoders for results.
[[nodiscard]] std::string quantity(std::uint64_t value);
[[nodiscard]] std::string quantity(const uint256& value);
// Subscription and filter ids, shaped like go-ethereum's ("0x" + 32 hex digits). They need not
// be secret: a connection can only cancel its own subscriptions, and filters are per endpoint.
[[nodiscard]] std::string opaque_id(std::uint64_t n);

}  // namespace plexus::rpc
