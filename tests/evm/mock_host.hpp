#pragma once
// An in-memory Host for interpreter unit tests: accounts, storage with EIP-2200 classification,
// warm sets, recorded logs, calls and self-destructs; nested calls return a canned result.
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "evm/host.hpp"

namespace plexus::evm::test {

struct MockAccount {
  Bytes32 balance;
  Bytes code;
  Bytes32 code_hash;
  std::map<Bytes32, Bytes32> storage;
  std::map<Bytes32, Bytes32> original;  // values at the start of the transaction
  std::map<Bytes32, Bytes32> transient;
  bool operator==(const MockAccount&) const = default;
};

struct RecordedLog {
  Address addr;
  Bytes data;
  std::vector<Bytes32> topics;
};

struct RecordedCall {
  Message msg;
  Bytes input;  // msg.input points into the caller's memory; keep a copy
};

class MockHost : public Host {
 public:
  std::map<Address, MockAccount> accounts;
  std::set<Address> warm_accounts;
  std::set<std::pair<Address, Bytes32>> warm_slots;
  TxContext tx;
  std::map<std::int64_t, Hash256> block_hashes;
  std::vector<RecordedLog> logs;
  std::vector<RecordedCall> calls;
  std::vector<std::pair<Address, Address>> selfdestructs;
  ExecResult call_result{StatusCode::kSuccess, 0, 0, {}, {}};
  bool return_all_gas = true;    // nested calls hand back all the gas they were given
  Tracer* trace_with = nullptr;  // the tracer the interpreter reports to, if any

  bool account_exists(const Address& addr) override { return accounts.contains(addr); }
  Bytes32 get_storage(const Address& addr, const Bytes32& key) override;
  StorageStatus set_storage(const Address& addr, const Bytes32& key, const Bytes32& value) override;
  Bytes32 get_balance(const Address& addr) override;
  std::size_t get_code_size(const Address& addr) override;
  Bytes32 get_code_hash(const Address& addr) override;
  std::size_t copy_code(const Address& addr, std::size_t offset, std::span<Byte> out) override;
  bool selfdestruct(const Address& addr, const Address& beneficiary) override;
  ExecResult call(const Message& msg) override;
  TxContext get_tx_context() override { return tx; }
  Tracer* tracer() override { return trace_with; }
  Hash256 get_block_hash(std::int64_t number) override;
  void emit_log(const Address& addr, BytesView data, std::span<const Bytes32> topics) override;
  AccessStatus access_account(const Address& addr) override;
  AccessStatus access_storage(const Address& addr, const Bytes32& key) override;
  Bytes32 get_transient_storage(const Address& addr, const Bytes32& key) override;
  void set_transient_storage(const Address& addr, const Bytes32& key,
                             const Bytes32& value) override;
};

}  // namespace plexus::evm::test
