#pragma once
// Primary-network operations and their signed form. An operation is authorised by secp256k1
// signatures over keccak256("plexus-platform" || network id || rlp(operation)), so a signature
// for one network cannot be replayed on another and the same wallet keys that sign subnet
// transactions sign platform operations.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/secp256k1.hpp"
#include "core/uint256.hpp"

namespace plexus::platform {

// 1 PLX = 10^18 base units, like ether and wei.
[[nodiscard]] uint256 plx(std::uint64_t whole);
[[nodiscard]] const uint256& min_validator_stake();  // 2,000 PLX

enum class VmKind : std::uint8_t { kEvm = 0, kWasm = 1, kMove = 2 };
enum class ConsensusKind : std::uint8_t { kDev = 0, kBft = 1, kSnowman = 2 };

[[nodiscard]] std::string_view vm_name(VmKind vm) noexcept;
[[nodiscard]] std::string_view consensus_name(ConsensusKind consensus) noexcept;

// Registers the signer as a validator of the primary network, locking `stake` from its balance.
struct AddValidator {
  Address node_id;  // must be the signer
  uint256 stake = 0;
  friend bool operator==(const AddValidator&, const AddValidator&) = default;
};

// Creates a subnet governed by `owners`: changes to it need `threshold` of their signatures.
struct CreateSubnet {
  std::string name;  // [a-z0-9-], 1..32 characters; also the URL path segment
  VmKind vm = VmKind::kEvm;
  std::uint64_t chain_id = 0;
  ConsensusKind consensus = ConsensusKind::kDev;
  std::vector<Address> owners;
  std::uint32_t threshold = 1;
  friend bool operator==(const CreateSubnet&, const CreateSubnet&) = default;
};

// Adds a primary-network validator to a subnet's validator set (signed by its owners).
struct AddSubnetValidator {
  std::string subnet;
  Address node_id;
  friend bool operator==(const AddSubnetValidator&, const AddSubnetValidator&) = default;
};

using Operation = std::variant<AddValidator, CreateSubnet, AddSubnetValidator>;

struct SignedOperation {
  Operation operation;
  std::vector<secp256k1::RecoverableSignature> signatures;
};

[[nodiscard]] Bytes encode_operation(const Operation& operation);
[[nodiscard]] Result<Operation> decode_operation(BytesView encoded);
// rlp([operation, [[recovery_id, r, s], ...]]): what plexus_submitPlatformOperation takes.
[[nodiscard]] Bytes encode_signed(const SignedOperation& signed_op);
[[nodiscard]] Result<SignedOperation> decode_signed(BytesView encoded);
[[nodiscard]] Hash256 signing_hash(const Operation& operation, std::uint64_t network_id);
[[nodiscard]] SignedOperation sign_operation(Operation operation, std::uint64_t network_id,
                                             std::span<const secp256k1::PrivateKey> keys);
// The distinct signers, in signature order; fails on an invalid signature.
[[nodiscard]] Result<std::vector<Address>> signers(const SignedOperation& signed_op,
                                                   std::uint64_t network_id);

}  // namespace plexus::platform
