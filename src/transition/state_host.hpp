#pragma once
// evm::Host over the journaled in-memory State. call() performs whole frames: it takes a
// snapshot, transfers value, creates accounts for CREATE/CREATE2, dispatches precompiles, runs the
// interpreter on the target's code and reverts everything the frame did if it does not succeed.
// The interpreter has already charged the call's gas and checked static mode, depth and the
// sender's balance before calling.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "evm/host.hpp"
#include "evm/interpreter.hpp"
#include "exec/host.hpp"
#include "exec/state.hpp"

namespace plexus::transition {

inline constexpr std::size_t kMaxCodeSize = 24576;  // EIP-170
inline constexpr std::int64_t kCodeDepositGasPerByte = 200;

// CREATE address: keccak256(rlp([sender, nonce]))[12:].
[[nodiscard]] Address create_address(const Address& sender, std::uint64_t nonce);
// CREATE2 address: keccak256(0xff ++ sender ++ salt ++ keccak256(initcode))[12:].
[[nodiscard]] Address create2_address(const Address& sender, const Bytes32& salt,
                                      BytesView initcode);

class StateHost final : public evm::Host {
 public:
  using BlockHashFn = std::function<Hash256(std::int64_t)>;

  // `foreign` lists the other VMs the subnet enables: calls to WASM code or to exec::kMoveRouter,
  // and creations whose payload a foreign VM claims, run there (see cross_vm_host.hpp).
  // `tracer`, if set, sees every frame and instruction (evm/tracer.hpp).
  StateHost(exec::State& state, evm::Revision rev, evm::TxContext context, BlockHashFn block_hash,
            const exec::ForeignVms* foreign = nullptr, evm::Tracer* tracer = nullptr)
      : state_(state),
        rev_(rev),
        context_(std::move(context)),
        block_hash_(std::move(block_hash)),
        foreign_(foreign),
        tracer_(tracer) {}

  [[nodiscard]] bool account_exists(const Address& addr) override;
  [[nodiscard]] Bytes32 get_storage(const Address& addr, const Bytes32& key) override;
  exec::StorageStatus set_storage(const Address& addr, const Bytes32& key,
                                  const Bytes32& value) override;
  [[nodiscard]] Bytes32 get_balance(const Address& addr) override;
  [[nodiscard]] std::size_t get_code_size(const Address& addr) override;
  [[nodiscard]] Bytes32 get_code_hash(const Address& addr) override;
  std::size_t copy_code(const Address& addr, std::size_t offset, std::span<Byte> out) override;
  bool selfdestruct(const Address& addr, const Address& beneficiary) override;
  // For CREATE/CREATE2 at depth 0 the caller (the transaction) has already bumped the sender's
  // nonce and put the new address in msg.recipient; deeper creates derive it here.
  [[nodiscard]] evm::ExecResult call(const evm::Message& msg) override;
  [[nodiscard]] evm::TxContext get_tx_context() override { return context_; }
  [[nodiscard]] evm::Tracer* tracer() override { return tracer_; }
  [[nodiscard]] Hash256 get_block_hash(std::int64_t number) override;
  void emit_log(const Address& addr, BytesView data, std::span<const Bytes32> topics) override;
  evm::AccessStatus access_account(const Address& addr) override;
  evm::AccessStatus access_storage(const Address& addr, const Bytes32& key) override;
  [[nodiscard]] Bytes32 get_transient_storage(const Address& addr, const Bytes32& key) override;
  void set_transient_storage(const Address& addr, const Bytes32& key,
                             const Bytes32& value) override;

  // Why the most recent foreign-VM call that did not succeed failed (empty if none did).
  [[nodiscard]] const std::string& last_foreign_error() const noexcept {
    return last_foreign_error_;
  }

 private:
  // The foreign VM that runs `msg`, or nullptr for the EVM.
  [[nodiscard]] exec::Vm* foreign_vm_for(const evm::Message& msg,
                                         const exec::Account* code_acc) const;
  [[nodiscard]] evm::ExecResult run_foreign(exec::Vm& vm, const evm::Message& msg, bool create);
  [[nodiscard]] evm::ExecResult execute_message(const evm::Message& msg);
  [[nodiscard]] evm::ExecResult create(const evm::Message& msg);

  exec::State& state_;
  evm::Revision rev_;
  evm::TxContext context_;
  BlockHashFn block_hash_;
  // Analysed code by code hash, taken from the process-wide cache (state_host.cpp) once per
  // transaction; std::map keeps references valid while nested calls insert more.
  std::map<Hash256, std::shared_ptr<const evm::AnalyzedCode>> code_cache_;
  const exec::ForeignVms* foreign_;
  evm::Tracer* tracer_;
  std::string last_foreign_error_;
};

}  // namespace plexus::transition
