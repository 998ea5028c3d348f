// The rules of each operation: checks only, no change (Transition::execute applies them).
#include <algorithm>
#include <type_traits>

#include "core/hex.hpp"
#include "platform/blobs.hpp"
#include "platform/subnet_spec.hpp"
#include "platform/transition.hpp"

namespace plexus::platform {
namespace {

constexpr std::size_t kMaxSubnetName = 32;

std::string whole_plx(const uint256& amount) { return (amount / plx(1)).str() + " PLX"; }

bool valid_subnet_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxSubnetName) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool signed_by(const std::vector<Address>& signers, const Address& who) {
  return std::find(signers.begin(), signers.end(), who) != signers.end();
}

Result<void> check_threshold(const std::vector<Address>& owners, std::uint32_t threshold,
                             const std::vector<Address>& signers) {
  const auto count = std::count_if(owners.begin(), owners.end(),
                                   [&](const Address& o) { return signed_by(signers, o); });
  if (static_cast<std::size_t>(count) < threshold)
    return refuse("needs signatures of " + std::to_string(threshold) + " owners");
  return {};
}

std::string period(std::uint64_t start, std::uint64_t end) {
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "[" + to_string.
  std::string out = "[";
  out += std::to_string(start);
  out += ", ";
  out += std::to_string(end);
  out += ")";
  return out;
}

}  // namespace

Result<void> check_requirements(const Governance& g) {
  if (g.max_validators == 0) return refuse("governance: max_validators must be at least 1");
  if (g.min_weight == 0 || g.min_weight > g.max_weight)
    return refuse("governance: min_weight must be between 1 and max_weight");
  return {};
}

Result<void> Transition::check(const Operation& operation, const Address& issuer,
                               const Signers& signers) const {
  return std::visit(
      [&](const auto& op) -> Result<void> {
        using Op = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<Op, AddValidator>) return check_add_validator(op, issuer);
        if constexpr (std::is_same_v<Op, CreateSubnet>) return check_create_subnet(op, signers);
        if constexpr (std::is_same_v<Op, AddSubnetValidator>)
          return check_add_subnet_validator(op, signers);
        if constexpr (std::is_same_v<Op, RemoveSubnetValidator>)
          return check_remove_subnet_validator(op, signers);
        if constexpr (std::is_same_v<Op, Transfer>) return check_transfer(op, issuer);
        if constexpr (std::is_same_v<Op, Delegate>) return check_delegate(op, issuer);
        if constexpr (std::is_same_v<Op, ReportEquivocation>) {
          PLEXUS_TRY(checked_facts_, check_report(op));
          return {};
        }
        if constexpr (std::is_same_v<Op, Propose>) return check_propose(op, issuer);
        if constexpr (std::is_same_v<Op, Vote>) return check_vote(op, issuer);
        if constexpr (std::is_same_v<Op, SubmitBlobs>) return check_submit_blobs(op, issuer);
      },
      operation);
}

Result<void> Transition::check_submit_blobs(const SubmitBlobs& op, const Address& issuer) const {
  PLEXUS_CHECK(check_blobs(op, config_));
  // fee_per_byte * bytes <= spendable, without overflowing the product.
  const uint256 bytes(blob_bytes(op));
  if (op.fee_per_byte > spendable(issuer) / bytes)
    return refuse("insufficient PLX balance for the blob fee of " + bytes.str() + " bytes at " +
                  op.fee_per_byte.str() + " per byte");
  return {};
}

Result<void> Transition::check_bls(const AddValidator& op) const {
  if (op.bls_key.size() != kBlsKeySize || op.bls_pop.size() != kBlsPopSize)
    return refuse("a BLS key is 48 bytes with a 96-byte proof of possession");
  for (const auto& [node, v] : data_.validators)
    if (v.bls_key == op.bls_key)
      return refuse("BLS key already used by validator " + to_hex(node.view()));
  if (!config_.check_bls_pop) return not_supported("BLS proof-of-possession check");
  if (auto checked = config_.check_bls_pop(op.bls_key, op.bls_pop); !checked)
    return refuse("invalid BLS proof of possession: " + checked.error().message);
  return {};
}

Result<void> Transition::check_add_validator(const AddValidator& op, const Address& issuer) const {
  if (op.stake < config_.min_stake)
    return refuse("stake below the minimum of " + whole_plx(config_.min_stake));
  if (data_.validators.contains(op.node_id)) return refuse("node id already a validator");
  if (spendable(issuer) < op.stake) return refuse("insufficient PLX balance for the stake");
  if (op.start_time != 0 && op.start_time < timestamp_)
    return refuse("staking period must not start before this block's time " +
                  std::to_string(timestamp_));
  const std::uint64_t start = start_of(op.start_time);
  if (op.end_time <= start) return refuse("staking period must end after it starts");
  const std::uint64_t length = op.end_time - start;
  if (length < config_.min_staking_period)
    return refuse("staking period shorter than the minimum of " +
                  std::to_string(config_.min_staking_period) + " seconds");
  if (length > config_.max_staking_period)
    return refuse("staking period longer than the maximum of " +
                  std::to_string(config_.max_staking_period) + " seconds");
  return check_bls(op);  // last: the pairing check is the expensive one
}

