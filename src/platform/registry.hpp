#pragma once
// The primary network's registry: PLX balances, validators with their stake, and subnets with
// their VM, chain id, consensus engine, governance (owners and a signature threshold) and
// validator set. Every change is a SignedOperation checked against the rules below and written
// in one synced batch, so the registry survives a crash exactly as it was after the last
// accepted operation.
//
// Rules: a validator signs its own registration and stakes at least 2,000 PLX from its balance;
// subnet names are unique, [a-z0-9-] and at most 32 characters; chain ids are unique and
// non-zero; a subnet is created and changed with signatures of at least `threshold` of its owners;
// only primary-network validators can validate a subnet.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "platform/operations.hpp"
#include "storage/kv.hpp"

namespace plexus::platform {

struct Validator {
  Address node_id;
  uint256 stake = 0;
};

struct Subnet {
  CreateSubnet spec;
  std::vector<Address> validators;
};

struct PlatformGenesis {
  std::uint64_t network_id = 1337;
  std::vector<std::pair<Address, uint256>> balances;
  // Applied in order when the registry is created, under the same rules as later operations.
  std::vector<SignedOperation> operations;
};

class PlatformRegistry {
 public:
  // `store` must outlive the registry. Fails if the store belongs to another network id, or if a
  // genesis operation breaks a rule.
  [[nodiscard]] static Result<std::unique_ptr<PlatformRegistry>> open(
      kv::KvStore& store, const PlatformGenesis& genesis);

  // Checks and commits one operation; kValidation with the broken rule otherwise (nothing changes).
  [[nodiscard]] Result<void> apply(const SignedOperation& signed_op);

  [[nodiscard]] std::uint64_t network_id() const noexcept { return network_id_; }
  [[nodiscard]] uint256 balance(const Address& addr) const;
  [[nodiscard]] std::vector<Validator> validators() const;
  [[nodiscard]] std::vector<Subnet> subnets() const;
  [[nodiscard]] std::optional<Subnet> subnet(std::string_view name) const;

 private:
  PlatformRegistry(kv::KvStore& store, std::uint64_t network_id)
      : store_(store), network_id_(network_id) {}
  [[nodiscard]] Result<void> load();
  // Validates against the in-memory registry and stages the writes; the caller commits.
  [[nodiscard]] Result<void> check_and_stage(const SignedOperation& signed_op,
                                             kv::WriteBatch& batch);

  kv::KvStore& store_;
  const std::uint64_t network_id_;
  mutable std::mutex mutex_;
  std::map<Address, uint256> balances_;
  std::map<Address, uint256> stakes_;
  std::map<std::string, Subnet, std::less<>> subnets_;
};

}  // namespace plexus::platform
