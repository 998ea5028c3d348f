#pragma once
// Signature shares of cross-subnet messages, as validators of the source subnet gossip them
// (net kind kMessageShares), and their aggregation into certificates (docs/MESSAGING.md,
// Relaying).
//
//   shares  = rlp([share, ...])                       at most kMaxSharesPerFrame
//   share   = rlp([unsigned message, platform height, BLS public key (48), signature (96)])
//
// A pool keeps the shares of each message by the platform height they were made at. Shares are
// taken on trust at first (a pairing each would cost a hundred pairings per message on a set of
// a hundred); once the signers hold the quorum the aggregate is checked once, and only if it
// fails is every share checked, the bad ones dropped and their senders named.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "core/bls/bls.hpp"
#include "messaging/verify.hpp"

namespace plexus::messaging {

inline constexpr std::size_t kMaxSharesPerFrame = 256;

struct MessageShare {
  Bytes message;  // the unsigned message
  std::uint64_t platform_height = 0;
  Bytes bls_key;  // 48 bytes, compressed
  bls::Signature signature;
};

[[nodiscard]] Bytes encode_shares(std::span<const MessageShare> shares);
[[nodiscard]] Result<std::vector<MessageShare>> decode_shares(BytesView payload,
                                                              std::size_t max_payload);

// This validator's share of `message` at `platform_height`.
[[nodiscard]] MessageShare sign_share(const bls::SecretKey& key, BytesView message,
                                      std::uint64_t platform_height);

class SharePool {
 public:
  static constexpr std::size_t kMaxMessages = 4096;  // the oldest is forgotten first

  // The quorum, in basis points, that the destination of a message asks.
  using QuorumOf = std::function<std::uint32_t(const SubnetKey& destination)>;

  SharePool(ValidatorsAt validators, QuorumOf quorum)
      : validators_(std::move(validators)), quorum_(std::move(quorum)) {}

  struct Added {
    Hash256 id{};
    // Set when this share completed a certificate: the signed message.
    std::optional<Bytes> certified;
  };
  // kValidation when the share cannot count: a height this node does not know, a key not in the
  // source's set there, or a share found bad when the aggregate failed.
  [[nodiscard]] Result<Added> add(const MessageShare& share);
  // The signed message of `id`, once its shares made one (the latest height's).
  [[nodiscard]] std::optional<Bytes> certified(const Hash256& id) const;

 private:
  struct Entry {
    Bytes message;
    std::map<std::uint64_t, std::map<std::size_t, bls::Signature>> shares;  // height -> index
    std::optional<Bytes> certified;
    std::uint64_t certified_height = 0;
  };
  [[nodiscard]] Result<std::optional<Bytes>> try_certify(const Hash256& id, Entry& entry,
                                                         const SubnetKey& source,
                                                         std::uint64_t height,
                                                         std::uint32_t quorum_bps);

  ValidatorsAt validators_;
  QuorumOf quorum_;
  mutable std::mutex mutex_;  // guards what follows
  std::map<Hash256, Entry> entries_;
  std::deque<Hash256> order_;
};

}  // namespace plexus::messaging
