#pragma once
// The bft engine's messages on the wire: rlp([type, ...fields]). Every decoder is strict and
// bounded; a message that does not decode is the sending peer's fault (kDecode).
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "consensus/bft/vote.hpp"

namespace plexus::consensus::bft {

// A leader's block for its round. The leader's own notarize vote authenticates it; the
// justification carries certificates that show the parent notarized and the rounds between
// skipped (rule R2), so a validator that missed them need not ask.
struct Proposal {
  SignedVote vote;
  Bytes block;
  std::vector<QuorumCert> justification;
};

// Ask a peer for a block it has (pending or final), by hash.
struct BlockRequest {
  Hash256 digest;
};
// A block with the certificate that makes it worth having: its notarization or finalization.
struct BlockReply {
  Bytes block;
  QuorumCert certificate;
};

// Ask for final blocks from `from_height` on (a node that fell behind).
struct SyncRequest {
  std::uint64_t from_height = 0;
};
// Consecutive final blocks from the requested height, with the round each was notarized in, and
// the finalization certificate of the last (which finalizes all of them through parent hashes).
// `senders[i]`, when not empty, lists block i's senders (FinalBlock::senders); a reply may leave
// every entry empty, and `senders` empty altogether.
struct SyncReply {
  std::vector<std::pair<std::uint64_t, Bytes>> blocks;
  QuorumCert certificate;
  std::vector<Bytes> senders{};
};

// Two votes of one validator that the rules forbid together (docs/CONSENSUS.md, Evidence).
struct Evidence {
  SignedVote first;
  SignedVote second;
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

using Message = std::variant<Proposal, SignedVote, QuorumCert, BlockRequest, BlockReply,
                             SyncRequest, SyncReply, Evidence>;

// Bounds of what a peer may send: a block no larger than the subnet allows plus headroom, and
// at most this many certificates or synced blocks in one message.
inline constexpr std::size_t kMaxJustification = 256;
inline constexpr std::size_t kMaxSyncBlocks = 256;
// A sync reply stops adding blocks past this many bytes (the first block always goes), well
// under the 2 MiB frame.
inline constexpr std::size_t kMaxSyncReplyBytes = 1024 * 1024;

[[nodiscard]] Bytes encode_message(const Message& message);
[[nodiscard]] Result<Message> decode_message(BytesView bytes);
// The epoch a message belongs to; nullopt for requests, which any epoch answers.
[[nodiscard]] std::optional<std::uint64_t> message_epoch(const Message& message);
[[nodiscard]] const char* message_name(const Message& message) noexcept;

[[nodiscard]] Bytes encode_evidence(const Evidence& evidence);

}  // namespace plexus::consensus::bft
