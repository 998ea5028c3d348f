#pragma once
// Small values shared by the rpc tests.
#include "core/bytes.hpp"

namespace plexus::rpc::testing {

inline Hash256 filled(Byte b) {
  Hash256 h;
  h.bytes.fill(b);
  return h;
}

}  // namespace plexus::rpc::testing
