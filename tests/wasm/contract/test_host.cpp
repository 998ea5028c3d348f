#include "test_host.hpp"

#include "core/hash.hpp"

namespace plexus::wasm::test {

exec::CallResult TestHost::top_level(bool create, const Address& from, const Address& to,
                                     BytesView input, std::int64_t gas, uint256 value) {
  exec::CallMessage msg;
  msg.sender = from;
  msg.recipient = to;
  msg.input = input;
  msg.gas = gas;
  msg.value = value;
  const State saved = state_;
  exec::CallResult r = create ? top_->create(*this, msg) : top_->execute(*this, msg);
  if (r.status != exec::CallStatus::kSuccess) state_ = saved;
  return r;
}

exec::CallResult TestHost::transact(const Address& from, const Address& to, BytesView input,
                                    std::int64_t gas, uint256 value) {
  return top_level(false, from, to, input, gas, value);
}

exec::CallResult TestHost::deploy(const Address& from, const Address& at, BytesView payload,
                                  std::int64_t gas) {
  return top_level(true, from, at, payload, gas, 0);
}

uint256 TestHost::balance(const Address& addr) {
  const auto it = state_.accounts.find(addr);
  return it == state_.accounts.end() ? uint256(0) : it->second.balance;
}

exec::CodeKind TestHost::code_kind(const Address& addr) {
  const auto it = state_.accounts.find(addr);
  return it == state_.accounts.end() ? exec::CodeKind::kNone : it->second.kind;
}

Hash256 TestHost::code_hash(const Address& addr) { return keccak256(code(addr)); }

Bytes TestHost::code(const Address& addr) {
  const auto it = state_.accounts.find(addr);
  return it == state_.accounts.end() ? Bytes{} : it->second.code;
}

void TestHost::set_code(const Address& addr, exec::CodeKind kind, Bytes code) {
  auto& account = state_.accounts[addr];
  account.kind = kind;
  account.code = std::move(code);
}

std::optional<Bytes> TestHost::load(const Address& addr, exec::Namespace space, BytesView key) {
  const auto it = state_.storage.find({addr, space, to_bytes(key)});
  if (it == state_.storage.end()) return std::nullopt;
  return it->second;
}

void TestHost::store(const Address& addr, exec::Namespace space, BytesView key,
                     std::optional<Bytes> value) {
  StorageKey k{addr, space, to_bytes(key)};
  if (value) {
    state_.storage[std::move(k)] = std::move(*value);
  } else {
    state_.storage.erase(k);
  }
}

void TestHost::emit_log(const Address& addr, std::span<const Bytes32> topics, BytesView data) {
  state_.logs.push_back({addr, {topics.begin(), topics.end()}, to_bytes(data)});
}

exec::CallResult TestHost::call(const exec::CallMessage& msg) {
  ++calls_;
  if (msg.depth > exec::kMaxCallDepth) return {exec::CallStatus::kFailure, msg.gas, {}, "depth"};
  const State saved = state_;
  if (balance(msg.sender) < msg.value) return {exec::CallStatus::kFailure, msg.gas, {}, "funds"};
  state_.accounts[msg.sender].balance -= msg.value;
  state_.accounts[msg.recipient].balance += msg.value;
  exec::CallResult r;
  switch (code_kind(msg.recipient)) {
    case exec::CodeKind::kNone: r = {exec::CallStatus::kSuccess, msg.gas, {}, {}}; break;
    case exec::CodeKind::kWasm: r = nested_->execute(*this, msg); break;
    default: r = {exec::CallStatus::kFailure, 0, {}, "no such VM in the test host"}; break;
  }
  if (r.status != exec::CallStatus::kSuccess) state_ = saved;
  return r;
}

}  // namespace plexus::wasm::test
