#include "transition/cross_vm_host.hpp"

#include "exec/account.hpp"

namespace plexus::transition {

CrossVmHost::CrossVmHost(StateHost& evm_host, exec::State& state, const evm::TxContext& context)
    : evm_host_(evm_host), state_(state) {
  block_.number = context.block_number;
  block_.timestamp = context.block_timestamp;
  block_.gas_limit = context.block_gas_limit;
  block_.coinbase = context.coinbase;
  block_.chain_id = from_bytes32(context.chain_id);
  block_.base_fee = from_bytes32(context.base_fee);
  block_.origin = context.origin;
  block_.gas_price = from_bytes32(context.gas_price);
  block_.platform_height = context.platform_height;
}

uint256 CrossVmHost::balance(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  return acc == nullptr ? uint256(0) : acc->balance;
}

exec::CodeKind CrossVmHost::code_kind(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  if (acc == nullptr || acc->code.empty()) return exec::CodeKind::kNone;
  return acc->code_kind == exec::CodeKind::kNone ? exec::CodeKind::kEvm : acc->code_kind;
}

Hash256 CrossVmHost::code_hash(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  return acc == nullptr ? kEmptyKeccak : acc->code_hash;
}

Bytes CrossVmHost::code(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  return acc == nullptr ? Bytes{} : acc->code;
}

void CrossVmHost::set_code(const Address& addr, exec::CodeKind kind, Bytes code) {
  state_.set_code(addr, std::move(code), kind);
}

std::optional<Bytes> CrossVmHost::load(const Address& addr, exec::Namespace space,
                                       BytesView key) {
  const Bytes* value = state_.get_data(addr, exec::data_key(space, key));
  if (value == nullptr) return std::nullopt;
  return *value;
}

void CrossVmHost::store(const Address& addr, exec::Namespace space, BytesView key,
                        std::optional<Bytes> value) {
  state_.set_data(addr, exec::data_key(space, key), std::move(value));
}

void CrossVmHost::emit_log(const Address& addr, std::span<const Bytes32> topics, BytesView data) {
  state_.add_log(exec::Log{addr, {topics.begin(), topics.end()}, to_bytes(data)});
}

exec::CallResult CrossVmHost::call(const exec::CallMessage& msg) {
  exec::CallResult refused;
  refused.gas_left = msg.gas;
  // The checks the EVM interpreter makes before its own CALL, which StateHost::call relies on.
  if (msg.depth > exec::kMaxCallDepth) {
    refused.error = "call depth limit exceeded";
    return refused;
  }
  if (msg.is_static && msg.value != 0) {
    refused.error = "value transfer in a static call";
    return refused;
  }
  if (balance(msg.sender) < msg.value) {
    refused.error = "insufficient balance for the call's value";
    return refused;
  }
  evm::Message evm_msg;
  evm_msg.kind = evm::CallKind::kCall;
  evm_msg.is_static = msg.is_static;
  evm_msg.depth = msg.depth;
  evm_msg.gas = msg.gas;
  evm_msg.recipient = msg.recipient;
  evm_msg.sender = msg.sender;
  evm_msg.code_address = msg.recipient;
  evm_msg.input = msg.input;
  evm_msg.value = to_bytes32(msg.value);
  state_.access_account(msg.recipient);
  exec::CallResult result = to_call_result(evm_host_.call(evm_msg));
  if (result.status != exec::CallStatus::kSuccess && result.error.empty())
    result.error = evm_host_.last_foreign_error();
  return result;
}

evm::ExecResult to_exec_result(exec::CallResult result) {
  evm::ExecResult out;
  out.gas_left = result.gas_left;
  out.gas_refund = 0;
  out.output = std::move(result.output);
  switch (result.status) {
    case exec::CallStatus::kSuccess: out.status = evm::StatusCode::kSuccess; break;
    case exec::CallStatus::kRevert: out.status = evm::StatusCode::kRevert; break;
    case exec::CallStatus::kOutOfGas:
      out.status = evm::StatusCode::kOutOfGas;
      out.gas_left = 0;
      break;
    case exec::CallStatus::kFailure: out.status = evm::StatusCode::kFailure; break;
  }
  return out;
}

exec::CallResult to_call_result(evm::ExecResult result) {
  exec::CallResult out;
  out.gas_left = result.gas_left;
  out.output = std::move(result.output);
  switch (result.status) {
    case evm::StatusCode::kSuccess: out.status = exec::CallStatus::kSuccess; break;
    case evm::StatusCode::kRevert: out.status = exec::CallStatus::kRevert; break;
    case evm::StatusCode::kOutOfGas: out.status = exec::CallStatus::kOutOfGas; break;
    default:
      out.status = exec::CallStatus::kFailure;
      out.gas_left = 0;
      break;
  }
  return out;
}

}  // namespace plexus::transition
