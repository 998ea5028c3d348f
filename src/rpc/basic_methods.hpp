#pragma once
// The methods every endpoint answers without touching chain state: client identity, chain id,
// network status and web3_sha3. The node registers the state-dependent eth_* methods itself.
#include <cstdint>
#include <string>

#include "rpc/dispatcher.hpp"

namespace plexus::rpc {

struct EndpointInfo {
  std::uint64_t chain_id = 0;
  std::string client_version;  // e.g. "plexus/v0.1.0/linux-x86_64"
};

// web3_clientVersion, web3_sha3, net_version, net_listening, net_peerCount, eth_chainId,
// eth_syncing.
void add_basic_methods(Dispatcher& dispatcher, const EndpointInfo& info);

}  // namespace plexus::rpc
