// Proposals in the state trie:
//   rlp([key, proposer, action, effective_height, voting_end, executes_at,
//        [[voter, weight], ...], [[voter, yes], ...], status, executed])
#include "platform/fields.hpp"
#include "platform/governance.hpp"
#include "platform/record_codec.hpp"

namespace plexus::platform {

std::string status_text(const Proposal& p) {
  std::uint64_t total = 0, cast = 0, yes = 0;
  for (const auto& [voter, weight] : p.voters) total += weight;
  for (const auto& [voter, vote] : p.votes) {
    cast += p.voters.at(voter);
    if (vote) yes += p.voters.at(voter);
  }
  switch (p.status) {
    case ProposalStatus::kVoting:
      return "voting";
    case ProposalStatus::kScheduled:
      return "scheduled at height " + std::to_string(p.effective_height);
    case ProposalStatus::kRejectedNoQuorum:
      return "rejected: no quorum (" + std::to_string(cast) + " of " + std::to_string(total) + ")";
    case ProposalStatus::kRejectedThreshold:
      return "rejected: threshold (" + std::to_string(yes) + " yes of " + std::to_string(cast) +
             ")";
  }
  return "unknown";
}

namespace records {
namespace {

// The key is 'p' ++ subnet ++ 0x00 ++ number(be8).
std::optional<ProposalId> parse_id(BytesView id) {
  if (id.size() < 9 || id[id.size() - 9] != 0) return std::nullopt;
  return ProposalId{std::string(id.begin(), id.end() - 9), read_be64(id.last(8))};
}

}  // namespace

std::optional<Bytes> encode_proposal(const PlatformData& data, BytesView key) {
  const auto id = parse_id(key.subspan(1));
  if (!id) return std::nullopt;
  const auto it = data.proposals.find(*id);
  if (it == data.proposals.end()) return std::nullopt;
  const Proposal& p = it->second;
  std::vector<Bytes> voters, votes;
  for (const auto& [voter, weight] : p.voters) {
    const Bytes pair[] = {rlp::encode_string(voter.view()), rlp::encode_uint(weight)};
    voters.push_back(rlp::encode_list(pair));
  }
  for (const auto& [voter, yes] : p.votes) {
    const Bytes pair[] = {rlp::encode_string(voter.view()), rlp::encode_uint(yes ? 1 : 0)};
    votes.push_back(rlp::encode_list(pair));
  }
  const Bytes f[] = {rlp::encode_string(key),
                     rlp::encode_string(p.proposer.view()),
                     encode_action(p.action),
                     rlp::encode_uint(p.effective_height),
                     rlp::encode_uint(p.voting_end),
                     rlp::encode_uint(p.executes_at),
                     rlp::encode_list(voters),
                     rlp::encode_list(votes),
                     rlp::encode_uint(static_cast<std::uint64_t>(p.status)),
                     rlp::encode_uint(p.executed ? 1 : 0)};
  return rlp::encode_list(f);
}

Result<void> load_proposal(BytesView id, const std::vector<rlp::Item>& f, PlatformData& data) {
  const auto pid = parse_id(id);
  if (!pid || f.size() != 10 || !f[2].is_list) return corrupt();
  Proposal p;
  PLEXUS_TRY(p.proposer, fields::read_address(f[1], kWhat));
  PLEXUS_TRY(p.action, decode_action(f[2].encoded));
  PLEXUS_TRY(p.effective_height, rlp::to_uint64(f[3]));
  PLEXUS_TRY(p.voting_end, rlp::to_uint64(f[4]));
  PLEXUS_TRY(p.executes_at, rlp::to_uint64(f[5]));
  PLEXUS_TRY(const auto voters, fields::items(f[6], kWhat));
  for (const rlp::Item& item : voters) {
    PLEXUS_TRY(const auto pair, fields::items(item, kWhat));
    if (pair.size() != 2) return corrupt();
    PLEXUS_TRY(const Address voter, fields::read_address(pair[0], kWhat));
    PLEXUS_TRY(p.voters[voter], rlp::to_uint64(pair[1]));
  }
  PLEXUS_TRY(const auto votes, fields::items(f[7], kWhat));
  for (const rlp::Item& item : votes) {
    PLEXUS_TRY(const auto pair, fields::items(item, kWhat));
    if (pair.size() != 2) return corrupt();
    PLEXUS_TRY(const Address voter, fields::read_address(pair[0], kWhat));
    PLEXUS_TRY(const std::uint64_t yes, rlp::to_uint64(pair[1]));
    p.votes[voter] = yes == 1;
  }
  PLEXUS_TRY(const std::uint64_t status, rlp::to_uint64(f[8]));
  if (status > 3) return corrupt();
  p.status = static_cast<ProposalStatus>(status);
  PLEXUS_TRY(const std::uint64_t executed, rlp::to_uint64(f[9]));
  p.executed = executed == 1;
  data.proposals[*pid] = std::move(p);
  return {};
}

}  // namespace records
}  // namespace plexus::platform
