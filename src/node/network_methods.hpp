#pragma once
// The JSON-RPC methods of a node that is part of a network (answered on every endpoint):
//   plexus_nodeInfo  {nodeId, version, networkId, peers (count), subnets: [{name, headNumber,
//                    headHash, finalizedNumber, consensus: "dev" | "bft", role: "producer" |
//                    "follower" (dev) or "validator" | "observer" (bft), and under bft round and
//                    evidence (contradicting votes this node has seen)}]}
//   plexus_peers     [{nodeId}] for every connected peer
//   plexus_getFinalityCertificate(subnet, height)  subnet by name ("evm") or 0x id; null while
//                    the block is not final; else {subnet, subnetId, epoch, height,
//                    certifiedHeight (the block the certificate names: the one asked for, or a
//                    descendant that finalized it), blockHash, round, certificate (rlp([signers
//                    bitset, BLS aggregate]) hex), signers: [nodeId]}. A finalize vote signs
//                    ("plexus/bft/vote/v1", subnetId, rlp([3, epoch, round, certifiedHeight,
//                    blockHash])); `plexus verify-certificate` checks one.
#include "net/transport.hpp"
#include "node/dev_network.hpp"
#include "rpc/dispatcher.hpp"

namespace plexus::node {

// `transport` and `network` must outlive the dispatcher's use.
void add_network_methods(rpc::Dispatcher& dispatcher, const net::Transport& transport,
                         DevNetwork& network);

}  // namespace plexus::node
