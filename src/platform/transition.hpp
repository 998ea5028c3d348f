#pragma once
// The primary network's transition function: one block's changes to PlatformData, operation by
// operation. Deterministic: it reads only the data, the configuration, the network id, the block
// height and the block timestamp (ordered maps, no clock).
//
// Every operation is checked completely before anything is changed, so a refused operation
// leaves the data as it was; a caller that must undo accepted operations too (a refused block)
// works on a copy.
#include <set>
#include <string>

#include "platform/block.hpp"
#include "platform/config.hpp"
#include "platform/history.hpp"
#include "platform/records.hpp"
#include "storage/key_order.hpp"

namespace plexus::platform {

class Transition {
 public:
  Transition(PlatformData& data, const PlatformConfig& config, std::uint64_t network_id,
             std::uint64_t height, std::uint64_t timestamp)
      : data_(data),
        config_(config),
        network_id_(network_id),
        height_(height),
        timestamp_(timestamp) {}

  // Genesis balances, before block 0's operations.
  void credit(const Address& address, const uint256& amount);
  // Run first in every block after block 0 (staking.cpp): counts uptime (block.hpp,
  // UptimeRecord) over the primary validators active at the parent (uptime_order), ends the delegations,
  // validators and subnet memberships whose period ended by this block's time (stake back,
  // rewards paid), starts those whose period began, tallies the proposals whose voting ended and
  // executes those whose timelock passed. kValidation for a malformed bitset, before any change.
  [[nodiscard]] Result<void> begin_block(std::uint64_t parent_timestamp,
                                         const UptimeRecord& uptime);
  // Checks one operation against every rule and applies it if they all hold; otherwise
  // kValidation (or kNotSupported) with the broken rule and no change.
  [[nodiscard]] Result<void> apply(const SignedOperation& signed_op);
  // An equivocation report carried by the block itself (block.hpp, evidence): the rules of
  // ReportEquivocation without issuer or fee; kValidation and no change if it does not apply.
  [[nodiscard]] Result<void> apply_evidence(const Bytes& report);
  void mark_set_changed(std::string_view subnet) { changed_sets_.emplace(subnet); }

  // Trie keys whose record may have changed, and the validator sets (by subnet name, or
  // kPrimaryNetwork) that may have changed.
  [[nodiscard]] const std::set<Bytes, KeyLess>& dirty_keys() const { return dirty_keys_; }
  [[nodiscard]] const std::set<std::string, std::less<>>& changed_sets() const {
    return changed_sets_;
  }

 private:
  using Signers = std::vector<Address>;
  // transition_rules.cpp
  [[nodiscard]] Result<void> check(const Operation& operation, const Address& issuer,
                                   const Signers& signed_by) const;
  [[nodiscard]] Result<void> check_add_validator(const AddValidator& op,
                                                 const Address& issuer) const;
  [[nodiscard]] Result<void> check_create_subnet(const CreateSubnet& op,
                                                 const Signers& signed_by) const;
  [[nodiscard]] Result<void> check_add_subnet_validator(const AddSubnetValidator& op,
                                                        const Signers& signed_by) const;
  [[nodiscard]] Result<void> check_remove_subnet_validator(const RemoveSubnetValidator& op,
                                                           const Signers& signed_by) const;
  [[nodiscard]] Result<void> check_transfer(const Transfer& op, const Address& from) const;
  [[nodiscard]] Result<void> check_delegate(const Delegate& op, const Address& from) const;
  [[nodiscard]] Result<void> check_owners(const std::string& subnet,
                                          const Signers& signed_by) const;
  [[nodiscard]] Result<void> check_bls(const AddValidator& op) const;
  [[nodiscard]] Result<void> check_submit_blobs(const SubmitBlobs& op, const Address& issuer) const;
  // governance_rules.cpp
  [[nodiscard]] Result<void> check_propose(const Propose& op, const Address& issuer) const;
  [[nodiscard]] Result<void> check_vote(const Vote& op, const Address& issuer) const;
  [[nodiscard]] std::map<Address, std::uint64_t> voters(const Subnet& subnet) const;
  void execute_propose(const Propose& op, const Address& issuer);
  void execute_vote(const Vote& op, const Address& issuer);
  void tally_proposals();
  void execute_due_proposals();
  // staking.cpp
  [[nodiscard]] Result<EvidenceFacts> check_report(const ReportEquivocation& op) const;
  void execute_report(const EvidenceFacts& facts);
  [[nodiscard]] Result<void> count_uptime(std::uint64_t parent_timestamp,
                                          const UptimeRecord& uptime);
  void end_periods();
  void start_periods(std::uint64_t parent_timestamp);
  void end_delegation(const DelegationId& id, bool rewarded);
  void remove_validator(const Address& node_id);
  [[nodiscard]] bool met_uptime(const Validator& v) const;
  void mint(const Address& to, const uint256& amount);

  void execute(const Operation& operation, const Address& issuer, std::uint64_t nonce);
  [[nodiscard]] std::uint64_t start_of(std::uint64_t start_time) const {
    return start_time == 0 ? timestamp_ : start_time;
  }
  // The issuer's balance after the fee of the operation being checked.
  [[nodiscard]] uint256 spendable(const Address& address) const;
  Account& account(const Address& address);
  Validator& validator(const Address& node_id);
  Subnet& subnet(std::string_view name);

  PlatformData& data_;
  const PlatformConfig& config_;
  const std::uint64_t network_id_;
  const std::uint64_t height_;
  const std::uint64_t timestamp_;
  Address fee_payer_{};
  mutable EvidenceFacts checked_facts_{};  // of the ReportEquivocation last checked
  std::set<Bytes, KeyLess> dirty_keys_;
  std::set<std::string, std::less<>> changed_sets_;
};

// kValidation "platform: <message>": how every rule refuses.
[[nodiscard]] inline std::unexpected<Error> refuse(std::string message) {
  return fail(Errc::kValidation, "platform: " + std::move(message));
}

// A subnet's validator requirements are coherent (CreateSubnet, SetValidatorRequirements).
[[nodiscard]] Result<void> check_requirements(const Governance& requirements);

// The primary validators active at a parent block dated `parent_timestamp` (those whose period
// had started), in certificate order: what an UptimeRecord's bitsets index.
[[nodiscard]] ValidatorSet uptime_order(const PlatformData& data, std::uint64_t parent_timestamp);

// floor(amount * rate_bps / 10,000 * seconds / kYear): the reward for staking `amount` for
// `seconds`, exact in 256-bit integers.
[[nodiscard]] uint256 staking_reward(const uint256& amount, std::uint64_t seconds,
                                     std::uint32_t rate_bps);

}  // namespace plexus::platform
