#pragma once
// Precompiled contracts: 0x01..0x0a (Cancun), 0x0b..0x11 BLS12-381 (Prague, EIP-2537), 0x100
// P256VERIFY (Osaka, EIP-7951). Pure functions of their input: no state access.
#include <cstdint>
#include <span>

#include "core/bytes.hpp"
#include "evm/host.hpp"

namespace plexus::evm::precompiles {

struct Output {
  bool success = false;
  std::int64_t gas_used = 0;  // equals the gas limit on failure (all gas is consumed)
  Bytes data;
};

[[nodiscard]] bool is_precompile(const Address& addr, Revision rev) noexcept;
// Runs the precompile at `addr` (which must satisfy is_precompile in `rev`) with at most
// `gas_limit` gas; `rev` also picks the MODEXP rules (EIP-7823/7883 from Osaka) and the
// P256VERIFY price.
[[nodiscard]] Output execute(const Address& addr, BytesView input, std::int64_t gas_limit,
                             Revision rev = Revision::kCancun);
// Every precompile address of `rev`, in order (the transaction warms them all, EIP-2929).
[[nodiscard]] std::span<const Address> addresses(Revision rev) noexcept;

}  // namespace plexus::evm::precompiles
