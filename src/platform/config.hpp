#pragma once
// What a primary network is started with: its rules' parameters (PlatformConfig) and its
// genesis, the content of block 0 (PlatformGenesis).
#include <functional>
#include <utility>
#include <vector>

#include "platform/operations.hpp"

namespace plexus::platform {

// Checks that `pop` proves possession of the BLS secret key behind `key` (both non-empty).
using BlsPopCheck = std::function<Result<void>(BytesView key, BytesView pop)>;

// Every field reaches the root through the rules, so all nodes of a network must use the same
// values. Fees are zero for now: operations pay nothing but their nonce.
struct PlatformConfig {
  uint256 min_stake = min_validator_stake();  // 2,000 PLX
  std::uint64_t min_staking_period = 1;       // platform heights
  std::uint64_t max_staking_period = kNoEnd;  // no limit
  std::size_t max_consensus_params = 1024;    // bytes of CreateSubnet::consensus_params
  std::size_t max_block_operations = 1024;
  // Unset until BLS signatures exist: then an operation carrying a BLS key is refused with
  // "not supported: BLS proof-of-possession check".
  BlsPopCheck check_bls_pop{};
};

struct PlatformGenesis {
  std::uint64_t network_id = 1337;
  std::uint64_t timestamp = 0;  // block 0's timestamp, in seconds
  std::vector<std::pair<Address, uint256>> balances{};
  // Block 0's operations, applied after the balances under the same rules (nonces included) as
  // any later block.
  std::vector<SignedOperation> operations{};
};

}  // namespace plexus::platform
