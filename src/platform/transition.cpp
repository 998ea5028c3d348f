#include "platform/transition.hpp"

#include <algorithm>

#include "platform/blobs.hpp"

namespace plexus::platform {

Account& Transition::account(const Address& address) {
  dirty_keys_.insert(account_key(address));
  return data_.accounts[address];
}

Validator& Transition::validator(const Address& node_id) {
  dirty_keys_.insert(validator_key(node_id));
  return data_.validators.at(node_id);
}

Subnet& Transition::subnet(std::string_view name) {
  dirty_keys_.insert(subnet_key(name));
  return data_.subnets.find(name)->second;
}

uint256 Transition::spendable(const Address& address) const {
  const auto it = data_.accounts.find(address);
  const uint256 balance = it == data_.accounts.end() ? uint256(0) : it->second.balance;
  return address == fee_payer_ ? balance - config_.operation_fee : balance;
}

void Transition::credit(const Address& address, const uint256& amount) {
  account(address).balance += amount;
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
  const uint256 balance = it == data_.accounts.end() ? uint256(0) : it->second.balance;
  if (balance < config_.operation_fee)
    return fail(Errc::kValidation, "platform: insufficient balance for fee");
  // The rules see the issuer's balance after the fee; fee_payer_ is cleared on every path.
  fee_payer_ = signed_op.issuer;
  auto checked = check(signed_op.operation, signed_op.issuer, signers);
  fee_payer_ = Address{};
  if (!checked) return checked;
  Account& issuer = account(signed_op.issuer);
  ++issuer.nonce;
  issuer.balance -= config_.operation_fee;
  if (config_.operation_fee != 0) {
    data_.totals.burned += config_.operation_fee;
    dirty_keys_.insert(totals_key());
  }
  execute(signed_op.operation, signed_op.issuer, signed_op.nonce);
  return {};
}

void Transition::execute(const Operation& operation, const Address& issuer, std::uint64_t nonce) {
  if (const auto* op = std::get_if<AddValidator>(&operation)) {
    account(issuer).balance -= op->stake;
    data_.validators[op->node_id] = Validator{.node_id = op->node_id,
                                              .owner = issuer,
                                              .stake = op->stake,
                                              .start_time = start_of(op->start_time),
                                              .end_time = op->end_time,
                                              .bls_key = op->bls_key,
                                              .bls_pop = op->bls_pop};
    dirty_keys_.insert(validator_key(op->node_id));
    // A validator that starts later joins the set at its start (start_periods).
    if (start_of(op->start_time) <= timestamp_) changed_sets_.emplace(kPrimaryNetwork);
  } else if (const auto* op = std::get_if<CreateSubnet>(&operation)) {
    data_.subnets[op->name] = Subnet{*op, {}, 0};
    dirty_keys_.insert(subnet_key(op->name));
    changed_sets_.insert(op->name);
  } else if (const auto* op = std::get_if<AddSubnetValidator>(&operation)) {
    const Validator& primary = data_.validators.at(op->node_id);
    const SubnetMember member{op->weight, start_of(op->start_time),
                              op->end_time == 0 ? primary.end_time : op->end_time};
    subnet(op->subnet).validators[op->node_id] = member;
    if (member.start_time <= timestamp_) changed_sets_.insert(op->subnet);
  } else if (const auto* op = std::get_if<RemoveSubnetValidator>(&operation)) {
    subnet(op->subnet).validators.erase(op->node_id);
    changed_sets_.insert(op->subnet);
  } else if (const auto* op = std::get_if<Transfer>(&operation)) {
    account(issuer).balance -= op->amount;
    account(op->to).balance += op->amount;
  } else if (const auto* op = std::get_if<Delegate>(&operation)) {
    account(issuer).balance -= op->amount;
    validator(op->node_id).delegated += op->amount;
    const DelegationId id{op->node_id, issuer, nonce};
    data_.delegations[id] = Delegation{op->amount, timestamp_, op->end_time};
    dirty_keys_.insert(delegation_key(id));
    changed_sets_.emplace(kPrimaryNetwork);  // the validator's weight grew
  } else if (std::holds_alternative<ReportEquivocation>(operation)) {
    execute_report(checked_facts_);  // what check_report just found
  } else if (const auto* op = std::get_if<Propose>(&operation)) {
    execute_propose(*op, issuer);
  } else if (const auto* op = std::get_if<Vote>(&operation)) {
    execute_vote(*op, issuer);
  } else if (const auto* op = std::get_if<SubmitBlobs>(&operation)) {
    // The blobs themselves live in the block (and its square); the state keeps only the fee.
    const uint256 fee = op->fee_per_byte * uint256(blob_bytes(*op));
    account(issuer).balance -= fee;
    data_.totals.burned += fee;
    dirty_keys_.insert(totals_key());
  }
}

}  // namespace plexus::platform
