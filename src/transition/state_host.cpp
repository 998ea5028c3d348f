#include "transition/state_host.hpp"

#include <algorithm>
#include <limits>

#include "core/hash.hpp"
#include "core/rlp.hpp"
#include "core/transaction.hpp"
#include "evm/interpreter.hpp"
#include "evm/precompiles/precompiles.hpp"
#include "evm/tracer.hpp"
#include "storage/generational_cache.hpp"
#include "transition/cross_vm_host.hpp"

namespace plexus::transition {
namespace {

// Analysed code for every transaction of the process, by code hash: code never changes under its
// hash, and the analysis (the interpreter's block entries, evm/interpreter.hpp) costs a few times
// what a short call's execution does. Bounded and aged like the trie-node cache.
constexpr std::size_t kAnalysisCacheBytes = 64 << 20;

std::shared_ptr<const evm::AnalyzedCode> analysed(const Hash256& code_hash, BytesView code) {
  static GenerationalCache<Hash256, std::shared_ptr<const evm::AnalyzedCode>> cache(
      kAnalysisCacheBytes);
  if (std::optional<std::shared_ptr<const evm::AnalyzedCode>> hit = cache.find(code_hash))
    return *hit;
  auto analysis = std::make_shared<const evm::AnalyzedCode>(evm::analyze(code));
  cache.insert(code_hash, analysis, evm::heap_bytes(*analysis));
  return analysis;
}

Address address_of_hash(const Hash256& h) {
  Address out;
  std::copy(h.bytes.begin() + 12, h.bytes.end(), out.bytes.begin());
  return out;
}

// ExecResult has members without default initialisers, so results are built field by field.
evm::ExecResult make_result(evm::StatusCode status, std::int64_t gas_left, Bytes output = {}) {
  evm::ExecResult r;
  r.status = status;
  r.gas_left = gas_left;
  r.output = std::move(output);
  return r;
}

evm::ExecResult failure(evm::StatusCode status) { return make_result(status, 0); }

// Mainnet once touched the empty RIPEMD-160 precompile account in a frame that then ran out of gas,
// and clients kept that touch; the state tests encode this, so its touch survives a revert.
constexpr Address kRipemdAddress{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}};

}  // namespace

Address create_address(const Address& sender, std::uint64_t nonce) {
  const Bytes items[] = {rlp::encode_string(sender.view()), rlp::encode_uint(nonce)};
  return address_of_hash(keccak256(rlp::encode_list(items)));
}

Address create2_address(const Address& sender, const Bytes32& salt, BytesView initcode) {
  Bytes buf;
  buf.reserve(1 + 20 + 32 + 32);
  buf.push_back(0xff);
  buf.insert(buf.end(), sender.bytes.begin(), sender.bytes.end());
  buf.insert(buf.end(), salt.bytes.begin(), salt.bytes.end());
  const Hash256 code_hash = keccak256(initcode);
  buf.insert(buf.end(), code_hash.bytes.begin(), code_hash.bytes.end());
  return address_of_hash(keccak256(buf));
}

bool StateHost::account_exists(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  return acc != nullptr && !acc->is_empty();  // EIP-161: empty accounts count as absent
}

Bytes32 StateHost::get_storage(const Address& addr, const Bytes32& key) {
  return state_.get_storage(addr, key);
}

exec::StorageStatus StateHost::set_storage(const Address& addr, const Bytes32& key,
                                           const Bytes32& value) {
  return state_.set_storage(addr, key, value);
}

Bytes32 StateHost::get_balance(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  return acc == nullptr ? Bytes32{} : to_bytes32(acc->balance);
}

std::size_t StateHost::get_code_size(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  return acc == nullptr ? 0 : acc->code.size();
}

Bytes32 StateHost::get_code_hash(const Address& addr) {
  const exec::Account* acc = state_.find(addr);
  return (acc == nullptr || acc->is_empty()) ? Bytes32{} : acc->code_hash;
}

std::size_t StateHost::copy_code(const Address& addr, std::size_t offset, std::span<Byte> out) {
  const exec::Account* acc = state_.find(addr);
  if (acc == nullptr || offset >= acc->code.size()) return 0;
  const std::size_t n = std::min(out.size(), acc->code.size() - offset);
  std::copy_n(acc->code.begin() + static_cast<std::ptrdiff_t>(offset), n, out.begin());
  return n;
}

