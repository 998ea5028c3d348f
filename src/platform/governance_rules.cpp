// Subnet governance in the transition: proposals, votes, the tally when voting ends, and the
// platform-side execution of a passed proposal once its timelock has run.
#include "platform/governance.hpp"
#include "platform/transition.hpp"

namespace plexus::platform {
namespace {

using Wide = unsigned __int128;

std::string proposal_name(const std::string& subnet, std::uint64_t number) {
  return subnet + "/" + std::to_string(number);
}

Result<void> check_action(const GovernanceAction& action, const Subnet& subnet) {
  if (const auto* a = std::get_if<SetChainParam>(&action)) {
    const ParamRange range = chain_param_range(a->param);
    if (a->value < range.min || a->value > range.max)
      return refuse(std::string(chain_param_name(a->param)) + " " + std::to_string(a->value) +
                    " outside its allowed range " + std::to_string(range.min) + ".." +
                    std::to_string(range.max));
  } else if (const auto* a = std::get_if<EnableVm>(&action)) {
    if (subnet.spec.vms.contains(a->vm))
      return refuse("subnet " + subnet.spec.name + " already runs " + std::string(vm_name(a->vm)));
  } else if (const auto* a = std::get_if<ScheduleUpgrade>(&action)) {
    if (!valid_upgrade_name(a->name))
      return refuse("upgrade names are 1 to 32 characters of a-z, 0-9, '-' and '.'");
  } else if (const auto* a = std::get_if<SetValidatorRequirements>(&action)) {
    return check_requirements(a->requirements);
  }
  return {};
}

}  // namespace

std::map<Address, std::uint64_t> Transition::voters(const Subnet& subnet) const {
  std::map<Address, std::uint64_t> out;
  if (subnet.spec.voting.voters == Voters::kOwners) {
    for (const Address& owner : subnet.spec.owners) out[owner] = 1;
    return out;
  }
  // Validators vote through their owner address, with their weight in the subnet's current set.
  for (const auto& [node, member] : subnet.validators) {
    if (member.start_time > timestamp_) continue;
    std::uint64_t& weight = out[data_.validators.at(node).owner];
    weight = member.weight > ~weight ? ~std::uint64_t{0} : weight + member.weight;
  }
  return out;
}

Result<void> Transition::check_propose(const Propose& op, const Address& issuer) const {
  const auto it = data_.subnets.find(op.subnet);
  if (it == data_.subnets.end()) return refuse("unknown subnet " + op.subnet);
  if (!voters(it->second).contains(issuer)) return refuse("not a voter of subnet " + op.subnet);
  if (op.effective_height == 0) return refuse("a proposal's effective height must be above 0");
  return check_action(op.action, it->second);
}

Result<void> Transition::check_vote(const Vote& op, const Address& issuer) const {
  const auto it = data_.proposals.find(ProposalId{op.subnet, op.proposal});
  const std::string name = proposal_name(op.subnet, op.proposal);
  if (it == data_.proposals.end()) return refuse("unknown proposal " + name);
  const Proposal& p = it->second;
  if (p.status != ProposalStatus::kVoting || timestamp_ >= p.voting_end)
    return refuse("voting on proposal " + name + " ended at " + std::to_string(p.voting_end));
  if (!p.voters.contains(issuer)) return refuse("not a voter of proposal " + name);
  if (p.votes.contains(issuer)) return refuse("already voted on proposal " + name);
  return {};
}

void Transition::execute_propose(const Propose& op, const Address& issuer) {
  Subnet& s = subnet(op.subnet);
  const ProposalId id{op.subnet, s.next_proposal++};
  data_.proposals[id] = Proposal{.proposer = issuer,
                                 .action = op.action,
                                 .effective_height = op.effective_height,
                                 .voting_end = timestamp_ + s.spec.voting.voting_period,
                                 .voters = voters(s)};
  dirty_keys_.insert(proposal_key(id));
}

void Transition::execute_vote(const Vote& op, const Address& issuer) {
  const ProposalId id{op.subnet, op.proposal};
  data_.proposals.at(id).votes[issuer] = op.yes;
  dirty_keys_.insert(proposal_key(id));
}

void Transition::tally_proposals() {
  for (auto& [id, p] : data_.proposals) {
    if (p.status != ProposalStatus::kVoting || p.voting_end > timestamp_) continue;
    const Voting& rules = data_.subnets.find(id.first)->second.spec.voting;
    Wide total = 0, cast = 0, yes = 0;
    for (const auto& [voter, weight] : p.voters) total += weight;
    for (const auto& [voter, vote] : p.votes) {
      cast += p.voters.at(voter);
      if (vote) yes += p.voters.at(voter);
    }
    if (cast * kBasisPoints < total * rules.quorum_bps) {
      p.status = ProposalStatus::kRejectedNoQuorum;
    } else if (yes * kBasisPoints < cast * rules.threshold_bps) {
      p.status = ProposalStatus::kRejectedThreshold;
    } else {
      p.status = ProposalStatus::kScheduled;
      p.executes_at = timestamp_ + rules.timelock;
    }
    dirty_keys_.insert(proposal_key(id));
  }
}

void Transition::execute_due_proposals() {
  for (auto& [id, p] : data_.proposals) {
    if (p.status != ProposalStatus::kScheduled || p.executed || p.executes_at > timestamp_)
      continue;
    // Only the validator requirements live on the platform; the other actions are applied by
    // the subnet's nodes at the effective height.
    const auto* requirements = std::get_if<SetValidatorRequirements>(&p.action);
    if (requirements == nullptr) continue;
    subnet(id.first).spec.governance = requirements->requirements;
    p.executed = true;
    dirty_keys_.insert(proposal_key(id));
  }
}

}  // namespace plexus::platform
