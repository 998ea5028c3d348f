#pragma once
// The vocabulary shared by every part of the network layer.
#include <cstdint>
#include <string>

#include "core/bytes.hpp"

namespace plexus::net {

// First 20 bytes of SHA-256 of the node's Ed25519 staking public key (net/identity.hpp).
using NodeId = FixedBytes<20>;
// Subnets are named by 32-byte ids, as Avalanche names its blockchains and subnets; the all-zero
// id is the primary network and also tags node-level messages (handshake, ping, pong).
using SubnetId = FixedBytes<32>;
inline constexpr SubnetId kPrimaryNetwork{};

struct Endpoint {
  std::string host;  // an IP address literal; names are not resolved by the transport
  std::uint16_t port = 0;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};
[[nodiscard]] std::string to_string(const Endpoint& endpoint);

enum class MessageKind : std::uint8_t {
  kHandshake = 1,
  kPing = 2,
  kPong = 3,
  kTransactions = 4,     // gossip of one or more encoded transactions
  kBlockAnnounce = 5,    // a new block's hash and height
  kBlockRequest = 6,     // ask for blocks by height range
  kBlockResponse = 7,    // blocks answering a request
  kConsensus = 8,        // an engine's message; opaque to the network layer
  kMessageShares = 9,    // validators' signature shares of cross-subnet messages (node-level)
};
inline constexpr std::uint8_t kMaxMessageKind = 9;
[[nodiscard]] const char* kind_name(MessageKind kind) noexcept;

// Send classes, most urgent first: a slow transaction flood must not delay a vote.
enum class Priority : std::uint8_t { kConsensus = 0, kBlocks = 1, kTransactions = 2 };
inline constexpr std::size_t kPriorityCount = 3;
// The class a message kind normally travels in; control messages ride with consensus.
[[nodiscard]] Priority default_priority(MessageKind kind) noexcept;

struct Message {
  MessageKind kind = MessageKind::kPing;
  SubnetId subnet{};
  Bytes payload;
  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace plexus::net
