#pragma once
// The primary network's transition function: one block's changes to PlatformData, operation by
// operation. Deterministic: it reads only the data, the configuration, the network id and the
// block height (ordered maps, no clock).
//
// Every operation is checked completely before anything is changed, so a refused operation
// leaves the data as it was; a caller that must undo accepted operations too (a refused block)
// works on a copy.
#include <set>
#include <string>

#include "platform/config.hpp"
#include "platform/records.hpp"
#include "storage/key_order.hpp"

namespace plexus::platform {

class Transition {
 public:
  Transition(PlatformData& data, const PlatformConfig& config, std::uint64_t network_id,
             std::uint64_t height)
      : data_(data), config_(config), network_id_(network_id), height_(height) {}

  // Genesis balances, before block 0's operations.
  void credit(const Address& address, const uint256& amount);
  // Run first in every block: validators whose period ended by this height leave the primary
  // network and every subnet, and their stake returns to their balance.
  void expire_validators();
  // Checks one operation against every rule and applies it if they all hold; otherwise
  // kValidation (or kNotSupported) with the broken rule and no change.
  [[nodiscard]] Result<void> apply(const SignedOperation& signed_op);
  void mark_set_changed(std::string_view subnet) { changed_sets_.emplace(subnet); }

  // Trie keys whose record may have changed, and the validator sets (by subnet name, or
  // kPrimaryNetwork) that may have changed.
  [[nodiscard]] const std::set<Bytes, KeyLess>& dirty_keys() const { return dirty_keys_; }
  [[nodiscard]] const std::set<std::string, std::less<>>& changed_sets() const {
    return changed_sets_;
  }

 private:
  [[nodiscard]] Result<void> check_add_validator(const AddValidator& op,
                                                 const Address& issuer) const;
  [[nodiscard]] Result<void> check_create_subnet(const CreateSubnet& op,
                                                 const std::vector<Address>& signed_by) const;
  [[nodiscard]] Result<void> check_add_subnet_validator(
      const AddSubnetValidator& op, const std::vector<Address>& signed_by) const;
  [[nodiscard]] Result<void> check_remove_subnet_validator(
      const RemoveSubnetValidator& op, const std::vector<Address>& signed_by) const;
  [[nodiscard]] Result<void> check_transfer(const Transfer& op, const Address& from) const;
  [[nodiscard]] Result<void> check_owners(const std::string& subnet,
                                          const std::vector<Address>& signed_by) const;
  [[nodiscard]] Result<void> check_bls(const AddValidator& op) const;

  void execute(const Operation& operation, const Address& issuer);
  // AddValidator's start height 0 means "from the block that includes it".
  [[nodiscard]] std::uint64_t effective_start(const AddValidator& op) const {
    return op.start_height == 0 ? height_ : op.start_height;
  }
  [[nodiscard]] uint256 balance(const Address& address) const;
  Account& account(const Address& address);

  PlatformData& data_;
  const PlatformConfig& config_;
  const std::uint64_t network_id_;
  const std::uint64_t height_;
  std::set<Bytes, KeyLess> dirty_keys_;
  std::set<std::string, std::less<>> changed_sets_;
};

}  // namespace plexus::platform
