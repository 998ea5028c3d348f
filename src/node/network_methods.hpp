#pragma once
// The JSON-RPC methods of a node that is part of a network (answered on every endpoint):
//   plexus_nodeInfo  {nodeId, version, networkId, peers (count), subnets: [{name, headNumber,
//                    headHash, finalizedNumber, role: "producer" | "follower"}]}
//   plexus_peers     [{nodeId}] for every connected peer
#include "net/transport.hpp"
#include "node/dev_network.hpp"
#include "rpc/dispatcher.hpp"

namespace plexus::node {

// `transport` and `network` must outlive the dispatcher's use.
void add_network_methods(rpc::Dispatcher& dispatcher, const net::Transport& transport,
                         const DevNetwork& network);

}  // namespace plexus::node
