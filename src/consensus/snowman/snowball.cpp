#include "consensus/snowman/snowball.hpp"

namespace plexus::consensus::snowman {

void Snowball::add(const Hash256& block) {
  if (!decided_) successes_.emplace(block, 0);
}

std::optional<Hash256> Snowball::preference() const {
  return preference([](const Hash256&) { return true; });
}

std::optional<Hash256> Snowball::preference(
    const std::function<bool(const Hash256&)>& eligible) const {
  if (decided_) return last_;
  std::optional<Hash256> best;
  std::size_t most = 0;
  for (const auto& [block, successes] : successes_) {  // by hash: the lowest among equals
    if (successes == 0 && !eligible(block)) continue;
    if (best && successes <= most) continue;
    best = block;
    most = successes;
  }
  return best;
}

void Snowball::record_failure(const std::optional<Hash256>& most) {
  confidence_ = 0;
  if (++failures_ < beta_) return;
  failures_ = 0;
  for (auto& [block, successes] : successes_) successes = most == block ? 1 : 0;
}

void Snowball::record_poll(std::size_t votes, const Hash256& block) {
  if (decided_) return;
  const auto it = successes_.find(block);
  if (it == successes_.end() || votes < alpha_preference_)
    return record_failure(it == successes_.end() ? std::nullopt : std::optional<Hash256>(block));
  failures_ = 0;
  ++it->second;
  if (votes < alpha_confidence_) {
    confidence_ = 0;
    return;
  }
  confidence_ = last_ == block ? confidence_ + 1 : 1;
  last_ = block;
  decided_ = confidence_ >= beta_;
}

std::optional<Hash256> Snowball::decided() const { return decided_ ? last_ : std::nullopt; }

}  // namespace plexus::consensus::snowman
