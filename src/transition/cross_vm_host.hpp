#pragma once
// The execution layer's Host (exec/host.hpp) for the WASM and Move VMs, over the same journaled
// state and the same call path as the EVM. Their nested calls enter StateHost::call like any EVM
// CALL, so one snapshot/revert discipline covers every VM: a revert anywhere undoes every write of
// every VM below it.
#include "transition/state_host.hpp"
#include "exec/host.hpp"

namespace plexus::transition {

class CrossVmHost final : public exec::Host {
 public:
  CrossVmHost(StateHost& evm_host, exec::State& state, const evm::TxContext& context);

  [[nodiscard]] uint256 balance(const Address& addr) override;
  [[nodiscard]] exec::CodeKind code_kind(const Address& addr) override;
  [[nodiscard]] Hash256 code_hash(const Address& addr) override;
  [[nodiscard]] Bytes code(const Address& addr) override;
  void set_code(const Address& addr, exec::CodeKind kind, Bytes code) override;
  [[nodiscard]] std::optional<Bytes> load(const Address& addr, exec::Namespace space,
                                          BytesView key) override;
  void store(const Address& addr, exec::Namespace space, BytesView key,
             std::optional<Bytes> value) override;
  void emit_log(const Address& addr, std::span<const Bytes32> topics, BytesView data) override;
  [[nodiscard]] const exec::BlockContext& block() override { return block_; }
  [[nodiscard]] exec::CallResult call(const exec::CallMessage& msg) override;

 private:
  StateHost& evm_host_;
  exec::State& state_;
  exec::BlockContext block_;
};

// The EVM's view of a foreign VM's result, and the reverse.
[[nodiscard]] evm::ExecResult to_exec_result(exec::CallResult result);
[[nodiscard]] exec::CallResult to_call_result(evm::ExecResult result);

}  // namespace plexus::transition
