#pragma once
// What consensus needs of the network, defined here so that engines never depend on the network
// layer: `net` implements it (gossip, block announcements, sync), and tests implement it with a
// direct in-memory hand-over. An engine without an Outbox runs alone (plexus dev).
#include <cstdint>

#include "chain/block.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::consensus {

// A node's identity on the network: 20 bytes derived from its staking certificate's public key.
using NodeId = FixedBytes<20>;

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Tells the subnet's peers about a block this node accepted.
  virtual void announce_block(const chain::Block& block) = 0;
  // Asks peers for the accepted blocks numbered from `first` to `last` (inclusive); they arrive
  // through Engine::on_block like any other.
  virtual void request_blocks(std::uint64_t first, std::uint64_t last) = 0;
  // `peer` sent a block that failed verification (`why`): the network scores it down.
  virtual void report_peer(const NodeId& peer, const Error& why) = 0;
  // An engine's own message (votes, proposals, certificates), opaque to the network: to one
  // peer, or to every peer of the subnet when `to` is null. Sent ahead of blocks and
  // transactions. Engines that need none (dev, follower) never call it.
  virtual void send_consensus(const NodeId* to, Bytes payload) {
    (void)to;
    (void)payload;
  }
};

}  // namespace plexus::consensus
