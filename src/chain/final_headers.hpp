#pragma once
// Headers of final blocks (at or below the head) with their hashes, kept for reads at older
// blocks: every eth_call, eth_getBalance, ... at a block number needs its header (the state root,
// the next block's context) and a final block never changes, so each is read from the store and
// hashed once instead of per request. Bounded; safe for concurrent use.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "chain/block_header.hpp"
#include "chain/block_store.hpp"
#include "core/error.hpp"

namespace plexus::chain {

struct FinalHeader {
  BlockHeader header;
  Hash256 hash;
};

class FinalHeaders {
 public:
  // `blocks` must outlive this object.
  explicit FinalHeaders(const BlockStore& blocks) : blocks_(blocks) {}

  // The header of block `number`, which the caller knows to be final; kNotFound when the store
  // has none.
  [[nodiscard]] Result<std::shared_ptr<const FinalHeader>> at(std::uint64_t number) const;

 private:
  static constexpr std::size_t kKept = 1024;

  const BlockStore& blocks_;
  mutable std::mutex mutex_;
  mutable std::map<std::uint64_t, std::shared_ptr<const FinalHeader>> kept_;
};

}  // namespace plexus::chain
