#pragma once
// Primary-network operations and their signed form. An operation is authorised by secp256k1
// signatures over keccak256("plexus-platform" || network id || rlp([operation, issuer, nonce])),
// so a signature for one network cannot be replayed on another, and one accepted operation
// cannot be replayed at all: the issuer's account nonce moves on. The same wallet keys that sign
// subnet transactions sign platform operations.
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
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

// The VMs a subnet runs, as a bit set (bit i = VmKind i) so that the encoding is canonical.
class VmSet {
 public:
  constexpr VmSet() = default;
  constexpr VmSet(std::initializer_list<VmKind> vms) {
    for (const VmKind vm : vms) insert(vm);
  }
  constexpr void insert(VmKind vm) { bits_ |= static_cast<std::uint8_t>(1u << unsigned(vm)); }
  [[nodiscard]] constexpr bool contains(VmKind vm) const { return (bits_ >> unsigned(vm)) & 1u; }
  [[nodiscard]] constexpr bool empty() const { return bits_ == 0; }
  [[nodiscard]] constexpr std::uint8_t bits() const { return bits_; }
  // In VmKind order; the first is the one a single-VM runner (the dev node) starts.
  [[nodiscard]] std::vector<VmKind> list() const;
  [[nodiscard]] VmKind first() const;
  [[nodiscard]] static Result<VmSet> from_bits(std::uint64_t bits);
  friend bool operator==(const VmSet&, const VmSet&) = default;

 private:
  std::uint8_t bits_ = 0;
};

// Staking periods are in seconds of platform block time (block timestamps, which consensus
// checks, so every node reads the same values).
inline constexpr std::uint64_t kNoEnd = std::numeric_limits<std::uint64_t>::max();
inline constexpr std::size_t kBlsKeySize = 48;
inline constexpr std::size_t kBlsPopSize = 96;

// Moves PLX from the issuer's balance to `to`.
struct Transfer {
  Address to{};
  uint256 amount = 0;
  friend bool operator==(const Transfer&, const Transfer&) = default;
};

// Registers `node_id` (the network node id of the validator's TLS certificate; declared, it does
// not sign) as a primary-network validator for [start_time, end_time), locking `stake` from the
// issuer's balance. The issuer is the validator's owner: the stake and the rewards return to it.
// A start time of 0 means "from the block that includes the operation".
struct AddValidator {
  Address node_id{};
  uint256 stake = 0;
  std::uint64_t start_time = 0;
  std::uint64_t end_time = kNoEnd;
  Bytes bls_key{};  // 48 bytes (compressed G1)
  Bytes bls_pop{};  // 96-byte proof of possession of bls_key
  friend bool operator==(const AddValidator&, const AddValidator&) = default;
};

// What a subnet allows in its validator set: its size and each validator's weight.
struct Governance {
  std::uint32_t max_validators = 100;
  std::uint64_t min_weight = 1;
  std::uint64_t max_weight = std::numeric_limits<std::uint64_t>::max();
  friend bool operator==(const Governance&, const Governance&) = default;
};

// Who votes on a subnet's proposals: its owners (one vote each) or its validators (each with its
// weight in the subnet, cast by the validator's owner address).
enum class Voters : std::uint8_t { kOwners = 0, kValidators = 1 };

// How a subnet's proposals pass. Basis points: 10,000 = 100%.
struct Voting {
  Voters voters = Voters::kOwners;
  std::uint32_t quorum_bps = 5000;       // of the total voting weight must vote
  std::uint32_t threshold_bps = 5001;    // of the weight that voted must vote yes
  std::uint64_t voting_period = 86'400;  // seconds from the proposal's block
  std::uint64_t timelock = 86'400;       // seconds from the tally until the platform applies it
  friend bool operator==(const Voting&, const Voting&) = default;
};

// A subnet chain's block 0, read by every node that runs the chain, so all of them build the
// same one.
struct SubnetGenesis {
  struct Funded {
    Address address{};
    uint256 balance = 0;  // base units (10^-18 of the subnet's coin)
    friend bool operator==(const Funded&, const Funded&) = default;
  };
  std::vector<Funded> alloc{};  // empty: the accounts the network's genesis funds on every subnet
  std::uint64_t gas_limit = 0;  // 0: the network's default block gas limit
  // The share of a source subnet's stake, in basis points, that must sign a cross-subnet
  // message for this subnet to deliver it (docs/MESSAGING.md): 0 for 6,700 (67%), else
  // 6,667..10,000.
  std::uint32_t message_quorum_bps = 0;
  // The data-availability namespace (29 bytes) the subnet's validators post every block to as
  // blobs on the primary network (docs/DA.md, Subnets on DA); empty: the subnet does not post.
  // A blob namespace: reserved, padding and parity namespaces are refused.
  Bytes da_namespace{};
  friend bool operator==(const SubnetGenesis&, const SubnetGenesis&) = default;
};

