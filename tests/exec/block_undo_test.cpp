// Block-level undo (State::begin_block / revert_block): a whole block of finalized transactions,
// touching every kind of state, is undone exactly, including the slots' original values and the
// accounts finalization deleted, so a block that fails verification leaves the state as it was.
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "exec/state.hpp"

namespace plexus::exec {
namespace {

Address addr(std::uint8_t b) { return Address::right_aligned(Bytes{b}); }
Bytes32 word(std::uint8_t b) { return Bytes32::right_aligned(Bytes{b}); }
Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

// Everything an account keeps past a transaction, as one comparable value.
std::string describe(const std::map<Address, Account>& accounts) {
  std::string out;
  for (const auto& [address, a] : accounts) {
    out += to_hex(address) + " n" + std::to_string(a.nonce) + " b" + a.balance.str() + " c" +
           to_hex(a.code) + " k" + std::to_string(static_cast<int>(a.code_kind));
    for (const auto& [key, slot] : a.storage)
      out += " s" + to_hex(key) + "=" + to_hex(slot.current) + "/" + to_hex(slot.original);
    for (const auto& [key, value] : a.data) out += " d" + to_hex(key) + "=" + to_hex(value);
    out += "\n";
  }
  return out;
}

struct Fixture {
  Fixture() {
    Account a;
    a.nonce = 1;
    a.balance = 100;
    a.storage[word(1)] = StorageSlot{word(5), word(5)};
    a.data[text("k")] = text("v");
    s.put_account(addr(0xa), a);
    s.put_account(addr(0xb), Account{});  // empty: deleted once touched (EIP-161)
    Account c;
    c.balance = 9;
    c.code = Bytes{0x00};
    c.code_kind = CodeKind::kEvm;
    s.put_account(addr(0xc), c);  // destructed in the block
  }
  // Two transactions that change every kind of state.
  void run_block() {
    s.set_balance(addr(0xa), 50);
    s.set_nonce(addr(0xa), 2);
    (void)s.set_storage(addr(0xa), word(1), Bytes32{});  // deleted slot: finalization erases it
    (void)s.set_storage(addr(0xa), word(2), word(7));
    s.set_data(addr(0xa), text("k"), std::nullopt);
    s.set_data(addr(0xa), text("k2"), text("w"));
    s.set_code(addr(0xd), Bytes{0x60, 0x00}, CodeKind::kEvm);  // a new account
    s.add_balance(addr(0xd), 3);
    s.touch(addr(0xb));
    (void)s.mark_destructed(addr(0xc));
    (void)s.finalize_transaction();
    (void)s.set_storage(addr(0xa), word(2), word(8));
    s.add_balance(addr(0xd), 1);
    s.set_data(addr(0xa), text("k2"), text("x"));
    (void)s.finalize_transaction();
  }
  State s;
};

TEST(BlockUndo, RevertBlockRestoresEverythingFinalizationChanged) {
  Fixture f;
  const std::string before = describe(f.s.accounts());
  f.s.begin_block();
  f.run_block();
  ASSERT_NE(describe(f.s.accounts()), before);
  ASSERT_EQ(f.s.find(addr(0xb)), nullptr);  // deleted by the block
  ASSERT_EQ(f.s.find(addr(0xc)), nullptr);
  const StateChanges taken = f.s.take_changes();
  EXPECT_FALSE(taken.accounts.empty());
  f.s.revert_block();
  EXPECT_EQ(describe(f.s.accounts()), before);
  const StateChanges after = f.s.take_changes();
  EXPECT_TRUE(after.accounts.empty());
  EXPECT_TRUE(after.slots.empty());
  EXPECT_TRUE(after.data.empty());
  EXPECT_TRUE(after.deleted.empty());
  // The next transaction classifies its writes against the restored originals.
  EXPECT_EQ(f.s.set_storage(addr(0xa), word(1), word(6)), StorageStatus::kModified);
  EXPECT_EQ(f.s.set_storage(addr(0xa), word(2), word(1)), StorageStatus::kAdded);
}

TEST(BlockUndo, EndBlockKeepsTheBlockAndAnOpenTransactionIsUndoneToo) {
  Fixture f;
  f.s.begin_block();
  f.run_block();
  const std::string after_block = describe(f.s.accounts());
  f.s.end_block();
  // Once ended, a later revert_block has nothing to undo for it.
  f.s.begin_block();
  f.s.add_balance(addr(0xa), 1);  // left open, as a transaction cut short
  f.s.revert_block();
  EXPECT_EQ(describe(f.s.accounts()), after_block);
}

// Stacked block journals (one per pending block): each level undoes exactly its own block,
// whatever was executed above or forgotten below it.
class BlockStack : public ::testing::Test {
 protected:
  BlockStack() {
    Account a;
    a.balance = 100;
    a.storage[word(1)] = StorageSlot{word(5), word(5)};
    a.data[text("k")] = text("v");
    s.put_account(addr(0xa), a);
    Account c;
    c.balance = 1;
    s.put_account(addr(0xc), c);
  }
  // Block `n` (1, 2, 3) changes a balance, a nonce, a slot and a VM data entry, creates account
  // 0xd0 + n, and block 2 also deletes 0xc (touched after its balance is gone).
  void run_block(std::uint8_t n) {
    s.begin_block();
    s.set_balance(addr(0xa), 100 - n);
    s.set_nonce(addr(0xa), n);
    (void)s.set_storage(addr(0xa), word(1), word(n));
    (void)s.set_storage(addr(0xa), word(0x10 + n), word(n));
    s.set_data(addr(0xa), text("k"), Bytes{'v', n});
    s.add_balance(addr(0xd0 + n), n);
    if (n == 2) {
      s.set_balance(addr(0xc), 0);
      s.touch(addr(0xc));
    }
    (void)s.finalize_transaction();
    (void)s.take_changes();
  }
  State s;
};

TEST_F(BlockStack, BlocksAreUndoneNewestFirstEachToItsOwnStart) {
  const std::string at0 = describe(s.accounts());
  run_block(1);
  const std::string at1 = describe(s.accounts());
  run_block(2);
  ASSERT_EQ(s.find(addr(0xc)), nullptr);
  const std::string at2 = describe(s.accounts());
  run_block(3);
  EXPECT_EQ(s.block_depth(), 3u);

  s.revert_block();
  EXPECT_EQ(describe(s.accounts()), at2);
  s.revert_block();
  EXPECT_EQ(describe(s.accounts()), at1);
  ASSERT_NE(s.find(addr(0xc)), nullptr);  // the deleted account is back
  // Another branch on block 1, then back to block 1 and to the start.
  run_block(3);
  EXPECT_NE(describe(s.accounts()), at1);
  s.revert_block();
  EXPECT_EQ(describe(s.accounts()), at1);
  s.revert_block();
  EXPECT_EQ(describe(s.accounts()), at0);
  EXPECT_EQ(s.block_depth(), 0u);
  // The originals are restored: a write classifies against the start's values.
  EXPECT_EQ(s.set_storage(addr(0xa), word(1), word(6)), StorageStatus::kModified);
}

TEST_F(BlockStack, ForgettingTheOldestKeepsItAndLeavesTheOthersRevertible) {
  run_block(1);
  const std::string at1 = describe(s.accounts());
  run_block(2);
  run_block(3);
  s.forget_oldest_block();  // block 1 is written
  EXPECT_EQ(s.block_depth(), 2u);
  s.revert_block();
  s.revert_block();
  EXPECT_EQ(describe(s.accounts()), at1);
  EXPECT_EQ(s.block_depth(), 0u);
  s.revert_block();  // nothing left to undo
  EXPECT_EQ(describe(s.accounts()), at1);
}

TEST_F(BlockStack, EndBlockForgetsEveryJournal) {
  run_block(1);
  run_block(2);
  const std::string at2 = describe(s.accounts());
  s.end_block();
  EXPECT_EQ(s.block_depth(), 0u);
  s.revert_block();
  EXPECT_EQ(describe(s.accounts()), at2);
}

}  // namespace
}  // namespace plexus::exec
