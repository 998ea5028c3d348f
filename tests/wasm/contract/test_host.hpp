#pragma once
// A map-based exec::Host for the contract tests: accounts, byte-keyed storage and logs in ordered
// maps, a whole-state snapshot taken before every call and restored when the call does not
// succeed (what the real host's journal does), and nested calls routed to a ContractVm.
#include <map>
#include <tuple>
#include <vector>

#include "exec/host.hpp"

namespace plexus::wasm::test {

struct LogEntry {
  Address address;
  std::vector<Bytes32> topics;
  Bytes data;
};

class TestHost final : public exec::Host {
 public:
  // Transactions run on `top`, nested calls into WASM accounts on `nested` (another instance, to
  // show that nothing is shared between activations but the host).
  explicit TestHost(exec::Vm& vm) : top_(&vm), nested_(&vm) {}
  TestHost(exec::Vm& top, exec::Vm& nested) : top_(&top), nested_(&nested) {}

  // A transaction's call (depth 0) or creation; state is restored unless it succeeds.
  [[nodiscard]] exec::CallResult transact(const Address& from, const Address& to, BytesView input,
                                          std::int64_t gas = 10'000'000, uint256 value = 0);
  [[nodiscard]] exec::CallResult deploy(const Address& from, const Address& at, BytesView payload,
                                        std::int64_t gas = 10'000'000);

  void set_balance(const Address& a, uint256 v) { state_.accounts[a].balance = v; }
  [[nodiscard]] const std::vector<LogEntry>& logs() const { return state_.logs; }
  [[nodiscard]] std::size_t storage_size() const { return state_.storage.size(); }
  [[nodiscard]] int calls() const { return calls_; }

  uint256 balance(const Address& addr) override;
  exec::CodeKind code_kind(const Address& addr) override;
  Hash256 code_hash(const Address& addr) override;
  Bytes code(const Address& addr) override;
  void set_code(const Address& addr, exec::CodeKind kind, Bytes code) override;
  std::optional<Bytes> load(const Address& addr, exec::Namespace space, BytesView key) override;
  void store(const Address& addr, exec::Namespace space, BytesView key,
             std::optional<Bytes> value) override;
  void emit_log(const Address& addr, std::span<const Bytes32> topics, BytesView data) override;
  const exec::BlockContext& block() override { return block_; }
  exec::CallResult call(const exec::CallMessage& msg) override;

  exec::BlockContext block_;

 private:
  struct Account {
    uint256 balance = 0;
    exec::CodeKind kind = exec::CodeKind::kNone;
    Bytes code;
  };
  using StorageKey = std::tuple<Address, exec::Namespace, Bytes>;
  struct State {
    std::map<Address, Account> accounts;
    std::map<StorageKey, Bytes> storage;
    std::vector<LogEntry> logs;
  };

  // Runs a transaction-level call or creation, keeping its effects only when it succeeds.
  [[nodiscard]] exec::CallResult top_level(bool create, const Address& from, const Address& to,
                                           BytesView input, std::int64_t gas, uint256 value);

  exec::Vm* top_;
  exec::Vm* nested_;
  State state_;
  int calls_ = 0;  // nested calls seen
};

}  // namespace plexus::wasm::test
