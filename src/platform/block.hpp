#pragma once
// A primary-network block: an ordered list of signed operations on top of a parent block.
// Its hash covers the height, the parent, the timestamp and the operations; the state root a
// block leads to is stored next to it (PlatformState::root_at) and will travel in the consensus
// envelope once the primary chain runs under an engine.
#include <cstdint>
#include <vector>

#include "platform/operations.hpp"

namespace plexus::platform {

// Uptime (docs/PLATFORM.md, Uptime). Both bitsets (bit i = bit i % 8 of byte i / 8) index the
// primary validators active at the parent block in certificate order (uptime_order below):
// `observed` marks those that could sign the attested block (members of its epoch's set),
// `signers` those whose notarize vote the attestation holds. `attestation` is that proof: the
// consensus layer's certificate on an earlier block of the epoch (opaque here, checked by the
// engine before the block is accepted). All empty: nothing is counted (block 0, the dev engine,
// the first blocks of an epoch). `observed` empty with `signers` set counts everyone as observed.
struct UptimeRecord {
  Bytes signers{};
  Bytes observed{};
  Bytes attestation{};
  [[nodiscard]] bool empty() const noexcept {
    return signers.empty() && observed.empty() && attestation.empty();
  }
  friend bool operator==(const UptimeRecord&, const UptimeRecord&) = default;
};

// Equivocation reports a block carries for the network rather than for a user (as consensus
// evidence goes in CometBFT blocks): the proposer includes those its node saw or was handed,
// no fee is paid, and each slashes as a ReportEquivocation would; one that does not apply
// refuses the block.
inline constexpr std::size_t kMaxBlockEvidence = 16;

// The data root of a block without blobs: that of the 1x1 square of one tail-padding share
// (blobs.hpp builds the others).
[[nodiscard]] const Hash256& empty_data_root();

struct PlatformBlock {
  std::uint64_t height = 0;
  Hash256 parent_hash{};        // block 0: keccak256 of the genesis configuration
  std::uint64_t timestamp = 0;  // seconds; never before the parent's
  std::vector<SignedOperation> ops{};
  UptimeRecord uptime{};
  std::vector<Bytes> evidence{};
  // The data root (docs/DA.md) of the square of the block's blobs (SubmitBlobs operations, in
  // block order): every node rebuilds the square and compares it before it accepts the block.
  Hash256 data_root = empty_data_root();

  [[nodiscard]] Hash256 hash() const;
  friend bool operator==(const PlatformBlock&, const PlatformBlock&) = default;
};

// rlp([height, parent_hash, timestamp, [signed operation, ...], signers]),
// rlp([..., signers, observed, attestation]) when either of the last two is set,
// rlp([..., signers, observed, attestation, [report, ...]]) when the block carries evidence, and
// rlp([..., signers, observed, attestation, [report, ...], data_root]) when its data root is not
// empty_data_root() (blocks without blobs keep the hashes they had before blobs existed).
[[nodiscard]] Bytes encode_block(const PlatformBlock& block);
[[nodiscard]] Result<PlatformBlock> decode_block(BytesView encoded);

}  // namespace plexus::platform
