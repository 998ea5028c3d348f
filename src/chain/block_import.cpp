// SubnetChain::verify_block: a block built by another node is checked against the header rules,
// re-executed transaction by transaction on the live state, and compared root by root with what
// it claims. On any difference the block journal and the world store's staging are undone, so a
// rejected block leaves the chain exactly as it was; an accepted one is staged like a block this
// node built and goes through the same commit path.
#include <future>

#include "chain/header_rules.hpp"
#include "chain/subnet_chain.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::chain {
namespace {

// Below this many transactions a second thread costs more than the signatures it would recover.
constexpr std::size_t kParallelRecoveryFrom = 64;

std::unexpected<Error> refuse(const BlockHeader& header, std::size_t index, std::string rule) {
  return fail(Errc::kValidation, "block " + std::to_string(header.number) + ": transaction " +
                                     std::to_string(index) + ": " + std::move(rule));
}

}  // namespace

Result<std::vector<SubnetChain::SignedTx>> SubnetChain::recover_senders(
    const Block& block, std::span<const Address> certified_senders) const {
  const std::size_t count = block.transactions.size();
  const BlockHeader& header = block.header;
  const bool certified = !certified_senders.empty();
  if (certified) {
    // Checked before any work: a peer's wrong list costs one hash, not an execution.
    if (certified_senders.size() != count)
      return fail(Errc::kValidation, "block " + std::to_string(header.number) + ": " +
                                         std::to_string(certified_senders.size()) +
                                         " senders given for " + std::to_string(count) +
                                         " transactions");
    if (committed_senders_digest(header) != senders_digest(certified_senders))
      return fail(Errc::kValidation, "block " + std::to_string(header.number) +
                                         ": the senders given do not match its senders digest");
  }
  std::vector<SignedTx> out(count);
  const tx::Fork fork = transition::revision_fork(config_.params.at(header.number).revision);
  const auto recover = [&](std::size_t begin, std::size_t end) -> Result<void> {
    for (std::size_t i = begin; i < end; ++i) {
      const Bytes& raw = block.transactions[i];
      auto decoded = tx::decode(raw);
      if (!decoded) return refuse(header, i, decoded.error().message);
      SignedTx& signed_tx = out[i];
      signed_tx.tx = std::move(*decoded);
      signed_tx.hash = keccak256(raw);
      if (signed_tx.tx.type == tx::Type::kBlob)
        return refuse(header, i, "transaction type not supported");
      // A transaction this node admitted itself has a known sender: no second recovery.
      if (const auto pooled = mempool_.get(signed_tx.hash)) {
        signed_tx.sender = pooled->sender;
        continue;
      }
      const std::optional<Address> known =
          certified ? std::nullopt : recovered_senders_.find(signed_tx.hash, fork);
      const Address* given = certified ? &certified_senders[i] : known ? &*known : nullptr;
      const auto sender = tx::validate(signed_tx.tx, fork, config_.chain_id, given);
      if (!sender) return refuse(header, i, "invalid sender: " + sender.error().message);
      signed_tx.sender = *sender;
      if (given == nullptr) recovered_senders_.remember(signed_tx.hash, *sender, fork);
    }
    return {};
  };
  if (count < kParallelRecoveryFrom || certified) {
    PLEXUS_CHECK(recover(0, count));
  } else {
    auto second_half = std::async(std::launch::async, recover, count / 2, count);
    const auto first = recover(0, count / 2);
    const auto second = second_half.get();
    if (!first) return std::unexpected(first.error());
    if (!second) return std::unexpected(second.error());
  }
  return out;
}

Result<PreparedBlock> SubnetChain::verify_block(const Block& block, const BlockOptions& options) {
  // Sender recovery is the costly part of a received block and needs no state: outside the lock.
  PLEXUS_TRY(std::vector<SignedTx> txs, recover_senders(block));
  std::unique_lock lock(mutex_);
  PLEXUS_CHECK(make_room_for_next_block(lock));
  const BlockHeader& header = block.header;
  PLEXUS_CHECK(validate_header(tip_header_, tip_.hash, header, config_.params.at(tip_.number + 1),
                               config_.now_seconds()));
  if (!block.withdrawals || !block.withdrawals->empty())
    return fail(Errc::kValidation,
                "block " + std::to_string(header.number) + ": withdrawals must be an empty list");

  PLEXUS_TRY(Executed executed, execute_on_tip(block, txs, options, false));
  state_.end_block();
  after_block_staged(executed.prepared.record, std::move(executed.included), executed.changes);
  return std::move(executed.prepared);
}

Result<SubnetChain::Executed> SubnetChain::execute_on_tip(const Block& block,
                                                          std::span<const SignedTx> txs,
                                                          const BlockOptions& options,
                                                          bool revertible) {
  const BlockHeader& header = block.header;
  PLEXUS_CHECK(check_upgrade(config_.params.at(header.number), header.number));
  BlockRecord record;
  record.block.header = header;
  record.block.withdrawals.emplace();
  const transition::BlockInfo info = execution_context(header);
  state_.begin_block();
  BlockExecutor executor(state_, info, config_.params.at(header.number), record,
                         ExecutionMode::kVerify);
  executor.apply_system_calls(vm_accounts_enabled_at(header.number));
  for (std::size_t i = 0; i < txs.size(); ++i) {
    if (auto applied = executor.apply(txs[i].tx, txs[i].sender, block.transactions[i], txs[i].hash);
        !applied) {
      state_.revert_block();
      return std::unexpected(applied.error());
    }
  }
  if (executor.gas_used() != header.gas_used) {
    state_.revert_block();
    return fail(Errc::kValidation, "block " + std::to_string(header.number) + ": gas used " +
                                       std::to_string(header.gas_used) + ", computed " +
                                       std::to_string(executor.gas_used()));
  }
  exec::StateChanges changes = state_.take_changes();
  auto prepared =
      seal_and_stage(std::move(record), ExecutionMode::kVerify, options, changes, revertible);
  if (!prepared) {
    state_.revert_block();
    return std::unexpected(prepared.error());
  }
  std::vector<PooledTx> included;
  included.reserve(txs.size());
  for (std::size_t i = 0; i < txs.size(); ++i)
    included.push_back(
        make_pooled_tx(txs[i].tx, txs[i].sender, block.transactions[i], txs[i].hash));
  return Executed{.prepared = std::move(*prepared),
                  .included = std::move(included),
                  .changes = std::move(changes)};
}

Result<BlockRecord> SubnetChain::import_block(const Block& block, const BlockOptions& options) {
  PLEXUS_TRY(PreparedBlock prepared, verify_block(block, options));
  return commit_block(std::move(prepared));
}

}  // namespace plexus::chain
