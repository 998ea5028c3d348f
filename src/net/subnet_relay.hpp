#pragma once
// A subnet's traffic over a Transport: the shared relay (transaction gossip, engine messages;
// relay.hpp) plus block announcements and block sync.
//
//   kBlockAnnounce  rlp(block): a block a peer accepted; goes to the engine (the follower
//                   verifies it, or holds it and asks for the gap)
//   kBlockRequest   rlp([first, last]): answered with the accepted blocks in that range that fit
//                   in one frame (at most kMaxBlocksPerResponse)
//   kBlockResponse  rlp([block, ...]): each goes to the engine like an announcement
// When a peer connects, the relay announces its head, so a node that was down or started late
// learns how far behind it is and fetches the rest from whoever answers.
#include "chain/subnet_chain.hpp"
#include "net/relay.hpp"

namespace plexus::net {

class SubnetRelay final : public Relay {
 public:
  static constexpr std::uint64_t kMaxBlocksPerResponse = 64;

  SubnetRelay(Transport& transport, SubnetId id, chain::SubnetChain& chain,
              std::uint32_t max_frame_bytes)
      : Relay(transport, id, max_frame_bytes), chain_(chain) {}

  // consensus::Outbox
  void announce_block(const chain::Block& block) override;
  void request_blocks(std::uint64_t first, std::uint64_t last) override;

  // Also announces the head, so that a lost announcement delays a block but never loses it.
  void tick() override;
  void on_message(const NodeId& peer, const Message& message) override;
  void on_connect(const NodeId& peer) override;

 private:
  [[nodiscard]] Result<void> admit(BytesView raw) override;
  [[nodiscard]] std::vector<Bytes> pooled(std::size_t max) const override {
    return chain_.pooled_transactions(max);
  }
  void on_blocks(const NodeId& peer, BytesView payload, bool list);
  void on_request(const NodeId& peer, BytesView payload);

  chain::SubnetChain& chain_;
  std::mutex peer_mutex_;
  std::size_t next_peer_ = 0;  // round robin for block requests
};

}  // namespace plexus::net