// The parameters of a dev or bft engine (a snowman engine's: SnowmanSpec), carried as
// CreateSubnet::consensus_params = rlp([block_time_ms, leader_timeout_ms]) (empty bytes: both 0). 0
// leaves a value to the node's configuration; otherwise each lies in the range governance allows
// for it (chain_param_range). A governance proposal changes them later.
struct EngineTiming {
  std::uint64_t block_time_ms = 0;      // dev: the block interval; bft: a leader at rest waits this
  std::uint64_t leader_timeout_ms = 0;  // bft: how long a round waits before it votes to skip
  friend bool operator==(const EngineTiming&, const EngineTiming&) = default;
};
[[nodiscard]] Bytes encode_engine_timing(const EngineTiming& timing);
// Checks the encoding and each value's range; the error names the rule.
[[nodiscard]] Result<EngineTiming> decode_engine_timing(ConsensusKind consensus, BytesView params);

// The parameters of a snowman engine (docs/CONSENSUS.md, Snowman), carried as
// CreateSubnet::consensus_params = rlp([k, alpha_preference, alpha_confidence, beta,
// proposer_window_ms]); empty bytes: the defaults below (Avalanche's). Ranges:
// 1 <= k <= kMaxSnowmanK, k/2 < alpha_preference <= alpha_confidence <= k,
// 1 <= beta <= kMaxSnowmanBeta, proposer_window_ms 10..60000.
struct SnowmanSpec {
  std::uint64_t k = 20;                    // validators sampled (by stake) per poll
  std::uint64_t alpha_preference = 15;     // agreeing answers that move a preference
  std::uint64_t alpha_confidence = 15;     // agreeing answers that count towards finality
  std::uint64_t beta = 20;                 // consecutive confident polls that finalize
  std::uint64_t proposer_window_ms = 500;  // how long each proposer in turn has to build
  friend bool operator==(const SnowmanSpec&, const SnowmanSpec&) = default;
};
inline constexpr std::uint64_t kMaxSnowmanK = 100;
inline constexpr std::uint64_t kMaxSnowmanBeta = 200;
[[nodiscard]] Bytes encode_snowman_spec(const SnowmanSpec& spec);
// Checks the encoding and the ranges; the error names the rule.
[[nodiscard]] Result<SnowmanSpec> decode_snowman_spec(BytesView params);
[[nodiscard]] Result<void> check_snowman_spec(const SnowmanSpec& spec);

// Creates a subnet governed by `owners`: changes to it need `threshold` of their signatures.
struct CreateSubnet {
  std::string name{};  // [a-z0-9-], 1..32 characters; also the URL path segment
  VmSet vms{VmKind::kEvm};
  std::uint64_t chain_id = 0;
  ConsensusKind consensus = ConsensusKind::kDev;
  Bytes consensus_params{};  // opaque to the platform; read by the subnet's engine
  std::vector<Address> owners{};
  std::uint32_t threshold = 1;
  Governance governance{};
  Voting voting{};
  SubnetGenesis genesis{};
  friend bool operator==(const CreateSubnet&, const CreateSubnet&) = default;
};

// Adds a primary-network validator to a subnet's validator set (signed by its owners) for
// [start_time, end_time), which must lie in its primary staking period. 0 as start: from the
// including block; 0 as end: until the primary period ends.
struct AddSubnetValidator {
  std::string subnet{};
  Address node_id{};
  std::uint64_t weight = 1;
  std::uint64_t start_time = 0;
  std::uint64_t end_time = 0;
  friend bool operator==(const AddSubnetValidator&, const AddSubnetValidator&) = default;
};

// Removes a validator from a subnet's validator set (signed by its owners).
struct RemoveSubnetValidator {
  std::string subnet{};
  Address node_id{};
  friend bool operator==(const RemoveSubnetValidator&, const RemoveSubnetValidator&) = default;
};

// Locks `amount` of the issuer's PLX on an active validator from the including block until
// `end_time` (within the validator's period); it adds to the validator's primary weight.
struct Delegate {
  Address node_id{};
  uint256 amount = 0;
  std::uint64_t end_time = 0;
  friend bool operator==(const Delegate&, const Delegate&) = default;
};

