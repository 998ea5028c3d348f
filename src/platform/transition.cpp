#include "platform/transition.hpp"

#include <algorithm>
#include <type_traits>

namespace plexus::platform {

Account& Transition::account(const Address& address) {
  dirty_keys_.insert(account_key(address));
  return data_.accounts[address];
}

void Transition::credit(const Address& address, const uint256& amount) {
  account(address).balance += amount;
}

void Transition::expire_validators() {
  for (auto it = data_.validators.begin(); it != data_.validators.end();) {
    const Validator& v = it->second;
    if (v.end_height > height_) {
      ++it;
      continue;
    }
    account(v.owner).balance += v.stake;
    for (auto& [name, subnet] : data_.subnets) {
      if (subnet.validators.erase(v.node_id) == 0) continue;
      dirty_keys_.insert(subnet_key(name));
      changed_sets_.insert(name);
    }
    dirty_keys_.insert(validator_key(v.node_id));
    changed_sets_.emplace(kPrimaryNetwork);
    it = data_.validators.erase(it);
  }
}

Result<void> Transition::apply(const SignedOperation& signed_op) {
  PLEXUS_TRY(const std::vector<Address> signers, platform::signers(signed_op, network_id_));
  if (std::find(signers.begin(), signers.end(), signed_op.issuer) == signers.end())
    return fail(Errc::kValidation, "platform: the issuer must sign the operation");
  const auto it = data_.accounts.find(signed_op.issuer);
  const std::uint64_t expected = it == data_.accounts.end() ? 0 : it->second.nonce;
  if (signed_op.nonce != expected)
    return fail(Errc::kValidation, "platform: nonce " + std::to_string(signed_op.nonce) +
                                       ", expected " + std::to_string(expected));
  PLEXUS_CHECK(std::visit(
      [&](const auto& op) -> Result<void> {
        using Op = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<Op, AddValidator>)
          return check_add_validator(op, signed_op.issuer);
        if constexpr (std::is_same_v<Op, CreateSubnet>) return check_create_subnet(op, signers);
        if constexpr (std::is_same_v<Op, AddSubnetValidator>)
          return check_add_subnet_validator(op, signers);
        if constexpr (std::is_same_v<Op, RemoveSubnetValidator>)
          return check_remove_subnet_validator(op, signers);
        if constexpr (std::is_same_v<Op, Transfer>) return check_transfer(op, signed_op.issuer);
      },
      signed_op.operation));
  ++account(signed_op.issuer).nonce;
  execute(signed_op.operation, signed_op.issuer);
  return {};
}

void Transition::execute(const Operation& operation, const Address& issuer) {
  if (const auto* op = std::get_if<AddValidator>(&operation)) {
    account(issuer).balance -= op->stake;
    data_.validators[op->node_id] = Validator{op->node_id,    op->stake,   effective_start(*op),
                                              op->end_height, op->bls_key, op->bls_pop,
                                              issuer};
    dirty_keys_.insert(validator_key(op->node_id));
    changed_sets_.emplace(kPrimaryNetwork);
  } else if (const auto* op = std::get_if<CreateSubnet>(&operation)) {
    data_.subnets[op->name] = Subnet{*op, {}};
    dirty_keys_.insert(subnet_key(op->name));
    changed_sets_.insert(op->name);
  } else if (const auto* op = std::get_if<AddSubnetValidator>(&operation)) {
    data_.subnets.find(op->subnet)->second.validators[op->node_id] = op->weight;
    dirty_keys_.insert(subnet_key(op->subnet));
    changed_sets_.insert(op->subnet);
  } else if (const auto* op = std::get_if<RemoveSubnetValidator>(&operation)) {
    data_.subnets.find(op->subnet)->second.validators.erase(op->node_id);
    dirty_keys_.insert(subnet_key(op->subnet));
    changed_sets_.insert(op->subnet);
  } else if (const auto* op = std::get_if<Transfer>(&operation)) {
    account(issuer).balance -= op->amount;
    account(op->to).balance += op->amount;
  }
}

}  // namespace plexus::platform