bool StateHost::selfdestruct(const Address& addr, const Address& beneficiary) {
  const uint256 balance = state_.get_or_create(addr).balance;
  state_.touch(beneficiary);
  // EIP-6780: only an account created in this transaction is deleted; otherwise SELFDESTRUCT
  // just moves the balance (and keeps it when the beneficiary is the account itself).
  const bool deletes = rev_ < evm::Revision::kCancun || state_.find(addr)->just_created;
  if (!deletes && beneficiary == addr) return false;
  state_.add_balance(beneficiary, balance);
  state_.set_balance(addr, 0);
  if (!deletes) return false;
  return state_.mark_destructed(addr);
}

Hash256 StateHost::get_block_hash(std::int64_t number) {
  return block_hash_ ? block_hash_(number) : Hash256{};
}

void StateHost::emit_log(const Address& addr, BytesView data, std::span<const Bytes32> topics) {
  state_.add_log(exec::Log{addr, {topics.begin(), topics.end()}, to_bytes(data)});
}

evm::AccessStatus StateHost::access_account(const Address& addr) {
  return state_.access_account(addr);
}

evm::AccessStatus StateHost::access_storage(const Address& addr, const Bytes32& key) {
  return state_.access_storage(addr, key);
}

Bytes32 StateHost::get_transient_storage(const Address& addr, const Bytes32& key) {
  return state_.get_transient_storage(addr, key);
}

void StateHost::set_transient_storage(const Address& addr, const Bytes32& key,
                                      const Bytes32& value) {
  state_.set_transient_storage(addr, key, value);
}

evm::ExecResult StateHost::call(const evm::Message& orig) {
  evm::Message msg = orig;
  const bool is_create = msg.kind == evm::CallKind::kCreate || msg.kind == evm::CallKind::kCreate2;
  if (is_create && msg.depth > 0) {
    const std::uint64_t nonce = state_.get_or_create(msg.sender).nonce;
    // EIP-2681: a sender at the maximum nonce cannot create; the caller keeps its gas.
    if (nonce == std::numeric_limits<std::uint64_t>::max())
      return make_result(evm::StatusCode::kFailure, msg.gas);
    state_.set_nonce(msg.sender, nonce + 1);
    msg.recipient = msg.kind == evm::CallKind::kCreate
                        ? create_address(msg.sender, nonce)
                        : create2_address(msg.sender, msg.create2_salt, msg.input);
    msg.code_address = msg.recipient;
  }
  // EIP-2929: the created address stays warm even if the creation fails.
  if (is_create) state_.access_account(msg.recipient);

  if (tracer_ != nullptr) tracer_->on_enter(msg);
  const exec::Snapshot snapshot = state_.snapshot();
  evm::ExecResult result = execute_message(msg);
  if (result.status != evm::StatusCode::kSuccess) {
    const exec::Account* ripemd = state_.find(kRipemdAddress);
    const bool ripemd_touched = ripemd != nullptr && ripemd->touched;
    state_.revert(snapshot);
    if (ripemd_touched) state_.touch(kRipemdAddress);
    result.gas_refund = 0;
    if (result.status != evm::StatusCode::kRevert) {
      result.gas_left = 0;
      result.output.clear();
    }
  }
  if (is_create && result.status == evm::StatusCode::kSuccess)
    result.create_address = msg.recipient;
  if (tracer_ != nullptr) {
    const exec::Account* created = is_create && result.status == evm::StatusCode::kSuccess
                                       ? state_.find(msg.recipient)
                                       : nullptr;
    tracer_->on_exit(result, created != nullptr ? BytesView(created->code) : result.output);
  }
  return result;
}

evm::ExecResult StateHost::execute_message(const evm::Message& msg) {
  if (msg.kind == evm::CallKind::kCreate || msg.kind == evm::CallKind::kCreate2) return create(msg);

  if (msg.kind == evm::CallKind::kCall) {
    const uint256 value = from_bytes32(msg.value);
    state_.touch(msg.recipient);
    if (value != 0) {
      state_.sub_balance(msg.sender, value);
      state_.add_balance(msg.recipient, value);
    }
  }

  if (evm::precompiles::is_precompile(msg.code_address, rev_)) {
    evm::precompiles::Output out =
        evm::precompiles::execute(msg.code_address, msg.input, msg.gas, rev_);
    if (!out.success) return failure(evm::StatusCode::kFailure);
    return make_result(evm::StatusCode::kSuccess, msg.gas - out.gas_used, std::move(out.data));
  }

  const exec::Account* code_acc = state_.find(msg.code_address);
  // EIP-7702: a delegated account runs its delegate's code (one hop: a designator found there
  // runs as code and fails on its 0xef byte; a precompile as delegate has no code).
  if (rev_ >= evm::Revision::kPrague && code_acc != nullptr) {
    if (const auto delegate = tx::delegation_target(code_acc->code)) {
      if (evm::precompiles::is_precompile(*delegate, rev_))
        return make_result(evm::StatusCode::kSuccess, msg.gas);
      code_acc = state_.find(*delegate);
    }
  }
  if (foreign_ != nullptr) {
    if (exec::Vm* vm = foreign_vm_for(msg, code_acc)) return run_foreign(*vm, msg, false);
  }
  if (code_acc == nullptr || code_acc->code.empty())
    return make_result(evm::StatusCode::kSuccess, msg.gas);
  auto cached = code_cache_.find(code_acc->code_hash);
  if (cached == code_cache_.end())
    cached = code_cache_.emplace(code_acc->code_hash, analysed(code_acc->code_hash, code_acc->code))
                 .first;
  return evm::execute(*this, rev_, msg, *cached->second);
}

