// debug_traceTransaction's execution: a mined transaction runs again exactly as its block ran
// it, on the parent block's state read from the store (any retained block), after the block's
// system writes and the transactions before it; only the traced one is watched.
#include "chain/stored_accounts.hpp"
#include "chain/subnet_chain.hpp"
#include "core/hex.hpp"
#include "transition/transition.hpp"

namespace plexus::chain {

Result<CallOutcome> SubnetChain::replay_transaction(const Hash256& hash,
                                                    evm::Tracer& tracer) const {
  PLEXUS_TRY(const auto location, blocks_.locate(hash));
  if (!location) return fail(Errc::kNotFound, "transaction " + to_hex(hash) + " not found");
  PLEXUS_TRY(const auto record, blocks_.by_number(location->block_number));
  if (!record || location->block_number == 0 ||
      location->index >= record->block.transactions.size() ||
      location->index >= record->meta.size())
    return fail(Errc::kNotFound, "transaction " + to_hex(hash) + " not found");
  PLEXUS_CHECK(check_history(location->block_number - 1));
  PLEXUS_TRY(const auto parent, blocks_.header_of(location->block_number - 1));
  if (!parent) return fail(Errc::kNotFound, "parent block state not available");

  // A committed block's state never moves: its trie is read without the store lock.
  StoredAccounts accounts(world_, parent->state_root, StoredAccounts::Storage::kBySlot);
  // Transactions before the traced one are finalized on it; an account one of them deletes would
  // be loaded again from the parent's state (exec/state.hpp), which only a later transaction of
  // the same block touching it again could notice.
  exec::State state(&accounts);
  const BlockHeader& header = record->block.header;
  const ChainParams& params = params_at(header.number);
  const transition::BlockInfo info = execution_context(header, true);

  BlockRecord scratch;
  scratch.block.header = header;
  BlockExecutor(state, info, params, scratch, ExecutionMode::kVerify).apply_system_calls();

  CallOutcome replayed;
  for (std::uint32_t i = 0; i <= location->index; ++i) {
    PLEXUS_TRY(const tx::Transaction tx, tx::decode(record->block.transactions[i]));
    const bool traced = i == location->index;
    transition::TxOutcome outcome = transition::apply_transaction(
        state, info, tx, record->meta[i].from, params.revision,
        {.finalize = !traced, .allow_sender_code = false, .tracer = traced ? &tracer : nullptr});
    if (outcome.error)  // it was valid when mined: a store failure or a bug
      return fail(Errc::kInternal, "replaying transaction " + std::to_string(i) + " of block " +
                                       std::to_string(header.number) + ": " +
                                       std::string(transition::tx_error_name(*outcome.error)));
    if (traced) {
      replayed = CallOutcome{.status = outcome.receipt.status,
                             .output = std::move(outcome.output),
                             .gas_used = static_cast<std::uint64_t>(outcome.receipt.gas_used),
                             .failure_reason = std::move(outcome.failure_reason),
                             .gas_limit = tx.gas_limit};
    }
  }
  if (accounts.error()) return std::unexpected(*accounts.error());
  return replayed;
}

}  // namespace plexus::chain
