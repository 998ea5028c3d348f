#pragma once
#include "core/bytes.hpp"

namespace plexus::evm::precompiles {

// 0x00..00nn, the address of precompile number n.
inline Address precompile_address(Byte n) {
  Address a;
  a[Address::size() - 1] = n;
  return a;
}

}  // namespace plexus::evm::precompiles
