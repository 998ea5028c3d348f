#include "chain/block_executor.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "transition/block_history.hpp"
#include "transition/state_host.hpp"

namespace plexus::chain {
namespace {

std::vector<Log> to_chain_logs(std::vector<exec::Log>&& logs) {
  std::vector<Log> out;
  out.reserve(logs.size());
  for (exec::Log& log : logs)
    out.push_back(Log{.address = log.address,
                      .topics = {log.topics.begin(), log.topics.end()},
                      .data = std::move(log.data)});
  return out;
}

}  // namespace

Result<bool> BlockExecutor::skip_or_refuse(const Hash256& hash, std::string rule) const {
  if (mode_ == ExecutionMode::kBuild) return false;
  return fail(Errc::kValidation, "block " + std::to_string(record_.block.header.number) +
                                     ": transaction " +
                                     std::to_string(record_.block.transactions.size()) + " (" +
                                     to_hex(hash) + "): " + std::move(rule));
}

void BlockExecutor::apply_system_calls(
    std::span<const std::pair<Address, exec::Account>* const> installs) {
  for (const auto* install : installs)
    for (const auto& [key, value] : install->second.data)
      state_.set_data(install->first, key, value);
  const BlockHeader& header = record_.block.header;
  if (revision_ >= evm::Revision::kPrague)
    transition::record_parent_hash(state_, header.number, header.parent_hash);
}

Result<bool> BlockExecutor::apply(const tx::Transaction& tx, const Address& sender, Bytes raw,
                                  const Hash256& hash) {
  const std::uint64_t gas_limit = record_.block.header.gas_limit;
  if (tx.gas_limit > gas_limit - gas_used_)
    return skip_or_refuse(hash, "gas limit " + std::to_string(tx.gas_limit) + " exceeds the " +
                                    std::to_string(gas_limit - gas_used_) +
                                    " gas left in the block");
  // A consensus rule of the subnet (ChainParams::unprotected_txs), so a block built elsewhere
  // cannot carry another chain's unprotected transaction here either.
  if (tx::is_unprotected(tx) && !unprotected_allowed_)
    return skip_or_refuse(hash, "unprotected transaction (no EIP-155 chain id) not allowed");
  transition::TxOutcome outcome =
      transition::apply_transaction(state_, info_, tx, sender, revision_);
  if (outcome.error)
    return skip_or_refuse(hash, std::string(transition::tx_error_name(*outcome.error)) +
                                    (outcome.error_detail.empty() ? "" : ": ") +
                                    outcome.error_detail);
  const auto tx_gas = static_cast<std::uint64_t>(outcome.receipt.gas_used);
  gas_used_ += tx_gas;
  record_.receipts.push_back(make_receipt(
      static_cast<std::uint8_t>(tx.type), outcome.receipt.status == evm::StatusCode::kSuccess,
      gas_used_, to_chain_logs(std::move(outcome.receipt.logs))));
  const uint256 base_fee = info_.base_fee;
  const uint256 tip = std::min(tx.tip_cap(), tx.fee_cap() - base_fee);
  record_.meta.push_back(TxMeta{
      .from = sender,
      .contract_address = tx.is_create()
                              ? std::optional(transition::create_address(sender, tx.nonce))
                              : std::nullopt,
      .gas_used = tx_gas,
      .effective_gas_price = base_fee + tip,
  });
  record_.block.transactions.push_back(std::move(raw));
  record_.tx_hashes.push_back(hash);
  return true;
}

}  // namespace plexus::chain
