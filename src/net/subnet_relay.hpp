#pragma once
// One subnet's traffic over a Transport: transaction gossip, block announcements and block sync.
// It is the network side of consensus::Outbox for that subnet's engine, and the node's router
// hands it every message tagged with the subnet's id.
//
//   kTransactions   rlp([tx, ...]): each new one (by hash) is admitted to the chain's pool and
//                   passed on to the other peers; one already seen is dropped, so a flood of
//                   duplicates costs a hash lookup each
//   kBlockAnnounce  rlp(block): a block a peer accepted; goes to the engine (the follower
//                   verifies it, or holds it and asks for the gap)
//   kBlockRequest   rlp([first, last]): answered with the accepted blocks in that range that fit
//                   in one frame (at most kMaxBlocksPerResponse)
//   kBlockResponse  rlp([block, ...]): each goes to the engine like an announcement
//   kConsensus      an engine's own message (bft votes, proposals, certificates), handed to the
//                   engine as it is
// When a peer connects, the relay announces its head, so a node that was down or started late
// learns how far behind it is and fetches the rest from whoever answers.
//
// Thread-safety: on_message, on_connect and the Outbox calls may come from any thread.
#include <cstdint>
#include <deque>
#include <mutex>
#include <set>

#include "chain/subnet_chain.hpp"
#include "consensus/engine.hpp"
#include "net/transport.hpp"

namespace plexus::net {

// The 32-byte id of a subnet on the wire: keccak256("plexus subnet " ++ name).
[[nodiscard]] SubnetId subnet_id(std::string_view name);

class SubnetRelay final : public consensus::Outbox {
 public:
  static constexpr std::uint64_t kMaxBlocksPerResponse = 64;
  static constexpr std::size_t kSeenTransactions = 65'536;  // remembered hashes, oldest forgotten

  SubnetRelay(Transport& transport, SubnetId id, chain::SubnetChain& chain,
              std::uint32_t max_frame_bytes);
  // The engine blocks from peers go to; set before the transport delivers anything.
  void set_engine(consensus::Engine* engine) { engine_ = engine; }

  // consensus::Outbox
  void announce_block(const chain::Block& block) override;
  void request_blocks(std::uint64_t first, std::uint64_t last) override;
  void report_peer(const consensus::NodeId& peer, const Error& why) override;
  void send_consensus(const consensus::NodeId* to, Bytes payload) override;

  // A transaction this node admitted itself (eth_sendRawTransaction): tell the peers.
  void gossip_transaction(BytesView raw);
  // Called every second or so: offers the peers the pooled transactions again and announces the
  // head, so that a lost gossip or announcement delays a transaction or a block but never loses
  // it (each peer drops what it already has for the price of a lookup).
  void tick();
  static constexpr std::size_t kRegossipBatch = 256;
  void on_message(const NodeId& peer, const Message& message);
  void on_connect(const NodeId& peer);

  struct Stats {
    std::uint64_t transactions_admitted = 0;
    std::uint64_t transactions_duplicate = 0;
    std::uint64_t transactions_refused = 0;
    std::uint64_t blocks_received = 0;
    std::uint64_t blocks_served = 0;
    std::uint64_t bad_messages = 0;
  };
  [[nodiscard]] Stats stats() const;

 private:
  // Remembers `hash`; false if it was already known.
  bool first_sighting(const Hash256& hash);
  void broadcast(const Message& message, const NodeId* except);
  void on_transactions(const NodeId& peer, BytesView payload);
  void on_blocks(const NodeId& peer, BytesView payload, bool list);
  void on_request(const NodeId& peer, BytesView payload);
  void bad_message(const NodeId& peer, const Error& why);

  Transport& transport_;
  const SubnetId id_;
  chain::SubnetChain& chain_;
  const std::uint32_t max_frame_bytes_;
  consensus::Engine* engine_ = nullptr;
  mutable std::mutex mutex_;  // guards what follows
  std::set<Hash256> seen_;
  std::deque<Hash256> seen_order_;
  std::size_t next_peer_ = 0;  // round robin for block requests
  Stats stats_;
};

}  // namespace plexus::net
