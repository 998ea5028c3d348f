#include "consensus/bft/vote.hpp"

#include <string>

#include "core/hex.hpp"

namespace plexus::consensus::bft {
namespace {

constexpr std::string_view kDomain = "plexus/bft/vote/v1";

std::unexpected<Error> malformed(std::string what) {
  return fail(Errc::kDecode, "bft: " + std::move(what));
}

Result<std::vector<rlp::Item>> fields_of(const rlp::Item& item, std::size_t count,
                                         const char* what) {
  if (!item.is_list) return malformed(std::string(what) + " is not a list");
  PLEXUS_TRY(auto fields, rlp::list_items(item));
  if (fields.size() != count)
    return malformed(std::string(what) + " has " + std::to_string(fields.size()) +
                     " fields, expected " + std::to_string(count));
  return fields;
}

Result<Bytes> bytes_field(const rlp::Item& item, std::size_t max, const char* what) {
  if (item.is_list || item.payload.size() > max)
    return malformed(std::string(what) + ": expected at most " + std::to_string(max) + " bytes");
  return to_bytes(item.payload);
}

}  // namespace

std::string_view vote_kind_name(VoteKind kind) noexcept {
  switch (kind) {
    case VoteKind::kNotarize: return "notarize";
    case VoteKind::kSkip: return "skip";
    case VoteKind::kFinalize: return "finalize";
  }
  return "unknown";
}

std::string describe(const Vote& vote) {
  std::string out = "epoch " + std::to_string(vote.epoch) + " round " +
                    std::to_string(vote.round) + " " + std::string(vote_kind_name(vote.kind));
  if (vote.kind != VoteKind::kSkip)
    out += " block " + std::to_string(vote.height) + " " + to_hex(vote.digest.view()).substr(0, 10);
  return out;
}

void append_vote(Bytes& out, const Vote& vote) {
  Bytes body;
  rlp::append_uint(body, static_cast<std::uint64_t>(vote.kind));
  rlp::append_uint(body, vote.epoch);
  rlp::append_uint(body, vote.round);
  rlp::append_uint(body, vote.height);
  rlp::append_string(body, vote.digest.view());
  append_list(out, body);
}

Bytes signing_message(const Vote& vote, const Hash256& chain) {
  Bytes out;
  out.reserve(kDomain.size() + 32 + 64);
  for (const char c : kDomain) out.push_back(static_cast<Byte>(c));
  out.insert(out.end(), chain.bytes.begin(), chain.bytes.end());
  append_vote(out, vote);
  return out;
}

void append_signed_vote(Bytes& out, const SignedVote& vote) {
  Bytes body;
  append_vote(body, vote.vote);
  rlp::append_uint(body, vote.signer);
  rlp::append_string(body, vote.signature);
  append_list(out, body);
}

void append_quorum_cert(Bytes& out, const QuorumCert& cert) {
  Bytes body;
  append_vote(body, cert.vote);
  rlp::append_string(body, cert.signers);
  rlp::append_string(body, cert.signature);
  append_list(out, body);
}

bool conflicting(const Vote& a, const Vote& b) {
  if (a.epoch != b.epoch || a.round != b.round) return false;
  if (a.kind == b.kind) return a.kind != VoteKind::kSkip && a.digest != b.digest;
  const auto pair = [&](VoteKind x, VoteKind y) {
    return (a.kind == x && b.kind == y) || (a.kind == y && b.kind == x);
  };
  return pair(VoteKind::kSkip, VoteKind::kFinalize);
}

void append_list(Bytes& out, const Bytes& body) {
  rlp::append_list_header(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
}

void append_round_blocks(Bytes& out, const std::vector<std::pair<std::uint64_t, Bytes>>& blocks) {
  Bytes list;
  for (const auto& [round, block] : blocks) {
    Bytes entry;
    rlp::append_uint(entry, round);
    rlp::append_string(entry, block);
    append_list(list, entry);
  }
  append_list(out, list);
}

Result<Vote> read_vote(const rlp::Item& item) {
  PLEXUS_TRY(const auto f, fields_of(item, 5, "vote"));
  PLEXUS_TRY(const std::uint64_t kind, rlp::to_uint64(f[0]));
  Vote vote;
  if (kind < 1 || kind > 3) return malformed("unknown vote kind " + std::to_string(kind));
  vote.kind = static_cast<VoteKind>(kind);
  PLEXUS_TRY(vote.epoch, rlp::to_uint64(f[1]));
  PLEXUS_TRY(vote.round, rlp::to_uint64(f[2]));
  PLEXUS_TRY(vote.height, rlp::to_uint64(f[3]));
  if (f[4].is_list || f[4].payload.size() != 32) return malformed("vote digest is not 32 bytes");
  vote.digest = Hash256::right_aligned(f[4].payload);
  if (vote.kind == VoteKind::kSkip && (vote.height != 0 || !vote.digest.is_zero()))
    return malformed("a skip vote names no block");
  if (vote.kind != VoteKind::kSkip && vote.height == 0)
    return malformed("a notarize or finalize vote names a block above genesis");
  // The round is also bounded so that round + 1 and round arithmetic never overflow.
  if (vote.round >= (std::uint64_t{1} << 62)) return malformed("round out of range");
  return vote;
}

Result<SignedVote> read_signed_vote(const rlp::Item& item) {
  PLEXUS_TRY(const auto f, fields_of(item, 3, "signed vote"));
  SignedVote out;
  PLEXUS_TRY(out.vote, read_vote(f[0]));
  PLEXUS_TRY(const std::uint64_t signer, rlp::to_uint64(f[1]));
  if (signer > 0xffff) return malformed("signer index out of range");
  out.signer = static_cast<std::uint32_t>(signer);
  PLEXUS_TRY(out.signature, bytes_field(f[2], kMaxSignatureBytes, "signature"));
  return out;
}

Result<QuorumCert> read_quorum_cert(const rlp::Item& item) {
  PLEXUS_TRY(const auto f, fields_of(item, 3, "certificate"));
  QuorumCert out;
  PLEXUS_TRY(out.vote, read_vote(f[0]));
  // 8,192 validators at most: far above the 100 the engine is built for.
  PLEXUS_TRY(out.signers, bytes_field(f[1], 1024, "signer bitset"));
  PLEXUS_TRY(out.signature, bytes_field(f[2], kMaxSignatureBytes, "aggregate signature"));
  return out;
}

}  // namespace plexus::consensus::bft
