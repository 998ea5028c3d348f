#pragma once
// What a primary network is started with: its rules' parameters (PlatformParams), the checks the
// platform cannot do itself (PlatformConfig's hooks) and its genesis, the content of block 0
// (PlatformGenesis).
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "platform/operations.hpp"

namespace plexus::platform {

inline constexpr std::uint64_t kDay = 86'400;
inline constexpr std::uint64_t kYear = 365 * kDay;  // seconds; the reward rate is per this
inline constexpr std::uint32_t kBasisPoints = 10'000;

// Every field reaches the root through the rules, so all nodes of a network must use the same
// values: they are fixed when the store is created (from PlatformGenesis::params, or else from
// the PlatformConfig given to open), committed to by block 0's hash, and read back from the
// store on every later open.
struct PlatformParams {
  uint256 min_stake = min_validator_stake();          // 2,000 PLX
  std::uint64_t min_staking_period = kDay;            // seconds
  std::uint64_t max_staking_period = kYear;           // seconds; kNoEnd for no limit
  std::size_t max_consensus_params = 1024;            // bytes of CreateSubnet::consensus_params
  std::size_t max_block_operations = 1024;
  uint256 operation_fee = plx(1) / uint256(1000);     // 0.001 PLX per operation, burned
  uint256 min_delegation = plx(1);
  std::uint32_t max_delegation_multiple = 4;          // delegated stake <= 4 x own stake
  std::uint32_t delegation_fee_bps = 1000;            // validator's share of delegators' rewards
  std::uint32_t reward_rate_bps = 500;                // 5% of the stake per 365 days staked
  std::uint32_t min_uptime_bps = 8000;                // rewards need >= 80% uptime
  std::uint32_t slash_bps = 1000;                     // equivocation burns 10% of the stake
  std::size_t max_evidence_size = 16 * 1024;          // bytes of ReportEquivocation::evidence
  std::uint64_t min_voting_period = 3600;             // seconds
  std::uint64_t max_voting_period = 30 * kDay;        // seconds
  std::uint64_t max_timelock = 30 * kDay;             // seconds
  // Data availability (docs/DA.md): the widest original square k of a block's blobs (a power
  // of two up to 512), the largest blob in bytes, and the least fee per blob byte.
  std::size_t max_square_size = 32;
  std::size_t max_blob_size = 256 * 1024;
  uint256 min_blob_fee_per_byte = plx(1) / uint256(1'000'000'000);
  friend bool operator==(const PlatformParams&, const PlatformParams&) = default;
};

// rlp of every field, in declaration order: stored, and part of block 0's parent hash. The data
// availability fields are one trailing list [max_square_size, max_blob_size,
// min_blob_fee_per_byte], left out while all three have their defaults (so networks created
// before them keep their genesis hash); a decoder refuses the defaults written out.
[[nodiscard]] Bytes encode_params(const PlatformParams& params);
[[nodiscard]] Result<PlatformParams> decode_params(BytesView encoded);
// The values the rules need to make sense (the maximum square size a power of two up to 512, a
// maximum blob size above 0); the error names the rule.
[[nodiscard]] Result<void> check_params(const PlatformParams& params);

// Checks that `pop` proves possession of the BLS secret key behind `key` (48 and 96 bytes).
using BlsPopCheck = std::function<Result<void>(BytesView key, BytesView pop)>;
// The project's BLS code (core/bls): the key decodes to a G1 point and PopVerify accepts `pop`.
[[nodiscard]] Result<void> verify_bls_pop(BytesView key, BytesView pop);

// What the consensus layer proved with a piece of equivocation evidence: who signed two
// contradicting votes (its 48-byte BLS public key, both signatures verified against it) and an
// id that is the same for every encoding of the same offence.
struct EvidenceFacts {
  Bytes offender_bls_key{};
  Hash256 id{};
};
// The platform is below consensus and cannot parse its votes, so the node injects the check.
using EvidenceCheck = std::function<Result<EvidenceFacts>(BytesView evidence)>;

struct PlatformConfig : PlatformParams {
  BlsPopCheck check_bls_pop = verify_bls_pop;
  // Unset: ReportEquivocation is refused with "not supported: equivocation evidence check".
  EvidenceCheck check_evidence{};
};

struct PlatformGenesis {
  std::uint64_t network_id = 1337;
  std::uint64_t timestamp = 0;  // block 0's timestamp, in seconds
  std::vector<std::pair<Address, uint256>> balances{};
  // Block 0's operations, applied after the balances under the same rules (nonces and fees
  // included) as any later block.
  std::vector<SignedOperation> operations{};
  // The network's parameters; unset, those of the PlatformConfig given to open.
  std::optional<PlatformParams> params{};
};

}  // namespace plexus::platform
