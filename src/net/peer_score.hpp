#pragma once
// Peer scoring and bans. Every peer starts at 0; each offense subtracts its penalty, and a peer
// whose score reaches the ban threshold is disconnected and refused for `ban_duration`. Offenses
// that only a broken or hostile peer commits (garbage on the wire, a lie about its identity, a
// replayed handshake) cost the whole threshold at once; those an honest peer can commit (an old
// protocol version, a skewed clock, bursts over the rate limit) cost little or nothing, and the
// score recovers by `recovery_per_minute`, so only a peer that keeps offending is banned.
// Bans are by node id: on loopback and behind NAT many nodes share an address.
#include <chrono>
#include <cstdint>
#include <map>

#include "net/types.hpp"

namespace plexus::net {

enum class Offense : std::uint8_t {
  kGarbageFrame,         // a frame whose envelope does not decode
  kOversizedFrame,       // a frame header over the cap
  kMalformedHandshake,   // a first message that is not a well-formed handshake
  kWrongNetwork,         // a handshake for another network id
  kIdentityMismatch,     // a claimed node id that is not the certificate's
  kReplayedHandshake,    // a handshake signature that does not cover this connection
  kBadAddressSignature,  // an advertised address not signed by the node
  kUnexpectedHandshake,  // a second handshake on an established connection
  kIncompatibleVersion,  // an honest peer running another protocol version
  kClockSkew,            // an honest peer whose clock is off by more than the limit
  kRateLimited,          // a message over the per-peer rate or byte limit
};
[[nodiscard]] const char* offense_name(Offense offense) noexcept;

struct ScoreConfig {
  std::int32_t ban_threshold = -100;
  std::int32_t recovery_per_minute = 10;
  std::chrono::nanoseconds ban_duration = std::chrono::minutes(10);
};
[[nodiscard]] std::int32_t penalty(Offense offense, const ScoreConfig& config) noexcept;

class PeerScores {
 public:
  explicit PeerScores(ScoreConfig config = {}) noexcept : config_(config) {}

  // Records the offense at monotonic time `now`; true when the peer is now banned.
  bool penalize(const NodeId& peer, Offense offense, std::chrono::nanoseconds now);
  [[nodiscard]] bool is_banned(const NodeId& peer, std::chrono::nanoseconds now) const;
  [[nodiscard]] std::int32_t score(const NodeId& peer, std::chrono::nanoseconds now) const;
  [[nodiscard]] const ScoreConfig& config() const noexcept { return config_; }

 private:
  struct Entry {
    std::int32_t score = 0;
    std::chrono::nanoseconds updated{0};
    std::chrono::nanoseconds banned_until{0};
  };
  [[nodiscard]] std::int32_t recovered(const Entry& entry, std::chrono::nanoseconds now) const;

  ScoreConfig config_;
  std::map<NodeId, Entry> entries_;
};

// A token bucket: `rate` units per second, holding at most `burst`. Used per peer for messages
// and for bytes received.
class TokenBucket {
 public:
  TokenBucket(double rate_per_second, double burst) noexcept
      : rate_(rate_per_second), burst_(burst), tokens_(burst) {}
  // Takes `amount` tokens if present at monotonic time `now`.
  bool take(double amount, std::chrono::nanoseconds now) noexcept;

 private:
  double rate_;
  double burst_;
  double tokens_;
  std::chrono::nanoseconds last_{0};
  bool started_ = false;
};

}  // namespace plexus::net
