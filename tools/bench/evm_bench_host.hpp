#pragma once
// A minimal in-memory Host for timing contracts in isolation: storage and transient storage in
// ordered maps, a fixed block context, no other accounts; nested calls fail. SSTORE is classified
// as if every write were the first to its slot in the transaction, which is all a benchmark
// needs (it times execution; the state-test runner checks exact gas).
#include <map>

#include "evm/host.hpp"

namespace plexus::bench {

class EvmBenchHost : public evm::Host {
 public:
  explicit EvmBenchHost(evm::TxContext tx) : tx_(std::move(tx)) {}

  bool account_exists(const Address&) override { return false; }
  Bytes32 get_storage(const Address&, const Bytes32& key) override;
  evm::StorageStatus set_storage(const Address&, const Bytes32& key, const Bytes32& value) override;
  Bytes32 get_balance(const Address&) override { return {}; }
  std::size_t get_code_size(const Address&) override { return 0; }
  Bytes32 get_code_hash(const Address&) override { return {}; }
  std::size_t copy_code(const Address&, std::size_t, std::span<Byte>) override { return 0; }
  bool selfdestruct(const Address&, const Address&) override { return true; }
  evm::ExecResult call(const evm::Message& msg) override;
  evm::TxContext get_tx_context() override { return tx_; }
  Hash256 get_block_hash(std::int64_t) override { return {}; }
  void emit_log(const Address&, BytesView, std::span<const Bytes32>) override {}
  evm::AccessStatus access_account(const Address&) override { return evm::AccessStatus::kWarm; }
  evm::AccessStatus access_storage(const Address&, const Bytes32&) override {
    return evm::AccessStatus::kWarm;
  }
  Bytes32 get_transient_storage(const Address&, const Bytes32& key) override;
  void set_transient_storage(const Address&, const Bytes32& key, const Bytes32& value) override;

 private:
  evm::TxContext tx_;
  std::map<Bytes32, Bytes32> storage_;
  std::map<Bytes32, Bytes32> transient_;
};

}  // namespace plexus::bench
