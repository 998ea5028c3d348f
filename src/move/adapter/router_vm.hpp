#pragma once
// The Move VM behind exec::kMoveRouter (docs/MOVE_SUBNET.md).
//
//   execute: msg.input is the BCS RouterCall envelope (envelope.hpp): an entry call runs
//     module::function with msg.sender as the leading signer parameters; Publish publishes
//     modules under msg.sender.
//   create: a creation payload (kCreationMagic + modules) publishes under msg.sender too; the
//     created account itself gets no code.
//
// Results: success returns the BCS of the return values, concatenated; an abort is kRevert with
// Solidity Error(string) data "Move abort <module>::<function> code <n>"; out of gas is
// kOutOfGas; everything else (bad envelope, missing module or function, verification or type
// errors) is kFailure with the reason in `error`.
#include "exec/host.hpp"
#include "move/adapter/envelope.hpp"
#include "move/adapter/module_loader.hpp"

namespace plexus::move {

class MoveRouterVm final : public exec::Vm {
 public:
  [[nodiscard]] exec::CallResult execute(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] exec::CallResult create(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] bool accepts_creation(BytesView payload) const override {
    return is_creation_payload(payload);
  }

 private:
  exec::CallResult publish(exec::Host& host, const exec::CallMessage& msg,
                           std::vector<Bytes> modules);
  exec::CallResult entry(exec::Host& host, const exec::CallMessage& msg, const EntryCall& call);

  ModuleCache cache_;  // verified modules by hash; never decides what runs (state does)
};

// Solidity's Error(string) revert data: selector 0x08c379a0 then the ABI-encoded string.
[[nodiscard]] Bytes abi_error_string(std::string_view reason);

// Shared by the router's translation units.
[[nodiscard]] exec::CallResult call_failure(std::string error);
[[nodiscard]] exec::CallResult call_out_of_gas(std::string error);
[[nodiscard]] inline std::uint64_t gas_limit(const exec::CallMessage& msg) {
  return msg.gas > 0 ? static_cast<std::uint64_t>(msg.gas) : 0;
}

// A reader of published modules from the host's state.
[[nodiscard]] ModuleReader host_module_reader(exec::Host& host);

}  // namespace plexus::move