Result<void> Transition::check_create_subnet(const CreateSubnet& op, const Signers& signers) const {
  if (!valid_subnet_name(op.name))
    return refuse("subnet names are 1 to 32 characters of a-z, 0-9 and '-'");
  if (op.name == kPrimaryNetwork)
    return refuse("subnet name primary is reserved for the primary network");
  if (data_.subnets.contains(op.name)) return refuse("subnet " + op.name + " already exists");
  if (op.vms.empty()) return refuse("a subnet runs at least one VM");
  if (op.chain_id == 0) return refuse("chain id must be non-zero");
  for (const auto& [name, subnet] : data_.subnets)
    if (subnet.spec.chain_id == op.chain_id)
      return refuse("chain id " + std::to_string(op.chain_id) + " is used by subnet " + name);
  if (op.consensus_params.size() > config_.max_consensus_params)
    return refuse("consensus parameters exceed " + std::to_string(config_.max_consensus_params) +
                  " bytes");
  PLEXUS_CHECK(decode_engine_timing(op.consensus, op.consensus_params));
  PLEXUS_CHECK(check_subnet_genesis(op.genesis));
  std::vector<Address> owners = op.owners;
  std::sort(owners.begin(), owners.end());
  if (owners.empty() || std::adjacent_find(owners.begin(), owners.end()) != owners.end())
    return refuse("owners must be a non-empty list without duplicates");
  if (op.threshold == 0 || op.threshold > op.owners.size())
    return refuse("threshold must be between 1 and the number of owners");
  PLEXUS_CHECK(check_requirements(op.governance));
  const Voting& v = op.voting;
  if (v.quorum_bps == 0 || v.quorum_bps > kBasisPoints)
    return refuse("voting: quorum must be between 1 and 10000 basis points");
  if (v.threshold_bps <= kBasisPoints / 2 || v.threshold_bps > kBasisPoints)
    return refuse("voting: threshold must be between 5001 and 10000 basis points");
  if (v.voting_period < config_.min_voting_period || v.voting_period > config_.max_voting_period)
    return refuse("voting: voting period must be between " +
                  std::to_string(config_.min_voting_period) + " and " +
                  std::to_string(config_.max_voting_period) + " seconds");
  if (v.timelock > config_.max_timelock)
    return refuse("voting: timelock above the maximum of " + std::to_string(config_.max_timelock) +
                  " seconds");
  return check_threshold(op.owners, op.threshold, signers);
}

Result<void> Transition::check_owners(const std::string& subnet, const Signers& signers) const {
  const CreateSubnet& spec = data_.subnets.find(subnet)->second.spec;
  return check_threshold(spec.owners, spec.threshold, signers);
}

Result<void> Transition::check_add_subnet_validator(const AddSubnetValidator& op,
                                                    const Signers& signers) const {
  const auto it = data_.subnets.find(op.subnet);
  if (it == data_.subnets.end()) return refuse("unknown subnet " + op.subnet);
  const Subnet& subnet = it->second;
  const auto primary = data_.validators.find(op.node_id);
  if (primary == data_.validators.end()) return refuse("not a primary-network validator");
  if (subnet.validators.contains(op.node_id))
    return refuse("already validates subnet " + op.subnet);
  const Governance& g = subnet.spec.governance;
  if (op.weight < g.min_weight || op.weight > g.max_weight)
    return refuse("weight " + std::to_string(op.weight) + " outside subnet " + op.subnet +
                  "'s range " + std::to_string(g.min_weight) + ".." + std::to_string(g.max_weight));
  if (subnet.validators.size() >= g.max_validators)
    return refuse("subnet " + op.subnet + " already has its maximum of " +
                  std::to_string(g.max_validators) + " validators");
  if (op.start_time != 0 && op.start_time < timestamp_)
    return refuse("subnet validation must not start before this block's time " +
                  std::to_string(timestamp_));
  const std::uint64_t start = start_of(op.start_time);
  const Validator& v = primary->second;
  const std::uint64_t end = op.end_time == 0 ? v.end_time : op.end_time;
  if (end <= start) return refuse("subnet validation must end after it starts");
  if (start < v.start_time || end > v.end_time)
    return refuse("subnet validation period " + period(start, end) +
                  " exceeds the primary staking period " + period(v.start_time, v.end_time));
  return check_owners(op.subnet, signers);
}

Result<void> Transition::check_remove_subnet_validator(const RemoveSubnetValidator& op,
                                                       const Signers& signers) const {
  const auto it = data_.subnets.find(op.subnet);
  if (it == data_.subnets.end()) return refuse("unknown subnet " + op.subnet);
  if (!it->second.validators.contains(op.node_id))
    return refuse("not a validator of subnet " + op.subnet);
  return check_owners(op.subnet, signers);
}

Result<void> Transition::check_transfer(const Transfer& op, const Address& from) const {
  if (op.amount == 0) return refuse("transfer amount must be positive");
  if (spendable(from) < op.amount) return refuse("insufficient PLX balance");
  return {};
}

Result<void> Transition::check_delegate(const Delegate& op, const Address& from) const {
  if (op.amount < config_.min_delegation)
    return refuse("delegation below the minimum of " + whole_plx(config_.min_delegation));
  const auto it = data_.validators.find(op.node_id);
  if (it == data_.validators.end()) return refuse("not a primary-network validator");
  const Validator& v = it->second;
  if (v.start_time > timestamp_) return refuse("the validator's staking period has not started");
  if (op.end_time <= timestamp_ || op.end_time > v.end_time)
    return refuse("delegation must end within the validator's staking period " +
                  period(timestamp_, v.end_time));
  if (op.end_time - timestamp_ < config_.min_staking_period)
    return refuse("delegation period shorter than the minimum of " +
                  std::to_string(config_.min_staking_period) + " seconds");
  if (v.delegated + op.amount > v.stake * uint256(config_.max_delegation_multiple))
    return refuse("delegations to a validator are limited to " +
                  std::to_string(config_.max_delegation_multiple) + " times its stake");
  if (spendable(from) < op.amount) return refuse("insufficient PLX balance for the delegation");
  return {};
}

}  // namespace plexus::platform