evm::ExecResult StateHost::create(const evm::Message& msg) {
  const exec::Account* existing = state_.find(msg.recipient);
  // Collision: code, nonce or storage already at the address (EIP-684, EIP-7610).
  if (existing != nullptr &&
      (existing->nonce != 0 || !existing->code.empty() || existing->has_storage()))
    return failure(evm::StatusCode::kCreateCollision);

  state_.get_or_create(msg.recipient);
  state_.set_nonce(msg.recipient, 1);  // EIP-161
  state_.mark_just_created(msg.recipient);
  const uint256 value = from_bytes32(msg.value);
  if (value != 0) {
    state_.sub_balance(msg.sender, value);
    state_.add_balance(msg.recipient, value);
  }

  if (foreign_ != nullptr) {
    for (exec::Vm* vm : {foreign_->wasm, foreign_->move})
      if (vm != nullptr && vm->accepts_creation(msg.input)) return run_foreign(*vm, msg, true);
  }

  evm::Message init = msg;
  init.input = {};
  evm::ExecResult result = evm::execute(*this, rev_, init, msg.input);
  if (result.status != evm::StatusCode::kSuccess) return result;

  const Bytes& code = result.output;
  if (code.size() > kMaxCodeSize) return failure(evm::StatusCode::kContractValidationFailure);
  const std::int64_t deposit = static_cast<std::int64_t>(code.size()) * kCodeDepositGasPerByte;
  if (result.gas_left < deposit) return failure(evm::StatusCode::kOutOfGas);
  // EIP-3541: new code may not start with the EOF magic byte.
  if (!code.empty() && code[0] == 0xEF) return failure(evm::StatusCode::kContractValidationFailure);

  state_.set_code(msg.recipient, code);
  // The outermost creation answers the code it installed: eth_call without `to` returns it, as
  // go-ethereum does. Nested creations answer nothing (RETURNDATASIZE is 0 after CREATE).
  evm::ExecResult created = make_result(evm::StatusCode::kSuccess, result.gas_left - deposit,
                                        msg.depth == 0 ? code : Bytes{});
  created.gas_refund = result.gas_refund;
  created.create_address = msg.recipient;
  return created;
}

exec::Vm* StateHost::foreign_vm_for(const evm::Message& msg, const exec::Account* code_acc) const {
  if (msg.code_address == exec::kMoveRouter) return foreign_->move;
  if (msg.code_address == exec::kMessenger) return foreign_->messenger;
  if (code_acc != nullptr && code_acc->code_kind == exec::CodeKind::kWasm) return foreign_->wasm;
  return nullptr;
}

evm::ExecResult StateHost::run_foreign(exec::Vm& vm, const evm::Message& msg, bool create) {
  // Foreign code acts on its own storage only: DELEGATECALL/CALLCODE would run it against the
  // caller's account, which has no meaning across VMs.
  if (msg.kind == evm::CallKind::kDelegateCall || msg.kind == evm::CallKind::kCallCode) {
    last_foreign_error_ = "not supported: delegatecall/callcode into a non-EVM contract";
    return failure(evm::StatusCode::kFailure);
  }
  exec::CallMessage call;
  call.sender = msg.sender;
  call.recipient = msg.recipient;
  call.value = from_bytes32(msg.value);
  call.input = msg.input;
  call.gas = msg.gas;
  call.depth = msg.depth;
  call.is_static = msg.is_static;
  CrossVmHost host(*this, state_, context_);
  exec::CallResult result = create ? vm.create(host, call) : vm.execute(host, call);
  if (result.status != exec::CallStatus::kSuccess && !result.error.empty())
    last_foreign_error_ = result.error;
  evm::ExecResult out = to_exec_result(std::move(result));
  if (create && out.status == evm::StatusCode::kSuccess) {
    out.output.clear();
    out.create_address = msg.recipient;
  }
  return out;
}

}  // namespace plexus::transition
