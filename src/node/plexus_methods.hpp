#pragma once
// plexus_* JSON-RPC methods: what a client needs to discover the network's subnets and their
// endpoints, answered on every endpoint.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "rpc/dispatcher.hpp"

namespace plexus::node {

struct SubnetInfo {
  std::string name;  // also the URL path segment: /subnet/<name>
  std::string vm;    // "evm", "wasm", "move"
  std::uint64_t chain_id = 0;
  bool running = false;
  std::string status;  // why a subnet is not running
  // The current head, read when a client asks.
  std::function<std::pair<std::uint64_t, Hash256>()> head;
};

// plexus_subnets: every subnet with its VM, chain id, endpoint path, state and head.
// plexus_getMoveResource: a Move resource by address and struct tag (Move subnet only).
void add_plexus_methods(rpc::Dispatcher& dispatcher, std::vector<SubnetInfo> subnets);

}  // namespace plexus::node
