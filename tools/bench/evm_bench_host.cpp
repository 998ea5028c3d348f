#include "evm_bench_host.hpp"

namespace plexus::bench {
namespace {
Bytes32 lookup(const std::map<Bytes32, Bytes32>& m, const Bytes32& key) {
  const auto it = m.find(key);
  return it == m.end() ? Bytes32{} : it->second;
}
}  // namespace

Bytes32 EvmBenchHost::get_storage(const Address&, const Bytes32& key) {
  return lookup(storage_, key);
}

evm::StorageStatus EvmBenchHost::set_storage(const Address&, const Bytes32& key,
                                             const Bytes32& value) {
  Bytes32& slot = storage_[key];
  const Bytes32 current = slot;
  slot = value;
  if (current == value) return evm::StorageStatus::kAssigned;
  if (current.is_zero()) return evm::StorageStatus::kAdded;
  return value.is_zero() ? evm::StorageStatus::kDeleted : evm::StorageStatus::kModified;
}

evm::ExecResult EvmBenchHost::call(const evm::Message& msg) {
  evm::ExecResult r;
  r.status = evm::StatusCode::kFailure;
  r.gas_left = msg.gas;
  return r;
}

Bytes32 EvmBenchHost::get_transient_storage(const Address&, const Bytes32& key) {
  return lookup(transient_, key);
}

void EvmBenchHost::set_transient_storage(const Address&, const Bytes32& key, const Bytes32& value) {
  transient_[key] = value;
}

}  // namespace plexus::bench
