#pragma once
// Applying one transaction to the world state: validation against the state and the block,
// gas purchase, execution through StateHost, refunds, the EIP-1559 fee split and the end-of-
// transaction clean-up (SELFDESTRUCT and EIP-161 deletions).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/transaction.hpp"
#include "evm/host.hpp"
#include "exec/host.hpp"
#include "exec/state.hpp"

namespace plexus::transition {

// EIP-4844 blob gas by fork: Cancun 3 blobs a block as target and 6 at most; EIP-7691 raised them
// to 6 and 9 in Prague with a matching update fraction; Osaka keeps Prague's. EIP-7840 lists them
// as the client configuration's blobSchedule; a state test's config.blobSchedule may set others.
struct BlobSchedule {
  std::uint64_t target = 3;  // blobs per block
  std::uint64_t max = 6;
  std::uint64_t update_fraction = 3338477;
  friend bool operator==(const BlobSchedule&, const BlobSchedule&) = default;
};
[[nodiscard]] BlobSchedule blob_schedule(evm::Revision rev) noexcept;

struct BlockInfo {
  std::int64_t number = 0;
  std::int64_t timestamp = 0;
  std::int64_t gas_limit = 0;
  Address coinbase;
  Bytes32 prev_randao;
  uint256 base_fee = 0;
  std::uint64_t excess_blob_gas = 0;
  std::optional<BlobSchedule> blob_schedule;  // nullopt: the fork's (blob_schedule(rev))
  uint256 chain_id = 1;
  std::function<Hash256(std::int64_t)> block_hash;
  // The subnet's VMs besides the EVM (nullptr: an EVM-only subnet).
  const exec::ForeignVms* foreign_vms = nullptr;
  std::uint64_t platform_height = 0;  // exec::BlockContext::platform_height
};

inline constexpr std::uint64_t kBlobGasPerBlob = tx::kBlobGasPerBlob;
inline constexpr std::uint64_t kMaxBlobGasPerBlock = 786432;
inline constexpr std::uint64_t kBlobBaseFeeUpdateFraction = 3338477;

// EIP-4844 blob base fee: fake_exponential(1, excess_blob_gas, update fraction).
[[nodiscard]] uint256 blob_base_fee(std::uint64_t excess_blob_gas,
                                    std::uint64_t update_fraction = kBlobBaseFeeUpdateFraction);

// EIP-7918 (Osaka): execution must cost at least this much base fee per blob gas's worth.
inline constexpr std::uint64_t kBlobBaseCost = 1u << 13;

struct ParentBlobGas {
  std::uint64_t excess_blob_gas = 0;
  std::uint64_t blob_gas_used = 0;
  uint256 base_fee = 0;
};
// The excess blob gas of the block after `parent` (EIP-4844) under `schedule`. From Osaka
// (EIP-7918), while the parent's blob base fee is below its base fee / kBlobBaseCost per blob gas
// the excess only grows (by the used gas times (max - target) / max), so the blob price cannot
// sink below what execution costs.
[[nodiscard]] std::uint64_t next_excess_blob_gas(const ParentBlobGas& parent,
                                                 const BlobSchedule& schedule, evm::Revision rev);

// Why a transaction is invalid. Names follow the execution-spec-tests TransactionException names.
enum class TxError : std::uint8_t {
  kTypeNotSupported,  // only blob transactions before Cancun can be of an unknown type here
  kWrongChainId,
  kNonceIsMax,
  kNonceTooLow,
  kNonceTooHigh,
  kSenderNotEoa,
  kIntrinsicGasTooLow,
  kGasAllowanceExceeded,
  kInitcodeSizeExceeded,
  kMaxFeeBelowBaseFee,
  kPriorityAboveMaxFee,
  kInsufficientFunds,
  kGasPriceProductOverflow,
  kBlobContractCreation,
  kBlobZeroBlobs,
  kBlobCountExceeded,
  kBlobInvalidVersionedHash,
  kBlobFeeBelowBlobBaseFee,
  kGasLimitAboveCap,         // EIP-7825
  kSetCodeEmptyList,         // EIP-7702: a type-4 transaction without authorizations
  kSetCodeContractCreation,  // EIP-7702: a type-4 transaction without a destination
};

// "TransactionException.INTRINSIC_GAS_TOO_LOW" etc.
[[nodiscard]] std::string_view tx_error_name(TxError error) noexcept;

struct Receipt {
  evm::StatusCode status = evm::StatusCode::kSuccess;
  std::int64_t gas_used = 0;
  std::vector<exec::Log> logs;
};

struct TxOutcome {
  // Set when the transaction is invalid; the state is then unchanged.
  std::optional<TxError> error;
  std::string error_detail;
  Receipt receipt;
  Bytes output;  // the outermost frame's return or revert data
  // For a failed transaction without revert data: why a WASM or Move VM below it failed.
  std::string failure_reason;
};

struct ApplyOptions {
  // false leaves the transaction open: nothing is finalized, the logs stay in state.logs() and
  // the caller reverts to a snapshot taken before (eth_call, eth_estimateGas).
  bool finalize = true;
  // Simulations may run "from" a contract (EIP-3607 binds only real transactions).
  bool allow_sender_code = false;
  // debug_trace*: sees every frame and instruction of the transaction (evm/tracer.hpp).
  evm::Tracer* tracer = nullptr;
};

[[nodiscard]] tx::Fork revision_fork(evm::Revision rev) noexcept;

// Applies `tx`, signed by `sender`, on top of `state` in block `block`.
[[nodiscard]] TxOutcome apply_transaction(exec::State& state, const BlockInfo& block,
                                          const tx::Transaction& tx, const Address& sender,
                                          evm::Revision rev, ApplyOptions options = {});

}  // namespace plexus::transition
