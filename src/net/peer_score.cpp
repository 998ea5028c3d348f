#include "net/peer_score.hpp"

#include <algorithm>

namespace plexus::net {

const char* offense_name(Offense offense) noexcept {
  switch (offense) {
    case Offense::kGarbageFrame: return "garbage frame";
    case Offense::kOversizedFrame: return "oversized frame";
    case Offense::kMalformedHandshake: return "malformed handshake";
    case Offense::kWrongNetwork: return "wrong network id";
    case Offense::kIdentityMismatch: return "certificate does not match the claimed node id";
    case Offense::kReplayedHandshake: return "replayed handshake";
    case Offense::kBadAddressSignature: return "bad address signature";
    case Offense::kUnexpectedHandshake: return "unexpected handshake";
    case Offense::kIncompatibleVersion: return "incompatible protocol version";
    case Offense::kClockSkew: return "clock skew";
    case Offense::kRateLimited: return "rate limited";
  }
  return "unknown offense";
}

std::int32_t penalty(Offense offense, const ScoreConfig& config) noexcept {
  switch (offense) {
    case Offense::kIncompatibleVersion:
    case Offense::kClockSkew: return 0;  // disconnected, not banned: it can fix itself
    case Offense::kRateLimited: return 5;
    default: return -config.ban_threshold;
  }
}

std::int32_t PeerScores::recovered(const Entry& entry, std::chrono::nanoseconds now) const {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now - entry.updated).count();
  const std::int64_t score = entry.score + minutes * config_.recovery_per_minute;
  return static_cast<std::int32_t>(std::min<std::int64_t>(score, 0));
}

bool PeerScores::penalize(const NodeId& peer, Offense offense, std::chrono::nanoseconds now) {
  Entry& entry = entries_[peer];
  entry.score = recovered(entry, now) - penalty(offense, config_);
  entry.updated = now;
  if (entry.score <= config_.ban_threshold) {
    entry.banned_until = now + config_.ban_duration;
    return true;
  }
  return is_banned(peer, now);
}

bool PeerScores::is_banned(const NodeId& peer, std::chrono::nanoseconds now) const {
  const auto it = entries_.find(peer);
  return it != entries_.end() && now < it->second.banned_until;
}

std::int32_t PeerScores::score(const NodeId& peer, std::chrono::nanoseconds now) const {
  const auto it = entries_.find(peer);
  return it == entries_.end() ? 0 : recovered(it->second, now);
}

bool TokenBucket::take(double amount, std::chrono::nanoseconds now) noexcept {
  if (started_) {
    const double seconds = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + std::max(0.0, seconds) * rate_);
  }
  started_ = true;
  last_ = now;
  if (tokens_ < amount) return false;
  tokens_ -= amount;
  return true;
}

}  // namespace plexus::net
