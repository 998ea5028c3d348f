// eth_call and eth_estimateGas: the request runs as a transaction on the latest state inside a
// journal snapshot, and everything it did is undone before the lock is released.
#include "chain/subnet_chain.hpp"
#include "core/transaction.hpp"
#include "transition/transition.hpp"

namespace plexus::chain {

Result<CallOutcome> SubnetChain::simulate(const CallRequest& request,
                                       std::uint64_t gas_limit) const {
  const Address from = request.from.value_or(Address{});
  const exec::Account* sender = state_.find(from);
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

  // The block the call would land in: the same header the next block gets (header_rules.hpp).
  BlockHeader pending = next_header_locked({});
  // As go-ethereum: a call without a gas price runs with a zero base fee so it costs nothing.
  if (request.gas_price == 0) pending.base_fee_per_gas = uint256(0);
  const transition::BlockInfo info = execution_context(pending);

  const exec::Snapshot snapshot = state_.snapshot();
  transition::TxOutcome outcome =
      transition::apply_transaction(state_, info, tx, from, params_at(pending.number).revision,
                                    {.finalize = false, .allow_sender_code = true});
  state_.revert(snapshot);
  state_.discard_transaction();
  if (outcome.error) {
    using transition::TxError;
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

Result<CallOutcome> SubnetChain::call(const CallRequest& request) const {
  const auto lock = lock_committed_state();
  const std::uint64_t cap = params_at(tip_.number + 1).gas_limit;
  return simulate(request, std::min(request.gas.value_or(cap), cap));
}

Result<SubnetChain::Estimate> SubnetChain::estimate_gas(const CallRequest& request) const {
  const auto lock = lock_committed_state();
  const std::uint64_t cap = params_at(tip_.number + 1).gas_limit;
  std::uint64_t hi = std::min(request.gas.value_or(cap), cap);
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
