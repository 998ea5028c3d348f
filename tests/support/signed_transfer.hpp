#pragma once
// A signed EIP-1559 transfer on the default dev chain id (or another), as the chain, consensus
// and network tests (and the block-import fuzz target) send them.
#include "core/transaction.hpp"

namespace plexus::testing {

[[nodiscard]] inline Bytes signed_transfer(const secp256k1::PrivateKey& key, std::uint64_t nonce,
                                           const Address& to, const uint256& value = 1,
                                           std::uint64_t chain_id = 31337) {
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = chain_id;
  t.nonce = nonce;
  t.max_fee_per_gas = uint256(10'000'000'000ULL);
  t.gas_limit = 21000;
  t.to = to;
  t.value = value;
  tx::sign(t, key);
  return tx::encode(t);
}

}  // namespace plexus::testing
