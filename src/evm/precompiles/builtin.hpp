#pragma once
// The individual precompiles behind the dispatch table in precompiles.cpp. Each one is a gas
// function (saturating: an input too expensive to price is kGasUnaffordable) and a run function
// whose error means "failed, all gas consumed".
#include <cstdint>
#include <limits>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::evm::precompiles::builtin {

inline constexpr std::uint64_t kGasUnaffordable = std::numeric_limits<std::uint64_t>::max();

// base + per_word * ceil(size / 32), as the hashing precompiles and identity charge.
[[nodiscard]] constexpr std::uint64_t word_gas(std::uint64_t base, std::uint64_t per_word,
                                               std::size_t size) noexcept {
  return base + per_word * ((static_cast<std::uint64_t>(size) + 31) / 32);
}

[[nodiscard]] Result<Bytes> ecrecover(BytesView input);
[[nodiscard]] Result<Bytes> sha256(BytesView input);
[[nodiscard]] Result<Bytes> ripemd160(BytesView input);
[[nodiscard]] Result<Bytes> identity(BytesView input);

// EIP-2565 pricing (Berlin..Prague), and from Osaka EIP-7883's with EIP-7823's bound: a length
// field above 1024 bytes makes the call fail (kGasUnaffordable).
[[nodiscard]] std::uint64_t modexp_gas(BytesView input) noexcept;
[[nodiscard]] std::uint64_t modexp_gas_osaka(BytesView input) noexcept;
[[nodiscard]] Result<Bytes> modexp(BytesView input);

[[nodiscard]] std::uint64_t blake2f_gas(BytesView input) noexcept;
[[nodiscard]] Result<Bytes> blake2f(BytesView input);

// 0x100 P256VERIFY (EIP-7951): 32-byte 1 for a valid signature, empty output otherwise.
[[nodiscard]] Result<Bytes> p256verify(BytesView input);

// EIP-2537 prices: the MSMs per pair with a discount by pair count, the pairing per pair.
[[nodiscard]] std::uint64_t bls12_g1_msm_gas(BytesView input) noexcept;
[[nodiscard]] std::uint64_t bls12_g2_msm_gas(BytesView input) noexcept;
[[nodiscard]] std::uint64_t bls12_pairing_gas(BytesView input) noexcept;

// The curve precompiles (0x06-0x08 bn254, 0x0a KZG, 0x0b-0x11 BLS12-381) are plexus::curves
// functions.

}  // namespace plexus::evm::precompiles::builtin
