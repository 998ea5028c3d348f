#pragma once
// The transaction loop of a block, shared by the two ways a block comes to be executed:
//   kBuild   the node picks transactions from its pool; one that is invalid against the state
//            (its sender's balance no longer covers it, say) or no longer fits is skipped.
//   kVerify  the block was built elsewhere; every transaction in it must apply, in its order, or
//            the whole block is invalid, with the transaction's index and the broken rule.
// Both append to one BlockRecord the same receipts, metadata and cumulative gas, so a block built
// on one node and verified on another produces identical results.
#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "chain/block_store.hpp"
#include "chain/chain_params.hpp"
#include "core/error.hpp"
#include "core/transaction.hpp"
#include "exec/state.hpp"
#include "transition/transition.hpp"

namespace plexus::chain {

enum class ExecutionMode : std::uint8_t { kBuild, kVerify };

class BlockExecutor {
 public:
  // Appends to `record`, whose header holds the gas limit and base fee of the block; `params`
  // are the block's rules (revision, whether unprotected transactions are valid).
  BlockExecutor(exec::State& state, const transition::BlockInfo& info, const ChainParams& params,
                BlockRecord& record, ExecutionMode mode)
      : state_(state),
        info_(info),
        revision_(params.revision),
        unprotected_allowed_(params.unprotected_txs),
        record_(record),
        mode_(mode) {}

  // Before the first transaction: the VM data of the VMs this block enables
  // (ChainConfig::vm_accounts) and the fork's system writes (from Prague the parent hash into the
  // EIP-2935 history contract), the same whether the block is built or verified.
  void apply_system_calls(std::span<const std::pair<Address, exec::Account>* const> installs = {});

  // Applies `tx`, signed by `sender`, as the block's next transaction. kBuild: true if included,
  // false if skipped (nothing changed). kVerify: true, or kValidation naming the transaction.
  [[nodiscard]] Result<bool> apply(const tx::Transaction& tx, const Address& sender, Bytes raw,
                                   const Hash256& hash);

  [[nodiscard]] std::uint64_t gas_used() const noexcept { return gas_used_; }

 private:
  [[nodiscard]] Result<bool> skip_or_refuse(const Hash256& hash, std::string rule) const;

  exec::State& state_;
  const transition::BlockInfo& info_;
  evm::Revision revision_;
  bool unprotected_allowed_;
  BlockRecord& record_;
  ExecutionMode mode_;
  std::uint64_t gas_used_ = 0;
};

}  // namespace plexus::chain
