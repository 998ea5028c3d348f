// Byte-keyed VM data in the shared world state: journaled like EVM storage, reported as changes,
// keeping accounts alive, and committed into the storage trie without touching EVM-only roots.
#include <gtest/gtest.h>

#include "exec/commitment.hpp"
#include "exec/state.hpp"

namespace plexus::exec {
namespace {

Address addr(Byte last) {
  Address a;
  a[19] = last;
  return a;
}

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

const Bytes kKey = data_key(Namespace::kWasm, bytes("balance"));

TEST(StateData, NestedSnapshotsUndoDataWritesNewestFirst) {
  State s;
  const Snapshot outer = s.snapshot();
  s.set_data(addr(1), kKey, bytes("one"));
  const Snapshot inner = s.snapshot();
  s.set_data(addr(1), kKey, bytes("two"));
  s.set_data(addr(1), data_key(Namespace::kMoveResource, bytes("0x1::m::R")), bytes("r"));
  ASSERT_NE(s.get_data(addr(1), kKey), nullptr);
  EXPECT_EQ(*s.get_data(addr(1), kKey), bytes("two"));

  s.revert(inner);
  EXPECT_EQ(*s.get_data(addr(1), kKey), bytes("one"));
  EXPECT_EQ(s.find(addr(1))->data.size(), 1U);

  s.set_data(addr(1), kKey, std::nullopt);  // erase, then undo the erase
  EXPECT_EQ(s.get_data(addr(1), kKey), nullptr);
  s.revert(inner);
  EXPECT_EQ(*s.get_data(addr(1), kKey), bytes("one"));

  s.revert(outer);
  EXPECT_EQ(s.find(addr(1)), nullptr);  // the account itself was created by the first write
}

TEST(StateData, RewritingTheSameValueRecordsNothing) {
  State s;
  s.set_data(addr(1), kKey, bytes("v"));
  static_cast<void>(s.finalize_transaction());
  static_cast<void>(s.take_changes());
  const Snapshot snap = s.snapshot();
  s.set_data(addr(1), kKey, bytes("v"));
  EXPECT_EQ(s.snapshot().journal_size, snap.journal_size);
}

TEST(StateData, FinalizeReportsWrittenKeysAndKeepsDataOnlyAccounts) {
  State s;
  s.touch(addr(2));
  s.set_data(addr(2), kKey, bytes("x"));
  const Snapshot snap = s.snapshot();
  s.set_data(addr(2), data_key(Namespace::kWasm, bytes("gone")), bytes("y"));
  s.revert(snap);
  static_cast<void>(s.finalize_transaction());
  // Touched, no nonce, balance or code, but it holds data: EIP-161 must not delete it.
  ASSERT_NE(s.find(addr(2)), nullptr);
  const StateChanges changes = s.take_changes();
  ASSERT_EQ(changes.data.size(), 1U);
  EXPECT_EQ(changes.data.begin()->first, addr(2));
  EXPECT_EQ(changes.data.begin()->second, (std::set<Bytes, BytesLess>{kKey}));
}

TEST(StateData, CodeKindIsJournaled) {
  State s;
  const Snapshot snap = s.snapshot();
  s.set_code(addr(3), bytes("\0asm"), CodeKind::kWasm);
  EXPECT_EQ(s.find(addr(3))->code_kind, CodeKind::kWasm);
  s.get_or_create(addr(4));
  s.revert(snap);
  EXPECT_EQ(s.find(addr(3)), nullptr);
}

TEST(Commitment, EvmAccountsKeepEthereumsFourFields) {
  AccountRecord evm{.nonce = 1, .balance = 5, .storage_root = kEmptyTrieRoot,
                    .code_hash = keccak256(bytes("code")), .code_kind = CodeKind::kEvm};
  AccountRecord wasm = evm;
  wasm.code_kind = CodeKind::kWasm;
  const Bytes e = encode_account(evm);
  const Bytes w = encode_account(wasm);
  EXPECT_NE(e, w);
  EXPECT_EQ(w.size(), e.size() + 1);  // one more RLP byte: the kind
  EXPECT_EQ(decode_account(e)->code_kind, CodeKind::kEvm);
  EXPECT_EQ(decode_account(w)->code_kind, CodeKind::kWasm);
  Bytes bad = w;
  bad.back() = 9;  // an unknown kind
  EXPECT_FALSE(decode_account(bad));
}

TEST(Commitment, DataEntriesChangeTheStorageRootAndNeverShareASlotPath) {
  Account a;
  const Hash256 empty = storage_root(a);
  EXPECT_EQ(empty, kEmptyTrieRoot);
  a.data.emplace(kKey, bytes("v"));
  EXPECT_NE(storage_root(a), empty);
  // A 31-byte key plus its namespace byte is 32 bytes, like a slot; the domain keeps them apart.
  const Bytes key31 = data_key(Namespace::kWasm, Bytes(31, 7));
  EXPECT_GT(data_trie_key(key31).size(), 32U);
}

}  // namespace
}  // namespace plexus::exec
