#pragma once
// One chain's traffic over a Transport, the part every chain shares: transaction gossip and the
// engine's own messages. It is the network side of consensus::Outbox for that chain's engine,
// and the node's Router hands it every message tagged with the chain's id.
//
//   kTransactions   rlp([tx, ...]): each new one (by hash) is admitted to the chain's pool and
//                   passed on to the other peers; one already seen is dropped, so a flood of
//                   duplicates costs a hash lookup each
//   kConsensus      an engine's own message (bft votes, proposals, certificates), handed to the
//                   engine as it is
// A subnet's chain adds block announcements and sync (SubnetRelay); the primary network's chain
// runs bft, which carries its blocks in its own messages (PlatformRelay).
//
// Thread-safety: on_message, on_connect and the Outbox calls may come from any thread.
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "consensus/engine.hpp"
#include "core/rlp.hpp"
#include "net/transport.hpp"

namespace plexus::net {

// The 32-byte id of a subnet on the wire: keccak256("plexus subnet " ++ name); the primary
// network's chain is the subnet "primary".
[[nodiscard]] SubnetId subnet_id(std::string_view name);

class Relay : public consensus::Outbox {
 public:
  static constexpr std::size_t kSeenTransactions = 65'536;  // remembered hashes, oldest forgotten
  static constexpr std::size_t kRegossipBatch = 256;

  Relay(Transport& transport, SubnetId id, std::uint32_t max_frame_bytes)
      : transport_(transport), id_(id), max_frame_bytes_(max_frame_bytes) {}

  // The engine messages go to; set before the transport delivers anything.
  void set_engine(consensus::Engine* engine) { engine_ = engine; }
  [[nodiscard]] const SubnetId& id() const noexcept { return id_; }

  // consensus::Outbox
  void report_peer(const consensus::NodeId& peer, const Error& why) override;
  void send_consensus(const consensus::NodeId* to, Bytes payload) override;

  // A transaction this node admitted itself (from JSON-RPC): tell the peers.
  void gossip_transaction(BytesView raw);
  // Called every second or so: offers the peers the pooled transactions again, so that a lost
  // gossip delays a transaction but never loses it (each peer drops what it already has for
  // the price of a lookup).
  virtual void tick();
  virtual void on_message(const NodeId& peer, const Message& message);
  virtual void on_connect(const NodeId&) {}

  struct Stats {
    std::uint64_t transactions_admitted = 0;
    std::uint64_t transactions_duplicate = 0;
    std::uint64_t transactions_refused = 0;
    std::uint64_t blocks_received = 0;
    std::uint64_t blocks_served = 0;
    std::uint64_t bad_messages = 0;
  };
  [[nodiscard]] Stats stats() const;

 protected:
  // Admits a transaction from a peer to the chain's pool (kValidation and the like if refused).
  [[nodiscard]] virtual Result<void> admit(BytesView raw) = 0;
  // Up to `max` pooled transactions, encoded, to offer again.
  [[nodiscard]] virtual std::vector<Bytes> pooled(std::size_t max) const = 0;

  // Remembers `hash`; false if it was already known.
  bool first_sighting(const Hash256& hash);
  void broadcast(const Message& message, const NodeId* except);
  void bad_message(const NodeId& peer, const Error& why);
  void count(std::uint64_t Stats::*counter, std::uint64_t n = 1);
  [[nodiscard]] consensus::Engine* engine() const noexcept { return engine_; }

  Transport& transport_;
  const SubnetId id_;
  const std::uint32_t max_frame_bytes_;

 private:
  void on_transactions(const NodeId& peer, BytesView payload);

  consensus::Engine* engine_ = nullptr;
  mutable std::mutex mutex_;  // guards what follows
  // Hashed, not ordered: every gossiped transaction is looked up here on each of its copies, and
  // a 65,536-entry tree cost a miss-prone 16-level descent each time (about 4% of a throughput
  // run's CPU, perf). Never iterated, so its order reaches nothing. Buckets are chosen with a
  // per-process secret: the hashes are of bytes a peer chooses, and one that could aim them at a
  // single bucket would turn every lookup there into a list walk.
  struct SeenHasher {
    std::size_t operator()(const Hash256& hash) const noexcept;
  };
  std::unordered_set<Hash256, SeenHasher> seen_;
  std::deque<Hash256> seen_order_;
  Stats stats_;
};

// The items of a payload that must be one RLP list.
[[nodiscard]] Result<std::vector<rlp::Item>> decode_payload_list(BytesView payload);

}  // namespace plexus::net
