#pragma once
// The senders this node recovered lately, by transaction hash (keccak256 of the signed bytes, so
// one hash means one signature and one sender). Under load a transaction often reaches a node
// twice: in a proposed block before its gossip, or by gossip after the pool already let it go
// into a block; recovering its sender (about 55 us, the costliest check a transaction gets) the
// second time finds nothing new. Only this node's own recoveries go in, so a hit is as good as
// recovering again. An entry serves only the fork it was recovered under (the signature rules
// change with forks: low s from Homestead, chain ids in v from Spurious Dragon). Bounded: the
// oldest are forgotten first.
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include "core/bytes.hpp"
#include "core/transaction.hpp"

namespace plexus::chain {

class RecoveredSenders {
 public:
  static constexpr std::size_t kKept = 65'536;  // dozens of full blocks' worth, under 10 MiB

  [[nodiscard]] std::optional<Address> find(const Hash256& tx_hash, tx::Fork fork) const {
    std::lock_guard lock(mutex_);
    const auto it = senders_.find(tx_hash);
    if (it == senders_.end() || it->second.fork != fork) return std::nullopt;
    return it->second.sender;
  }
  void remember(const Hash256& tx_hash, const Address& sender, tx::Fork fork) {
    std::lock_guard lock(mutex_);
    if (!senders_.emplace(tx_hash, Entry{sender, fork}).second) return;
    order_.push_back(tx_hash);
    if (order_.size() > kKept) {
      senders_.erase(order_.front());
      order_.pop_front();
    }
  }

 private:
  struct Entry {
    Address sender;
    tx::Fork fork;
  };
  mutable std::mutex mutex_;
  std::map<Hash256, Entry> senders_;
  std::deque<Hash256> order_;
};

}  // namespace plexus::chain
