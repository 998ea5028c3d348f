// The journal: every kind of change made after a snapshot is undone by revert, nested snapshots
// revert independently, and end-of-transaction rules apply.
#include <gtest/gtest.h>

#include "state_test_helpers.hpp"
#include "exec/state.hpp"

namespace plexus::transition {
namespace {

using testing::addr;
using testing::word;

exec::State funded_state() {
  exec::State s;
  exec::Account a;
  a.nonce = 1;
  a.balance = 1000;
  a.storage[word(1)] = {word(5), word(5)};
  s.put_account(addr(1), std::move(a));
  return s;
}

TEST(Journal, RevertUndoesEveryKindOfChange) {
  exec::State s = funded_state();
  const exec::Snapshot snap = s.snapshot();

  s.add_balance(addr(1), 7);
  s.set_nonce(addr(1), 9);
  s.set_storage(addr(1), word(1), word(6));
  s.set_storage(addr(1), word(2), word(3));
  s.set_transient_storage(addr(1), word(4), word(8));
  s.touch(addr(2));  // creates
  s.set_code(addr(2), Bytes{0x60, 0x00});
  s.mark_just_created(addr(2));
  s.mark_destructed(addr(1));
  EXPECT_EQ(s.access_account(addr(3)), exec::AccessStatus::kCold);
  EXPECT_EQ(s.access_account(addr(3)), exec::AccessStatus::kWarm);
  EXPECT_EQ(s.access_storage(addr(1), word(1)), exec::AccessStatus::kCold);
  s.add_log(exec::Log{addr(1), {word(1)}, Bytes{1, 2}});

  s.revert(snap);
  const exec::Account* a = s.find(addr(1));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->balance, 1000);
  EXPECT_EQ(a->nonce, 1u);
  EXPECT_FALSE(a->destructed);
  EXPECT_EQ(s.get_storage(addr(1), word(1)), word(5));
  EXPECT_EQ(s.get_storage(addr(1), word(2)), word(0));
  EXPECT_EQ(s.get_transient_storage(addr(1), word(4)), word(0));
  EXPECT_EQ(s.find(addr(2)), nullptr);
  EXPECT_EQ(s.access_account(addr(3)), exec::AccessStatus::kCold);
  EXPECT_EQ(s.access_storage(addr(1), word(1)), exec::AccessStatus::kCold);
  EXPECT_TRUE(s.logs().empty());
}

TEST(Journal, NestedSnapshotsRevertIndependently) {
  exec::State s = funded_state();
  s.set_storage(addr(1), word(1), word(10));
  const exec::Snapshot outer = s.snapshot();
  s.set_storage(addr(1), word(1), word(11));
  s.add_log(exec::Log{addr(1), {}, {}});
  const exec::Snapshot inner = s.snapshot();
  s.set_storage(addr(1), word(1), word(12));
  s.sub_balance(addr(1), 1);
  s.add_log(exec::Log{addr(1), {}, {}});

  s.revert(inner);
  EXPECT_EQ(s.get_storage(addr(1), word(1)), word(11));
  EXPECT_EQ(s.find(addr(1))->balance, 1000);
  EXPECT_EQ(s.logs().size(), 1u);

  s.revert(outer);
  EXPECT_EQ(s.get_storage(addr(1), word(1)), word(10));
  EXPECT_TRUE(s.logs().empty());
}

TEST(Journal, RevertRestoresPrefundedAccountOverwrittenByCreate) {
  exec::State s;
  exec::Account prefunded;
  prefunded.balance = 5;
  s.put_account(addr(7), prefunded);
  const exec::Snapshot snap = s.snapshot();
  s.get_or_create(addr(7));
  s.set_nonce(addr(7), 1);
  s.mark_just_created(addr(7));
  s.set_code(addr(7), Bytes{0x00});
  s.revert(snap);
  const exec::Account* a = s.find(addr(7));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->balance, 5);
  EXPECT_EQ(a->nonce, 0u);
  EXPECT_TRUE(a->code.empty());
  EXPECT_EQ(a->code_hash, kEmptyKeccak);
  EXPECT_FALSE(a->just_created);
}

TEST(Journal, StorageStatusUsesValueAtTransactionStart) {
  exec::State s = funded_state();  // slot 1 holds 5 originally
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(5)), exec::StorageStatus::kAssigned);
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(0)), exec::StorageStatus::kDeleted);
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(5)), exec::StorageStatus::kDeletedRestored);
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(6)), exec::StorageStatus::kModified);
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(0)), exec::StorageStatus::kModifiedDeleted);
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(7)), exec::StorageStatus::kDeletedAdded);
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(5)), exec::StorageStatus::kModifiedRestored);
  EXPECT_EQ(s.set_storage(addr(1), word(2), word(1)), exec::StorageStatus::kAdded);
  EXPECT_EQ(s.set_storage(addr(1), word(2), word(2)), exec::StorageStatus::kAssigned);
  EXPECT_EQ(s.set_storage(addr(1), word(2), word(0)), exec::StorageStatus::kAddedDeleted);

  // The next transaction sees this one's final values as original.
  s.set_storage(addr(1), word(1), word(9));
  (void)s.finalize_transaction();
  EXPECT_EQ(s.set_storage(addr(1), word(1), word(0)), exec::StorageStatus::kDeleted);
}

TEST(Journal, FinalizeDeletesDestructedAndTouchedEmptyAccounts) {
  exec::State s = funded_state();
  s.touch(addr(2));                   // empty and touched: deleted
  s.touch(addr(3));
  s.add_balance(addr(3), 1);          // touched but not empty: kept
  s.mark_destructed(addr(1));         // destructed: deleted
  exec::Account untouched_empty;
  s.put_account(addr(4), untouched_empty);  // empty but never touched: kept
  s.set_transient_storage(addr(3), word(1), word(1));
  s.add_log(exec::Log{addr(3), {}, {}});

  const std::vector<exec::Log> logs = s.finalize_transaction();
  EXPECT_EQ(logs.size(), 1u);
  EXPECT_EQ(s.find(addr(1)), nullptr);
  EXPECT_EQ(s.find(addr(2)), nullptr);
  ASSERT_NE(s.find(addr(3)), nullptr);
  EXPECT_FALSE(s.find(addr(3))->touched);
  EXPECT_EQ(s.get_transient_storage(addr(3), word(1)), word(0));
  EXPECT_NE(s.find(addr(4)), nullptr);
  EXPECT_TRUE(s.logs().empty());
  // Access sets start cold again.
  EXPECT_EQ(s.access_account(addr(3)), exec::AccessStatus::kCold);
}

TEST(Journal, RevertedTouchDoesNotDeleteAccount) {
  exec::State s;
  exec::Account empty;
  s.put_account(addr(5), empty);
  const exec::Snapshot snap = s.snapshot();
  s.touch(addr(5));
  s.revert(snap);
  (void)s.finalize_transaction();
  EXPECT_NE(s.find(addr(5)), nullptr);
}

}  // namespace
}  // namespace plexus::transition
