#pragma once
// Small constructors shared by the state tests.
#include "core/bytes.hpp"
#include "core/uint256.hpp"

namespace plexus::transition::testing {

// The address 0x00..00<last>.
inline Address addr(Byte last) {
  Address a;
  a[19] = last;
  return a;
}

inline Bytes32 word(std::uint64_t v) { return to_bytes32(uint256(v)); }

}  // namespace plexus::transition::testing
