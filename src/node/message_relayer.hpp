#pragma once
// The relayer built into every node (docs/MESSAGING.md, Relaying). It reads the messages of the
// final blocks of the subnets this node runs; where this node validates the source subnet it
// signs each at the source set's stable platform height and gossips its share
// (net kind kMessageShares); shares from peers and its own are aggregated into certificates;
// where this node runs the destination subnet and has a paying key, it submits the delivery
// (the messenger's deliverMessage) to the destination's pool, which gossips it on.
//
// Duplicates are avoided, not forbidden: the destination's validators take turns by a rank
// derived from the message id, and each checks the messenger's status before it submits, so
// one delivery lands and a late duplicate is refused as a replay. When the source's set changes,
// its new members sign again at the new height, so a message whose old certificate no longer
// holds the quorum at the destination's platform height is still delivered.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "chain/subnet_chain.hpp"
#include "core/bls/bls.hpp"
#include "core/secp256k1.hpp"
#include "messaging/share_pool.hpp"
#include "platform/registry.hpp"

namespace plexus::node {

// A subnet this node runs, as the relayer sees it.
struct RelayedChain {
  std::string name;
  const chain::SubnetChain* chain = nullptr;
  // Admits a signed transaction to the chain's pool and gossips it.
  std::function<Result<Hash256>(BytesView raw)> submit;
  // The platform height the chain's next block will be checked at.
  std::function<std::uint64_t()> next_platform_height;
};

struct MessageRelayerConfig {
  std::uint32_t network_id = 0;
  const platform::PlatformRegistry* registry = nullptr;
  Address self{};                              // this node's id, as validator sets name it
  std::optional<bls::SecretKey> bls_key;       // none: this node signs nothing
  std::optional<secp256k1::PrivateKey> payer;  // none: this node submits no deliveries
  std::function<std::vector<RelayedChain>()> chains;
  std::function<void(Bytes payload)> broadcast;  // to every peer; unset: a node alone
  std::chrono::milliseconds poll{20};
  std::chrono::milliseconds resubmit{3000};  // a delivery not landed by then is sent again
  std::chrono::milliseconds turn{1000};      // the wait of each rank before its turn
  std::chrono::minutes expiry{10};           // a message not delivered by then is dropped here
  std::uint64_t lookback = 1000;  // final blocks read again at start, for undelivered messages
};

class MessageRelayer {
 public:
  explicit MessageRelayer(MessageRelayerConfig config);
  ~MessageRelayer();  // stops
  MessageRelayer(const MessageRelayer&) = delete;
  MessageRelayer& operator=(const MessageRelayer&) = delete;

  void start();
  void stop();
  // A block was written on some subnet: look now rather than at the next poll.
  void wake();
  // Shares from a peer (kMessageShares); an error names what was wrong, for the peer's score.
  [[nodiscard]] Result<void> on_shares(BytesView payload);
  // The signed message of `id`, once a certificate is made here.
  [[nodiscard]] std::optional<Bytes> certified(const Hash256& id) const;

  struct Stats {
    std::uint64_t seen = 0;  // messages read from final blocks
    std::uint64_t signed_shares = 0;
    std::uint64_t certified = 0;
    std::uint64_t submitted = 0;
    std::uint64_t delivered = 0;  // seen delivered (or failed) on the destination
    std::uint64_t bad_shares = 0;
  };
  [[nodiscard]] Stats stats() const;

 private:
  struct Pending {
    Bytes message;
    messaging::SubnetKey source{};
    messaging::SubnetKey destination{};
    std::string source_name;  // empty when this node does not run the source
    std::optional<std::uint64_t> signed_height;
    int broadcasts = 0;
    std::chrono::steady_clock::time_point since, last_broadcast, last_submit, last_status;
  };

  void run();
  void step();
  void scan(const RelayedChain& chain);
  void track(const Hash256& id, BytesView message, const std::string& source_name);
  void sign(Pending& pending, std::vector<messaging::MessageShare>& out);
  // Whether the delivery is done with (delivered, failed, or never to be made here).
  bool deliver(const Hash256& id, Pending& pending, const RelayedChain& destination);
  [[nodiscard]] std::optional<std::uint64_t> stable_height(const std::string& subnet);
  [[nodiscard]] std::size_t rank(const Hash256& id, const std::string& destination) const;

  MessageRelayerConfig config_;
  messaging::SharePool pool_;
  mutable std::mutex mutex_;  // guards what follows, up to the thread's own state
  std::condition_variable wake_;
  bool running_ = false;
  bool woken_ = false;
  std::vector<Bytes> inbox_;  // messages first heard of from peers' shares
  Stats stats_;
  // The relayer thread's own.
  std::map<Hash256, Pending> pending_;
  std::map<std::string, std::uint64_t> scanned_;  // subnet -> last final block read
  // subnet -> (registry height it was computed at, stable height)
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> stable_;
  std::thread thread_;
};

}  // namespace plexus::node
