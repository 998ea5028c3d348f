#pragma once
// A map-based exec::Host for the Move router's tests: byte-keyed storage and logs in memory, a
// nested call that restores both when the callee does not succeed, kMoveRouter dispatched to the
// router and other accounts to scripted stand-ins for EVM contracts.
#include <functional>
#include <map>
#include <tuple>
#include <vector>

#include "exec/host.hpp"

namespace plexus::move::testing {

struct Log {
  Address address;
  std::vector<Bytes32> topics;
  Bytes data;
  friend bool operator==(const Log&, const Log&) = default;
};

class TestHost final : public exec::Host {
 public:
  using Contract = std::function<exec::CallResult(exec::Host&, const exec::CallMessage&)>;
  using Key = std::tuple<Address, exec::Namespace, Bytes>;

  explicit TestHost(exec::Vm& router) : router_(router) {}

  std::map<Key, Bytes> storage;
  std::vector<Log> logs;
  std::map<Address, Contract> contracts;  // stand-ins for EVM code

  // A transaction's own call (depth 0) and contract creation, both undone unless successful.
  exec::CallResult transact(const exec::CallMessage& msg) { return guarded(msg, false); }
  exec::CallResult create(const exec::CallMessage& msg) { return guarded(msg, true); }

  uint256 balance(const Address&) override { return 0; }
  exec::CodeKind code_kind(const Address& a) override {
    return contracts.contains(a) ? exec::CodeKind::kEvm : exec::CodeKind::kNone;
  }
  Hash256 code_hash(const Address&) override { return {}; }
  Bytes code(const Address&) override { return {}; }
  void set_code(const Address&, exec::CodeKind, Bytes) override {}
  std::optional<Bytes> load(const Address& a, exec::Namespace s, BytesView key) override {
    const auto it = storage.find({a, s, to_bytes(key)});
    if (it == storage.end()) return std::nullopt;
    return it->second;
  }
  void store(const Address& a, exec::Namespace s, BytesView key,
             std::optional<Bytes> value) override {
    if (value)
      storage[{a, s, to_bytes(key)}] = std::move(*value);
    else
      storage.erase({a, s, to_bytes(key)});
  }
  void emit_log(const Address& a, std::span<const Bytes32> topics, BytesView data) override {
    logs.push_back({a, {topics.begin(), topics.end()}, to_bytes(data)});
  }
  const exec::BlockContext& block() override { return block_; }
  exec::CallResult call(const exec::CallMessage& msg) override { return guarded(msg, false); }

 private:
  exec::CallResult guarded(const exec::CallMessage& msg, bool creation) {
    const auto saved_storage = storage;
    const auto saved_logs = logs;
    exec::CallResult r;
    if (creation)
      r = router_.create(*this, msg);
    else if (msg.recipient == exec::kMoveRouter)
      r = router_.execute(*this, msg);
    else if (const auto it = contracts.find(msg.recipient); it != contracts.end())
      r = it->second(*this, msg);
    else
      r = {exec::CallStatus::kSuccess, msg.gas, {}, {}};
    if (r.status != exec::CallStatus::kSuccess) {
      storage = saved_storage;
      logs = saved_logs;
    }
    return r;
  }

  exec::Vm& router_;
  exec::BlockContext block_;
};

}  // namespace plexus::move::testing