// Proof that a validator signed two contradicting consensus votes; anyone may report it.
struct ReportEquivocation {
  Bytes evidence{};  // opaque to the platform: PlatformConfig::check_evidence reads it
  friend bool operator==(const ReportEquivocation&, const ReportEquivocation&) = default;
};

// The subnet chain parameters a proposal may change (ranges: governance.hpp).
enum class ChainParam : std::uint8_t {
  kGasLimit = 0,
  kBaseFeeMaxChangeDenominator = 1,
  kElasticityMultiplier = 2,
  kBlockTimeMs = 3,
  kLeaderTimeoutMs = 4,
};
struct SetChainParam {
  ChainParam param = ChainParam::kGasLimit;
  std::uint64_t value = 0;
  friend bool operator==(const SetChainParam&, const SetChainParam&) = default;
};
struct EnableVm {
  VmKind vm = VmKind::kEvm;
  friend bool operator==(const EnableVm&, const EnableVm&) = default;
};
struct ScheduleUpgrade {
  std::string name{};  // [a-z0-9-.], 1..32 characters
  friend bool operator==(const ScheduleUpgrade&, const ScheduleUpgrade&) = default;
};
struct SetValidatorRequirements {
  Governance requirements{};
  friend bool operator==(const SetValidatorRequirements&,
                         const SetValidatorRequirements&) = default;
};
// The index is the action's kind in the encoding: append only.
using GovernanceAction =
    std::variant<SetChainParam, EnableVm, ScheduleUpgrade, SetValidatorRequirements>;

// Puts `action` to the vote of `subnet`'s voters; if it passes, it takes effect at the subnet's
// block `effective_height`.
struct Propose {
  std::string subnet{};
  GovernanceAction action{};
  std::uint64_t effective_height = 0;
  friend bool operator==(const Propose&, const Propose&) = default;
};

// The issuer's vote on proposal `proposal` (numbered per subnet from 0).
struct Vote {
  std::string subnet{};
  std::uint64_t proposal = 0;
  bool yes = false;
  friend bool operator==(const Vote&, const Vote&) = default;
};

// One blob of a SubmitBlobs: its 29-byte namespace (a version-0 namespace that is not reserved,
// docs/DA.md) and at least one byte of data.
struct BlobData {
  Bytes ns{};
  Bytes data{};
  friend bool operator==(const BlobData&, const BlobData&) = default;
};
inline constexpr std::size_t kMaxBlobsPerOperation = 16;

// Puts 1..kMaxBlobsPerOperation blobs in the data square of the including block, all of them or
// none (docs/DA.md, Blobs on the primary network). The issuer pays `fee_per_byte` (at least the
// network's min_blob_fee_per_byte) for every data byte, burned with the operation fee.
struct SubmitBlobs {
  std::vector<BlobData> blobs{};
  uint256 fee_per_byte = 0;
  friend bool operator==(const SubmitBlobs&, const SubmitBlobs&) = default;
};

// The index is the operation's kind in the encoding: append only.
using Operation =
    std::variant<AddValidator, CreateSubnet, AddSubnetValidator, Transfer, RemoveSubnetValidator,
                 Delegate, ReportEquivocation, Propose, Vote, SubmitBlobs>;

struct SignedOperation {
  Operation operation{};
  Address issuer{};         // whose nonce this is; must be among the signers
  std::uint64_t nonce = 0;  // the issuer's account nonce when the operation applies
  std::vector<secp256k1::RecoverableSignature> signatures{};
  friend bool operator==(const SignedOperation&, const SignedOperation&) = default;
};

[[nodiscard]] Bytes encode_operation(const Operation& operation);
[[nodiscard]] Result<Operation> decode_operation(BytesView encoded);
// rlp([operation, issuer, nonce, [[recovery_id, r, s], ...]]): what
// plexus_submitPlatformOperation takes.
[[nodiscard]] Bytes encode_signed(const SignedOperation& signed_op);
[[nodiscard]] Result<SignedOperation> decode_signed(BytesView encoded);
[[nodiscard]] Hash256 signing_hash(const Operation& operation, const Address& issuer,
                                   std::uint64_t nonce, std::uint64_t network_id);
// The first key is the issuer's.
[[nodiscard]] SignedOperation sign_operation(Operation operation, std::uint64_t network_id,
                                             std::uint64_t nonce,
                                             std::span<const secp256k1::PrivateKey> keys);
// The distinct signers, in signature order; fails on an invalid signature.
[[nodiscard]] Result<std::vector<Address>> signers(const SignedOperation& signed_op,
                                                   std::uint64_t network_id);

}  // namespace plexus::platform
