// The rules of each operation: checks only, no change (Transition::execute applies them).
#include <algorithm>

#include "platform/transition.hpp"

namespace plexus::platform {
namespace {

constexpr std::size_t kMaxSubnetName = 32;

std::unexpected<Error> refuse(std::string message) {
  return fail(Errc::kValidation, "platform: " + std::move(message));
}

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

}  // namespace

uint256 Transition::balance(const Address& address) const {
  const auto it = data_.accounts.find(address);
  return it == data_.accounts.end() ? uint256(0) : it->second.balance;
}

Result<void> Transition::check_bls(const AddValidator& op) const {
  const bool none = op.bls_key.empty() && op.bls_pop.empty();
  if (!none && (op.bls_key.size() != kBlsKeySize || op.bls_pop.size() != kBlsPopSize))
    return refuse("a BLS key is 48 bytes with a 96-byte proof of possession, or both are empty");
  if (none) return {};
  if (!config_.check_bls_pop) return not_supported("BLS proof-of-possession check");
  if (auto checked = config_.check_bls_pop(op.bls_key, op.bls_pop); !checked)
    return refuse("invalid BLS proof of possession: " + checked.error().message);
  return {};
}

Result<void> Transition::check_add_validator(const AddValidator& op,
                                             const Address& issuer) const {
  if (op.stake < config_.min_stake)
    return refuse("stake below the minimum of " + (config_.min_stake / plx(1)).str() + " PLX");
  if (data_.validators.contains(op.node_id)) return refuse("already a validator");
  if (balance(issuer) < op.stake) return refuse("insufficient PLX balance for the stake");
  if (op.start_height != 0 && op.start_height < height_)
    return refuse("staking period must not start before this block (height " +
                  std::to_string(height_) + ")");
  const std::uint64_t start = effective_start(op);
  if (op.end_height <= start) return refuse("staking period must end after it starts");
  const std::uint64_t period = op.end_height - start;
  if (period < config_.min_staking_period)
    return refuse("staking period shorter than the minimum of " +
                  std::to_string(config_.min_staking_period) + " heights");
  if (period > config_.max_staking_period)
    return refuse("staking period longer than the maximum of " +
                  std::to_string(config_.max_staking_period) + " heights");
  return check_bls(op);
}

Result<void> Transition::check_create_subnet(const CreateSubnet& op,
                                             const std::vector<Address>& signers) const {
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
  std::vector<Address> owners = op.owners;
  std::sort(owners.begin(), owners.end());
  if (owners.empty() || std::adjacent_find(owners.begin(), owners.end()) != owners.end())
    return refuse("owners must be a non-empty list without duplicates");
  if (op.threshold == 0 || op.threshold > op.owners.size())
    return refuse("threshold must be between 1 and the number of owners");
  if (op.governance.max_validators == 0)
    return refuse("governance: max_validators must be at least 1");
  if (op.governance.min_weight == 0 || op.governance.min_weight > op.governance.max_weight)
    return refuse("governance: min_weight must be between 1 and max_weight");
  return check_threshold(op.owners, op.threshold, signers);
}

Result<void> Transition::check_owners(const std::string& subnet,
                                      const std::vector<Address>& signers) const {
  const CreateSubnet& spec = data_.subnets.find(subnet)->second.spec;
  return check_threshold(spec.owners, spec.threshold, signers);
}

Result<void> Transition::check_add_subnet_validator(const AddSubnetValidator& op,
                                                    const std::vector<Address>& signers) const {
  const auto it = data_.subnets.find(op.subnet);
  if (it == data_.subnets.end()) return refuse("unknown subnet " + op.subnet);
  const Subnet& subnet = it->second;
  if (!data_.validators.contains(op.node_id)) return refuse("not a primary-network validator");
  if (subnet.validators.contains(op.node_id))
    return refuse("already validates subnet " + op.subnet);
  const Governance& g = subnet.spec.governance;
  if (op.weight < g.min_weight || op.weight > g.max_weight)
    return refuse("weight " + std::to_string(op.weight) + " outside subnet " + op.subnet +
                  "'s range " + std::to_string(g.min_weight) + ".." + std::to_string(g.max_weight));
  if (subnet.validators.size() >= g.max_validators)
    return refuse("subnet " + op.subnet + " already has its maximum of " +
                  std::to_string(g.max_validators) + " validators");
  return check_owners(op.subnet, signers);
}

Result<void> Transition::check_remove_subnet_validator(const RemoveSubnetValidator& op,
                                                       const std::vector<Address>& signers) const {
  const auto it = data_.subnets.find(op.subnet);
  if (it == data_.subnets.end()) return refuse("unknown subnet " + op.subnet);
  if (!it->second.validators.contains(op.node_id))
    return refuse("not a validator of subnet " + op.subnet);
  return check_owners(op.subnet, signers);
}

Result<void> Transition::check_transfer(const Transfer& op, const Address& from) const {
  if (op.amount == 0) return refuse("transfer amount must be positive");
  if (balance(from) < op.amount) return refuse("insufficient PLX balance");
  return {};
}

}  // namespace plexus::platform
