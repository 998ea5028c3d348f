// eth_call and eth_estimateGas: the request runs as a transaction on the latest state inside a
// journal snapshot, and everything it did is undone before the lock is released. While pending
// blocks run the live state ahead of the head, it runs instead on a state that loads the head's
// accounts from the store as the call reaches them; after an older block, on that block's state
// loaded the same way.
#include <functional>
#include <shared_mutex>

#include "chain/state_override.hpp"
#include "chain/stored_accounts.hpp"
#include "chain/subnet_chain.hpp"
#include "core/transaction.hpp"
#include "transition/transition.hpp"

namespace plexus::chain {

template <typename T, typename Run>
Result<T> SubnetChain::on_latest_state(Run&& run, bool throwaway) const {
  if (!throwaway) {
    if (const auto lock = lock_committed_state()) return run(state_, next_header_locked({}), false);
  }
  // Pending blocks may stay pending for seconds: run on the head's state from the store, which
  // no block write moves meanwhile.
  std::shared_lock store_state(store_state_mutex_);
  const Hash256 head_hash = head().hash;
  PLEXUS_TRY(const BlockHeader head_block, head_header());
  StoredAccounts accounts(world_, head_block.state_root, StoredAccounts::Storage::kWhole);
  exec::State state(&accounts);
  const BuildParams build{.now_seconds = config_.now_seconds(), .proposer = {}, .extra_data = {}};
  Result<T> result = run(
      state, next_header(head_block, head_hash, config_.params.at(head_block.number + 1), build),
      true);
  if (accounts.error()) return std::unexpected(*accounts.error());
  return result;
}

template <typename T, typename Run>
Result<T> SubnetChain::on_state_after(std::optional<std::uint64_t> block, Run&& run,
                                      bool throwaway) const {
  if (!block || *block >= head_number())
    return on_latest_state<T>(std::forward<Run>(run), throwaway);
  PLEXUS_CHECK(check_history(*block));
  // A committed block's state never moves: its trie is read without the store lock.
  PLEXUS_TRY(const auto final_header, final_headers_.at(*block));
  const BlockHeader* header = &final_header->header;
  const Hash256& hash = final_header->hash;
  StoredAccounts accounts(world_, header->state_root, StoredAccounts::Storage::kBySlot);
  exec::State state(&accounts);
  const BuildParams build{.now_seconds = header->timestamp + 1, .proposer = {}, .extra_data = {}};
  Result<T> result =
      run(state, next_header(*header, hash, config_.params.at(*block + 1), build), true);
  if (accounts.error()) return std::unexpected(*accounts.error());
  return result;
}

Result<CallOutcome> SubnetChain::simulate(exec::State& state, const BlockHeader& next,
                                          bool from_store, const CallRequest& request,
                                          std::uint64_t gas_limit, evm::Tracer* tracer) const {
  const Address from = request.from.value_or(Address{});
  const exec::Account* sender = state.find(from);
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
  if (!request.authorization_list.empty()) {
    tx.type = tx::Type::kSetCode;
    tx.max_fee_per_gas = request.gas_price;
    tx.max_priority_fee_per_gas = request.gas_price;
    tx.authorization_list = request.authorization_list;
  }

  // The block the call would land in: the same header the next block gets (header_rules.hpp).
  BlockHeader pending = next;
  // As go-ethereum: a call without a gas price runs with a zero base fee so it costs nothing.
  if (request.gas_price == 0) pending.base_fee_per_gas = uint256(0);
  const BlockOverrides& o = request.block;
  if (o.number) pending.number = *o.number;
  if (o.time) pending.timestamp = *o.time;
  if (o.gas_limit) pending.gas_limit = *o.gas_limit;
  if (o.fee_recipient) pending.coinbase = *o.fee_recipient;
  if (o.prev_randao) pending.mix_hash = *o.prev_randao;
  // A call without a price keeps its zero base fee: it must cost nothing (go-ethereum separates
  // the fee check from BASEFEE instead; docs/RPC.md).
  if (o.base_fee && request.gas_price != 0) pending.base_fee_per_gas = *o.base_fee;
  const transition::BlockInfo info = execution_context(pending, from_store);

  const exec::Snapshot snapshot = state.snapshot();
  transition::TxOutcome outcome = transition::apply_transaction(
      state, info, tx, from, params_at(pending.number).revision,
      {.finalize = false, .allow_sender_code = true, .tracer = tracer});
  state.revert(snapshot);
  state.discard_transaction();
  if (outcome.error) {
    using transition::TxError;
    switch (*outcome.error) {
      case TxError::kIntrinsicGasTooLow:
        return CallOutcome{.status = evm::StatusCode::kOutOfGas,
                           .output = {},
                           .gas_used = gas_limit,
                           .failure_reason = {},
                           .gas_limit = gas_limit};
      case TxError::kInsufficientFunds:
        return fail(Errc::kValidation, "insufficient funds for gas * price + value");
      case TxError::kGasAllowanceExceeded:
        return fail(Errc::kValidation, "gas limit exceeds the block gas limit");
      default:
        return fail(Errc::kValidation, outcome.error_detail);
    }
  }
  return CallOutcome{.status = outcome.receipt.status,
                     .output = std::move(outcome.output),
                     .gas_used = static_cast<std::uint64_t>(outcome.receipt.gas_used),
                     .failure_reason = std::move(outcome.failure_reason),
                     .gas_limit = gas_limit};
}

std::uint64_t SubnetChain::call_gas_cap(std::uint64_t number) const {
  const ChainParams& params = params_at(number);
  // EIP-7825: from Osaka no transaction may ask for more than 2^24 gas, so neither may a call.
  if (params.revision >= evm::Revision::kOsaka)
    return std::min(params.gas_limit, tx::kMaxTxGasOsaka);
  return params.gas_limit;
}

Result<CallOutcome> SubnetChain::call(const CallRequest& request,
                                      std::optional<std::uint64_t> block) const {
  return trace_call(request, block, nullptr);
}

Result<CallOutcome> SubnetChain::trace_call(const CallRequest& request,
                                            std::optional<std::uint64_t> block,
                                            evm::Tracer* tracer) const {
  // State overrides are made committed values, which only a state thrown away afterwards may
  // take: such calls never run on the live state.
  const bool throwaway = !request.overrides.empty();
  return on_state_after<CallOutcome>(
      block,
      [&](exec::State& state, const BlockHeader& next, bool from_store) -> Result<CallOutcome> {
        if (throwaway) apply_overrides(state, request.overrides);
        const std::uint64_t cap = call_gas_cap(next.number);
        return simulate(state, next, from_store, request, std::min(request.gas.value_or(cap), cap),
                        tracer);
      },
      throwaway);
}

Result<SubnetChain::Estimate> SubnetChain::estimate_gas(const CallRequest& request,
                                                        std::optional<std::uint64_t> block) const {
  const bool throwaway = !request.overrides.empty();
  return on_state_after<Estimate>(
      block,
      [&](exec::State& state, const BlockHeader& next, bool from_store) -> Result<Estimate> {
        if (throwaway) apply_overrides(state, request.overrides);
        const auto run = [&](std::uint64_t gas) {
          return simulate(state, next, from_store, request, gas);
        };
        const std::uint64_t cap = call_gas_cap(next.number);
        std::uint64_t hi = std::min(request.gas.value_or(cap), cap);
        PLEXUS_TRY(const CallOutcome at_cap, run(hi));
        if (at_cap.status != evm::StatusCode::kSuccess)
          return Estimate{.gas = hi, .failure = at_cap};
        // Gas used is a lower bound (refunds and the 63/64 rule can make the needed limit higher);
        // search between it and the cap for the smallest limit that succeeds.
        std::uint64_t lo = at_cap.gas_used > 0 ? at_cap.gas_used - 1 : 0;
        while (lo + 1 < hi) {
          const std::uint64_t mid = lo + (hi - lo) / 2;
          PLEXUS_TRY(const CallOutcome outcome, run(mid));
          if (outcome.status == evm::StatusCode::kSuccess) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        return Estimate{.gas = hi, .failure = std::nullopt};
      },
      throwaway);
}

}  // namespace plexus::chain
