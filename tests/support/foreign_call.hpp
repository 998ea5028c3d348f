#pragma once
// One top-level call through transition::StateHost with the given foreign VMs (tests of the
// cross-VM seam: foreign VMs, the messenger). Header-only: only tests that link plexus_transition
// include it.
#include <string>

#include "transition/state_host.hpp"

namespace plexus::testing {

struct ForeignCall {
  Address from;
  Address to;
  BytesView input = {};
  std::int64_t gas = 1'000'000;
  bool is_static = false;
  std::uint64_t platform_height = 0;  // the block's (exec::BlockContext::platform_height)
};

// Runs `call` on `state`; `last_error` receives the foreign VM's reason, if any.
inline evm::ExecResult run_foreign_call(exec::State& state, const exec::ForeignVms& vms,
                                        const ForeignCall& call, std::string& last_error) {
  evm::TxContext context;
  context.platform_height = call.platform_height;
  transition::StateHost host(state, evm::Revision::kCancun, context, {}, &vms);
  evm::Message msg;
  msg.gas = call.gas;
  msg.recipient = call.to;
  msg.code_address = call.to;
  msg.sender = call.from;
  msg.input = call.input;
  msg.is_static = call.is_static;
  evm::ExecResult r = host.call(msg);
  last_error = host.last_foreign_error();
  return r;
}

}  // namespace plexus::testing
