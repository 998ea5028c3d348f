#pragma once
// Precompiled contracts 0x01..0x0a (Cancun). Pure functions of their input: no state access.
#include <cstdint>

#include "core/bytes.hpp"
#include "evm/host.hpp"

namespace plexus::evm::precompiles {

struct Output {
  bool success = false;
  std::int64_t gas_used = 0;  // equals the gas limit on failure (all gas is consumed)
  Bytes data;
};

[[nodiscard]] bool is_precompile(const Address& addr, Revision rev) noexcept;
// Runs the precompile at `addr` (which must satisfy is_precompile) with at most `gas_limit` gas.
[[nodiscard]] Output execute(const Address& addr, BytesView input, std::int64_t gas_limit);

}  // namespace plexus::evm::precompiles
