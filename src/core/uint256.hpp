#pragma once
// 256-bit unsigned integer used by the EVM and for balances everywhere.
//
// PROVISIONAL: backed by Boost.Multiprecision's fixed-width type until the hand-written limb
// implementation is measured against it (see the uint256 benchmark). Code outside this header must
// use only the API listed here so the backing type can change:
//   - arithmetic/bitwise/comparison operators (+ - * / % & | ^ ~ << >> == <=>-style comparisons),
//     construction from std::uint64_t, explicit conversion static_cast<std::uint64_t>(x) (low 64 bits);
//   - the free functions below.
// Division and modulo by zero are undefined here; EVM semantics (x/0 == 0) live in src/evm.
#include <boost/multiprecision/cpp_int.hpp>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus {

using uint256 = boost::multiprecision::uint256_t;
using Bytes32 = FixedBytes<32>;

// Big-endian load of at most 32 bytes (right-aligned, shorter input is zero-extended on the left).
[[nodiscard]] uint256 load_be(BytesView big_endian) noexcept;
[[nodiscard]] uint256 from_bytes32(const Bytes32& word) noexcept;
[[nodiscard]] Bytes32 to_bytes32(const uint256& value) noexcept;
// Minimal big-endian bytes (empty for zero), as RLP wants integers.
[[nodiscard]] Bytes to_minimal_be(const uint256& value);
// "0x..." hex (at most 64 digits) or decimal; anything else, or overflow, is an error.
[[nodiscard]] Result<uint256> parse_uint256(std::string_view text);
// "0x" followed by minimal lower-case hex digits ("0x0" for zero).
[[nodiscard]] std::string to_hex_string(const uint256& value);
// True if the value fits in 64 bits.
[[nodiscard]] bool fits_uint64(const uint256& value) noexcept;

}  // namespace plexus
