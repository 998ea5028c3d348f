#pragma once
// A primary-network block: an ordered list of signed operations on top of a parent block.
// Its hash covers the height, the parent, the timestamp and the operations; the state root a
// block leads to is stored next to it (PlatformState::root_at) and will travel in the consensus
// envelope once the primary chain runs under an engine.
#include <cstdint>
#include <vector>

#include "platform/operations.hpp"

namespace plexus::platform {

struct PlatformBlock {
  std::uint64_t height = 0;
  Hash256 parent_hash{};        // block 0: keccak256 of the genesis configuration
  std::uint64_t timestamp = 0;  // seconds; never before the parent's
  std::vector<SignedOperation> ops{};
  // Uptime: bit i (bit i % 8 of byte i / 8) set if the i-th primary validator active at the
  // parent block, in certificate order (in_certificate_order, history.hpp), signed the parent's
  // quorum certificate. The consensus layer checks it against that certificate; empty counts
  // nothing (block 0, engines without certificates).
  Bytes signers{};

  [[nodiscard]] Hash256 hash() const;
  friend bool operator==(const PlatformBlock&, const PlatformBlock&) = default;
};

// rlp([height, parent_hash, timestamp, [signed operation, ...], signers])
[[nodiscard]] Bytes encode_block(const PlatformBlock& block);
[[nodiscard]] Result<PlatformBlock> decode_block(BytesView encoded);

}  // namespace plexus::platform
