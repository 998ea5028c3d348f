#include "transition/transition.hpp"

#include <algorithm>
#include <limits>

#include "core/hex.hpp"
#include "evm/precompiles/precompiles.hpp"
#include "evm/tracer.hpp"
#include "transition/state_host.hpp"

namespace plexus::transition {
namespace {

constexpr std::uint64_t kMaxNonce = std::numeric_limits<std::uint64_t>::max();

struct Validated {
  std::int64_t execution_gas = 0;
  std::int64_t floor_gas = 0;  // EIP-7623
  uint256 effective_gas_price = 0;
  uint256 priority_gas_price = 0;
  uint256 blob_fee = 0;
};

struct Invalid {
  TxError error;
  std::string detail;
};

std::expected<Validated, Invalid> validate(const exec::Account& sender, const BlockInfo& block,
                                           const tx::Transaction& tx, evm::Revision rev,
                                           const ApplyOptions& options) {
  const auto invalid = [](TxError e, std::string detail) {
    return std::unexpected(Invalid{e, std::move(detail)});
  };
  if (tx.type == tx::Type::kBlob && rev < evm::Revision::kCancun)
    return invalid(TxError::kTypeNotSupported, "blob transaction before Cancun");
  if (tx.type == tx::Type::kSetCode) {
    if (rev < evm::Revision::kPrague)
      return invalid(TxError::kTypeNotSupported, "set-code transaction before Prague");
    if (tx.is_create()) return invalid(TxError::kSetCodeContractCreation, "set-code tx creates");
    if (tx.authorization_list.empty())
      return invalid(TxError::kSetCodeEmptyList, "set-code tx without authorizations");
  }
  if (rev >= evm::Revision::kOsaka && tx.gas_limit > tx::kMaxTxGasOsaka)
    return invalid(TxError::kGasLimitAboveCap, std::to_string(tx.gas_limit) + " > 2^24");
  if (tx.type != tx::Type::kLegacy || tx.chain_id != 0) {
    if (tx.chain_id != block.chain_id) return invalid(TxError::kWrongChainId, "chain id");
  }

  const BlobSchedule schedule = block.blob_schedule.value_or(blob_schedule(rev));
  const uint256 blob_gas_price = blob_base_fee(block.excess_blob_gas, schedule.update_fraction);
  const std::uint64_t blob_gas = kBlobGasPerBlob * tx.blob_versioned_hashes.size();
  if (tx.type == tx::Type::kBlob) {
    if (tx.is_create()) return invalid(TxError::kBlobContractCreation, "blob tx creates");
    if (tx.blob_versioned_hashes.empty()) return invalid(TxError::kBlobZeroBlobs, "no blobs");
    if (blob_gas > schedule.max * kBlobGasPerBlob)
      return invalid(TxError::kBlobCountExceeded, std::to_string(blob_gas) + " blob gas");
    for (const Hash256& h : tx.blob_versioned_hashes)
      if (h[0] != tx::kBlobCommitmentVersionKzg)
        return invalid(TxError::kBlobInvalidVersionedHash, to_hex(h));
    if (tx.max_fee_per_blob_gas < blob_gas_price)
      return invalid(TxError::kBlobFeeBelowBlobBaseFee, "max fee per blob gas below base fee");
  }

  const uint256& fee_cap = tx.fee_cap();
  const uint256& tip_cap = tx.tip_cap();
  if (tip_cap > fee_cap) return invalid(TxError::kPriorityAboveMaxFee, "tip above fee cap");
  if (fee_cap < block.base_fee) return invalid(TxError::kMaxFeeBelowBaseFee, "fee cap");
  if (rev >= evm::Revision::kShanghai && tx.is_create() && tx.data.size() > tx::kMaxInitcodeSize)
    return invalid(TxError::kInitcodeSizeExceeded, std::to_string(tx.data.size()) + " bytes");
  if (tx.gas_limit > static_cast<std::uint64_t>(block.gas_limit))
    return invalid(TxError::kGasAllowanceExceeded, "gas limit above block gas limit");
  // EIP-3607: only an account without code may originate a transaction; from Prague a delegated
  // account (EIP-7702) still counts as one.
  const bool delegated = rev >= evm::Revision::kPrague && tx::delegation_target(sender.code);
  if (!sender.code.empty() && !delegated && !options.allow_sender_code)
    return invalid(TxError::kSenderNotEoa, "sender has code");
  if (sender.nonce == kMaxNonce) return invalid(TxError::kNonceIsMax, "sender nonce is 2^64-1");
  if (tx.nonce > sender.nonce) return invalid(TxError::kNonceTooHigh, "nonce too high");
  if (tx.nonce < sender.nonce) return invalid(TxError::kNonceTooLow, "nonce too low");

  const std::uint64_t intrinsic = tx::intrinsic_gas(tx, revision_fork(rev));
  const std::uint64_t floor = tx::calldata_floor_gas(tx, revision_fork(rev));
  if (std::max(intrinsic, floor) > tx.gas_limit)
    return invalid(TxError::kIntrinsicGasTooLow, std::to_string(tx.gas_limit) + " < " +
                                                     std::to_string(std::max(intrinsic, floor)));

  // The sender must afford the whole gas limit at the fee cap, the value and the blob fee cap
  // (tx::max_cost, the same function admission and the pool use).
  if (!checked_mul(uint256(tx.gas_limit), fee_cap))
    return invalid(TxError::kGasPriceProductOverflow, "gas * price overflows");
  const auto total = tx::max_cost(tx);
  if (!total || sender.balance < *total)
    return invalid(TxError::kInsufficientFunds, "balance below gas * fee cap + value");

  Validated v;
  v.execution_gas = static_cast<std::int64_t>(tx.gas_limit - intrinsic);
  v.floor_gas = static_cast<std::int64_t>(floor);
  v.priority_gas_price = std::min(tip_cap, fee_cap - block.base_fee);
  v.effective_gas_price = block.base_fee + v.priority_gas_price;
  v.blob_fee = uint256(blob_gas) * blob_gas_price;
  return v;
}

void warm_up(exec::State& state, const BlockInfo& block, const tx::Transaction& tx,
             const Address& sender, evm::Revision rev) {
  state.access_account(sender);
  if (tx.to) state.access_account(*tx.to);
  for (const Address& addr : evm::precompiles::addresses(rev)) state.access_account(addr);
  if (rev >= evm::Revision::kShanghai) state.access_account(block.coinbase);  // EIP-3651
  for (const tx::AccessListEntry& entry : tx.access_list) {
    state.access_account(entry.address);
    for (const Hash256& key : entry.storage_keys) state.access_storage(entry.address, key);
  }
}

// EIP-7702: each valid authorization sets its authority's code to a delegation (or clears it for
// the zero address) and bumps its nonce; an invalid one is skipped, never fatal. Returns the
// refund for authorities that already existed (their intrinsic charge assumed a new account).
std::int64_t apply_authorizations(exec::State& state, const BlockInfo& block,
                                  const tx::Transaction& tx) {
  std::int64_t refund = 0;
  for (const tx::Authorization& auth : tx.authorization_list) {
    if (auth.chain_id != 0 && auth.chain_id != block.chain_id) continue;
    if (auth.nonce == kMaxNonce) continue;
    const auto authority = tx::recover_authority(auth);
    if (!authority) continue;
    state.access_account(*authority);
    const exec::Account* acc = state.find(*authority);
    if (acc != nullptr && !acc->code.empty() && !tx::delegation_target(acc->code)) continue;
    if ((acc != nullptr ? acc->nonce : 0) != auth.nonce) continue;
    if (acc != nullptr)  // the account exists: the intrinsic charge assumed a new one
      refund += static_cast<std::int64_t>(tx::kPerEmptyAccountGas - tx::kPerAuthBaseGas);
    state.get_or_create(*authority);
    state.touch(*authority);
    if (auth.address.is_zero()) {
      state.set_code(*authority, {}, exec::CodeKind::kNone);
    } else {
      state.set_code(*authority, tx::delegation_designator(auth.address));
    }
    state.set_nonce(*authority, auth.nonce + 1);
  }
  return refund;
}

// debug_trace*: the accounts the transaction names, before it changes anything.
void trace_start(evm::Tracer& tracer, const exec::State& state, const BlockInfo& block,
                 const tx::Transaction& tx, const Address& sender) {
  evm::TxStart start{.sender = sender,
                     .recipient = {},
                     .create = tx.is_create(),
                     .coinbase = block.coinbase,
                     .authorities = {}};
  const exec::Account* acc = state.find(sender);
  start.recipient = tx.to ? *tx.to : create_address(sender, acc != nullptr ? acc->nonce : 0);
  for (const tx::Authorization& auth : tx.authorization_list) {
    if (const auto authority = tx::recover_authority(auth)) start.authorities.push_back(*authority);
  }
  tracer.on_tx_start(state, start);
}

}  // namespace

BlobSchedule blob_schedule(evm::Revision rev) noexcept {
  if (rev >= evm::Revision::kPrague) return {.target = 6, .max = 9, .update_fraction = 5007716};
  return {.target = 3, .max = 6, .update_fraction = kBlobBaseFeeUpdateFraction};
}

std::uint64_t next_excess_blob_gas(const ParentBlobGas& parent, const BlobSchedule& schedule,
                                   evm::Revision rev) {
  const std::uint64_t target = schedule.target * kBlobGasPerBlob;
  const std::uint64_t total = parent.excess_blob_gas + parent.blob_gas_used;
  if (total < target) return 0;
  if (rev >= evm::Revision::kOsaka && schedule.max != 0 &&
      uint256(kBlobBaseCost) * parent.base_fee >
          uint256(kBlobGasPerBlob) *
              blob_base_fee(parent.excess_blob_gas, schedule.update_fraction))
    return parent.excess_blob_gas +
           parent.blob_gas_used * (schedule.max - schedule.target) / schedule.max;
  return total - target;
}

uint256 blob_base_fee(std::uint64_t excess_blob_gas, std::uint64_t update_fraction) {
  const uint256 denominator = update_fraction == 0 ? uint256(1) : uint256(update_fraction);
  const uint256 numerator = excess_blob_gas;
  uint256 output = 0;
  uint256 accumulator = denominator;  // factor (1) * denominator
  for (std::uint64_t i = 1; accumulator > 0; ++i) {
    output += accumulator;
    accumulator = (accumulator * numerator) / (denominator * i);
  }
  return output / denominator;
}

tx::Fork revision_fork(evm::Revision rev) noexcept {
  switch (rev) {
    case evm::Revision::kLondon:
      return tx::Fork::kLondon;
    case evm::Revision::kParis:
      return tx::Fork::kParis;
    case evm::Revision::kShanghai:
      return tx::Fork::kShanghai;
    case evm::Revision::kCancun:
      return tx::Fork::kCancun;
    case evm::Revision::kPrague:
      return tx::Fork::kPrague;
    case evm::Revision::kOsaka:
      return tx::Fork::kOsaka;
  }
  return tx::Fork::kCancun;
}

std::string_view tx_error_name(TxError error) noexcept {
  switch (error) {
    case TxError::kTypeNotSupported:
      return "TransactionException.TYPE_3_TX_PRE_FORK";
    case TxError::kWrongChainId:
      return "TransactionException.INVALID_CHAINID";
    case TxError::kNonceIsMax:
      return "TransactionException.NONCE_IS_MAX";
    case TxError::kNonceTooLow:
      return "TransactionException.NONCE_MISMATCH_TOO_LOW";
    case TxError::kNonceTooHigh:
      return "TransactionException.NONCE_MISMATCH_TOO_HIGH";
    case TxError::kSenderNotEoa:
      return "TransactionException.SENDER_NOT_EOA";
    case TxError::kIntrinsicGasTooLow:
      return "TransactionException.INTRINSIC_GAS_TOO_LOW";
    case TxError::kGasAllowanceExceeded:
      return "TransactionException.GAS_ALLOWANCE_EXCEEDED";
    case TxError::kInitcodeSizeExceeded:
      return "TransactionException.INITCODE_SIZE_EXCEEDED";
    case TxError::kMaxFeeBelowBaseFee:
      return "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS";
    case TxError::kPriorityAboveMaxFee:
      return "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS";
    case TxError::kInsufficientFunds:
      return "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS";
    case TxError::kGasPriceProductOverflow:
      return "TransactionException.GASLIMIT_PRICE_PRODUCT_OVERFLOW";
    case TxError::kBlobContractCreation:
      return "TransactionException.TYPE_3_TX_CONTRACT_CREATION";
    case TxError::kBlobZeroBlobs:
      return "TransactionException.TYPE_3_TX_ZERO_BLOBS";
    case TxError::kBlobCountExceeded:
      return "TransactionException.TYPE_3_TX_BLOB_COUNT_EXCEEDED";
    case TxError::kBlobInvalidVersionedHash:
      return "TransactionException.TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH";
    case TxError::kBlobFeeBelowBlobBaseFee:
      return "TransactionException.INSUFFICIENT_MAX_FEE_PER_BLOB_GAS";
    case TxError::kGasLimitAboveCap:
      return "TransactionException.GAS_LIMIT_EXCEEDS_MAXIMUM";
    case TxError::kSetCodeEmptyList:
      return "TransactionException.TYPE_4_EMPTY_AUTHORIZATION_LIST";
    case TxError::kSetCodeContractCreation:
      return "TransactionException.TYPE_4_TX_CONTRACT_CREATION";
  }
  return "TransactionException.UNKNOWN";
}

TxOutcome apply_transaction(exec::State& state, const BlockInfo& block, const tx::Transaction& tx,
                            const Address& sender, evm::Revision rev, ApplyOptions options) {
  TxOutcome outcome;
  // Validate against a stand-in for a missing sender, so a rejected transaction changes nothing.
  const exec::Account* sender_acc = state.find(sender);
  const auto checked =
      validate(sender_acc ? *sender_acc : exec::Account{}, block, tx, rev, options);
  if (!checked) {
    outcome.error = checked.error().error;
    outcome.error_detail = checked.error().detail;
    return outcome;
  }
  const Validated& v = *checked;
  if (options.tracer != nullptr) trace_start(*options.tracer, state, block, tx, sender);

  const std::uint64_t nonce = state.get_or_create(sender).nonce;
  state.sub_balance(sender, uint256(tx.gas_limit) * v.effective_gas_price + v.blob_fee);
  state.set_nonce(sender, nonce + 1);
  warm_up(state, block, tx, sender, rev);
  const std::int64_t authorization_refund = apply_authorizations(state, block, tx);
  // The top frame runs a delegated destination's delegate: its code is read without a charge.
  if (const exec::Account* to = tx.to ? state.find(*tx.to) : nullptr;
      to != nullptr && rev >= evm::Revision::kPrague) {
    if (const auto delegate = tx::delegation_target(to->code)) state.access_account(*delegate);
  }

  evm::TxContext context{
      .gas_price = to_bytes32(v.effective_gas_price),
      .origin = sender,
      .coinbase = block.coinbase,
      .block_number = block.number,
      .block_timestamp = block.timestamp,
      .block_gas_limit = block.gas_limit,
      .prev_randao = block.prev_randao,
      .chain_id = to_bytes32(block.chain_id),
      .base_fee = to_bytes32(block.base_fee),
      .blob_base_fee = to_bytes32(blob_base_fee(
          block.excess_blob_gas, block.blob_schedule.value_or(blob_schedule(rev)).update_fraction)),
      .blob_hashes = tx.blob_versioned_hashes,
      .platform_height = block.platform_height,
  };
  StateHost host(state, rev, std::move(context), block.block_hash, block.foreign_vms,
                 options.tracer);

  evm::Message msg;
  msg.kind = tx.is_create() ? evm::CallKind::kCreate : evm::CallKind::kCall;
  msg.gas = v.execution_gas;
  msg.recipient = tx.to ? *tx.to : create_address(sender, nonce);
  msg.code_address = msg.recipient;
  msg.sender = sender;
  msg.input = tx.data;
  msg.value = to_bytes32(tx.value);
  if (options.tracer != nullptr) options.tracer->on_execution_start(authorization_refund);
  const evm::ExecResult result = host.call(msg);

  const auto gas_limit = static_cast<std::int64_t>(tx.gas_limit);
  std::int64_t gas_used = gas_limit - result.gas_left;
  // EIP-3529: refunds are capped at a fifth of the gas used.
  gas_used -= std::min(result.gas_refund + authorization_refund, gas_used / 5);
  gas_used = std::max(gas_used, v.floor_gas);  // EIP-7623

  state.add_balance(
      sender, uint256(static_cast<std::uint64_t>(gas_limit - gas_used)) * v.effective_gas_price);
  state.touch(block.coinbase);
  state.add_balance(block.coinbase,
                    uint256(static_cast<std::uint64_t>(gas_used)) * v.priority_gas_price);

  outcome.receipt.status = result.status;
  outcome.receipt.gas_used = gas_used;
  outcome.output = result.output;
  if (result.status != evm::StatusCode::kSuccess && result.output.empty())
    outcome.failure_reason = host.last_foreign_error();
  if (options.tracer != nullptr) options.tracer->on_tx_end(state);
  if (options.finalize) {
    outcome.receipt.logs = state.finalize_transaction();
  } else {
    outcome.receipt.logs = state.logs();
  }
  return outcome;
}

}  // namespace plexus::transition
