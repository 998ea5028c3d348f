#include "mock_host.hpp"

#include <algorithm>

namespace plexus::evm::test {
namespace {
Bytes32 lookup(const std::map<Bytes32, Bytes32>& m, const Bytes32& key) {
  const auto it = m.find(key);
  return it == m.end() ? Bytes32{} : it->second;
}
}  // namespace

Bytes32 MockHost::get_storage(const Address& addr, const Bytes32& key) {
  return lookup(accounts[addr].storage, key);
}

StorageStatus MockHost::set_storage(const Address& addr, const Bytes32& key, const Bytes32& value) {
  MockAccount& acc = accounts[addr];
  const Bytes32 original = lookup(acc.original, key);
  const Bytes32 current = lookup(acc.storage, key);
  acc.storage[key] = value;
  if (current == value) return StorageStatus::kAssigned;
  if (original == current) {
    if (original.is_zero()) return StorageStatus::kAdded;
    return value.is_zero() ? StorageStatus::kDeleted : StorageStatus::kModified;
  }
  if (original.is_zero())
    return value.is_zero() ? StorageStatus::kAddedDeleted : StorageStatus::kAssigned;
  if (current.is_zero())
    return value == original ? StorageStatus::kDeletedRestored : StorageStatus::kDeletedAdded;
  if (value.is_zero()) return StorageStatus::kModifiedDeleted;
  return value == original ? StorageStatus::kModifiedRestored : StorageStatus::kAssigned;
}

Bytes32 MockHost::get_balance(const Address& addr) {
  const auto it = accounts.find(addr);
  return it == accounts.end() ? Bytes32{} : it->second.balance;
}

std::size_t MockHost::get_code_size(const Address& addr) {
  const auto it = accounts.find(addr);
  return it == accounts.end() ? 0 : it->second.code.size();
}

Bytes32 MockHost::get_code_hash(const Address& addr) {
  const auto it = accounts.find(addr);
  return it == accounts.end() ? Bytes32{} : it->second.code_hash;
}

std::size_t MockHost::copy_code(const Address& addr, std::size_t offset, std::span<Byte> out) {
  const auto it = accounts.find(addr);
  if (it == accounts.end() || offset >= it->second.code.size()) return 0;
  const std::size_t n = std::min(out.size(), it->second.code.size() - offset);
  std::copy_n(it->second.code.begin() + static_cast<std::ptrdiff_t>(offset), n, out.begin());
  return n;
}

bool MockHost::selfdestruct(const Address& addr, const Address& beneficiary) {
  selfdestructs.emplace_back(addr, beneficiary);
  return true;
}

ExecResult MockHost::call(const Message& msg) {
  calls.push_back({msg, Bytes(msg.input.begin(), msg.input.end())});
  ExecResult r = call_result;
  if (return_all_gas) r.gas_left = msg.gas;
  return r;
}

Hash256 MockHost::get_block_hash(std::int64_t number) {
  const auto it = block_hashes.find(number);
  return it == block_hashes.end() ? Hash256{} : it->second;
}

void MockHost::emit_log(const Address& addr, BytesView data, std::span<const Bytes32> topics) {
  logs.push_back({addr, Bytes(data.begin(), data.end()), {topics.begin(), topics.end()}});
}

AccessStatus MockHost::access_account(const Address& addr) {
  return warm_accounts.insert(addr).second ? AccessStatus::kCold : AccessStatus::kWarm;
}

AccessStatus MockHost::access_storage(const Address& addr, const Bytes32& key) {
  return warm_slots.insert({addr, key}).second ? AccessStatus::kCold : AccessStatus::kWarm;
}

Bytes32 MockHost::get_transient_storage(const Address& addr, const Bytes32& key) {
  return lookup(accounts[addr].transient, key);
}

void MockHost::set_transient_storage(const Address& addr, const Bytes32& key,
                                     const Bytes32& value) {
  accounts[addr].transient[key] = value;
}

}  // namespace plexus::evm::test
