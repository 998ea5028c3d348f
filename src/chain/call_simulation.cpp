// eth_call and eth_estimateGas: the request runs as a transaction on the latest state inside a
// journal snapshot, and everything it did is undone before the lock is released.
#include "chain/evm_chain.hpp"
#include "core/transaction.hpp"
#include "evm/state/transition.hpp"

namespace plexus::chain {

Result<CallOutcome> EvmChain::simulate(const CallRequest& request,
                                       std::uint64_t gas_limit) const {
  const Address from = request.from.value_or(Address{});
  const evm::state::Account* sender = state_.find(from);
  tx::Transaction tx;
  tx.type = tx::Type::kLegacy;
  tx.chain_id = config_.chain_id;
  tx.nonce = sender ? sender->nonce : 0;
  tx.gas_price = request.gas_price;
  tx.gas_limit = gas_limit;
  tx.to = request.to;
  tx.value = request.value;
  tx.data = request.data;
  tx.access_list = request.access_list;
  if (!tx.access_list.empty()) tx.type = tx::Type::kAccessList;

  // As go-ethereum: a call without a gas price runs with a zero base fee so it costs nothing.
  const uint256 base_fee = request.gas_price == 0 ? uint256(0) : next_base_fee_locked();
  // The block the call would land in.
  BlockHeader pending;
  pending.number = tip_.number + 1;
  pending.timestamp = std::max(config_.now_seconds(), tip_header_.timestamp + 1);
  pending.gas_limit = config_.block_gas_limit;
  pending.coinbase = config_.coinbase;
  pending.mix_hash = tip_header_.mix_hash;
  pending.base_fee_per_gas = base_fee;
  const evm::state::BlockInfo info = execution_context(pending);

  const evm::state::Snapshot snapshot = state_.snapshot();
  evm::state::TxOutcome outcome =
      evm::state::apply_transaction(state_, info, tx, from, evm::Revision::kCancun,
                                    {.finalize = false, .allow_sender_code = true});
  state_.revert(snapshot);
  state_.discard_transaction();
  if (outcome.error) {
    using evm::state::TxError;
    switch (*outcome.error) {
      case TxError::kIntrinsicGasTooLow:
        return CallOutcome{.status = evm::StatusCode::kOutOfGas, .output = {},
                           .gas_used = gas_limit, .failure_reason = {}};
      case TxError::kInsufficientFunds:
        return fail(Errc::kValidation, "insufficient funds for gas * price + value");
      case TxError::kGasAllowanceExceeded:
        return fail(Errc::kValidation, "gas limit exceeds the block gas limit");
      default: return fail(Errc::kValidation, outcome.error_detail);
    }
  }
  return CallOutcome{.status = outcome.receipt.status,
                     .output = std::move(outcome.output),
                     .gas_used = static_cast<std::uint64_t>(outcome.receipt.gas_used),
                     .failure_reason = std::move(outcome.failure_reason)};
}

Result<CallOutcome> EvmChain::call(const CallRequest& request) const {
  const auto lock = lock_committed_state();
  return simulate(request, std::min(request.gas.value_or(config_.block_gas_limit),
                                    config_.block_gas_limit));
}

Result<EvmChain::Estimate> EvmChain::estimate_gas(const CallRequest& request) const {
  const auto lock = lock_committed_state();
  std::uint64_t hi = std::min(request.gas.value_or(config_.block_gas_limit),
                              config_.block_gas_limit);
  PLEXUS_TRY(const CallOutcome at_cap, simulate(request, hi));
  if (at_cap.status != evm::StatusCode::kSuccess) return Estimate{.gas = hi, .failure = at_cap};
  // Gas used is a lower bound (refunds and the 63/64 rule can make the needed limit higher);
  // search between it and the cap for the smallest limit that succeeds.
  std::uint64_t lo = at_cap.gas_used > 0 ? at_cap.gas_used - 1 : 0;
  while (lo + 1 < hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    PLEXUS_TRY(const CallOutcome outcome, simulate(request, mid));
    if (outcome.status == evm::StatusCode::kSuccess) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return Estimate{.gas = hi, .failure = std::nullopt};
}

}  // namespace plexus::chain
