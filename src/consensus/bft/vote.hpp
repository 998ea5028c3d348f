#pragma once
// The votes of the bft engine (docs/CONSENSUS.md) and what a validator signs for each. A vote
// names its chain (the subnet id), so a signature given on one subnet never counts on another,
// and its epoch, so a signature given under one validator set never counts under the next.
#include <compare>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::bft {

enum class VoteKind : std::uint8_t { kNotarize = 1, kSkip = 2, kFinalize = 3 };
[[nodiscard]] std::string_view vote_kind_name(VoteKind kind) noexcept;

struct Vote {
  VoteKind kind = VoteKind::kNotarize;
  std::uint64_t epoch = 0;
  std::uint64_t round = 0;
  std::uint64_t height = 0;  // 0 in a skip vote
  Hash256 digest{};          // the block hash; zero in a skip vote
  friend auto operator<=>(const Vote&, const Vote&) = default;
  friend bool operator==(const Vote&, const Vote&) = default;
};

// "round 7 notarize block 12 0xabcd…" for logs and error messages.
[[nodiscard]] std::string describe(const Vote& vote);

// The signed bytes: a fixed domain tag, the chain, then the vote's RLP.
[[nodiscard]] Bytes signing_message(const Vote& vote, const Hash256& chain);

// One validator's signature on a vote; `signer` indexes the epoch's set in certificate order.
// Votes one validator may not sign together in a round (docs/CONSENSUS.md, Evidence). A
// notarize and a skip vote are not among them: a validator may vote for the proposal and later
// skip the round when no notarization arrives in time.
[[nodiscard]] bool conflicting(const Vote& a, const Vote& b);

struct SignedVote {
  Vote vote;
  std::uint32_t signer = 0;
  Bytes signature;
  friend bool operator==(const SignedVote&, const SignedVote&) = default;
};

// A quorum's signatures on one vote: the signer bitset (bit i = validator i of the set in
// certificate order, consensus/certificate.hpp) and their aggregate signature.
struct QuorumCert {
  Vote vote;
  Bytes signers;
  Bytes signature;
  friend bool operator==(const QuorumCert&, const QuorumCert&) = default;
};

// ---- encoding (RLP), shared by messages.cpp and the stores ----
// Appends `body` (encoded items) as one RLP list.
void append_list(Bytes& out, const Bytes& body);
// rlp([[round, block], ...]): final blocks with the rounds they were notarized in.
void append_round_blocks(Bytes& out, const std::vector<std::pair<std::uint64_t, Bytes>>& blocks);
void append_vote(Bytes& out, const Vote& vote);
void append_signed_vote(Bytes& out, const SignedVote& vote);
void append_quorum_cert(Bytes& out, const QuorumCert& cert);
[[nodiscard]] Result<Vote> read_vote(const rlp::Item& item);
[[nodiscard]] Result<SignedVote> read_signed_vote(const rlp::Item& item);
[[nodiscard]] Result<QuorumCert> read_quorum_cert(const rlp::Item& item);

// Signature bytes never exceed this (a BLS signature has 96); longer ones are refused unread.
inline constexpr std::size_t kMaxSignatureBytes = 96;

}  // namespace plexus::consensus::bft
