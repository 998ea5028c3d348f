// A state backed by an AccountSource (State(const AccountSource*)): what calls on the head's state
// run on while pending blocks run the live state ahead. It loads an account on first access,
// remembers an absent one, and journals and undoes changes as any state does.
#include <gtest/gtest.h>

#include "exec/state.hpp"

namespace plexus::exec {
namespace {

Address addr(std::uint8_t b) { return Address::right_aligned(Bytes{b}); }
Bytes32 word(std::uint8_t b) { return Bytes32::right_aligned(Bytes{b}); }

class MapSource final : public AccountSource {
 public:
  std::optional<Account> load(const Address& a) const override {
    ++loads;
    const auto it = accounts.find(a);
    if (it == accounts.end()) return std::nullopt;
    return it->second;
  }
  std::map<Address, Account> accounts;
  mutable int loads = 0;
};

TEST(BackedState, LoadsAccountsOnFirstAccessAndRemembersAbsentOnes) {
  MapSource source;
  Account a;
  a.balance = 7;
  a.storage[word(1)] = StorageSlot{word(2), word(2)};
  a.data[Bytes{0x6b}] = Bytes{0x76};
  source.accounts[addr(0xa)] = a;
  State s(&source);
  EXPECT_TRUE(s.accounts().empty());
  EXPECT_EQ(s.get_storage(addr(0xa), word(1)), word(2));
  EXPECT_EQ(*s.get_data(addr(0xa), Bytes{0x6b}), Bytes{0x76});
  EXPECT_EQ(s.find(addr(0xa))->balance, uint256(7));
  EXPECT_EQ(source.loads, 1);
  EXPECT_EQ(s.find(addr(0xb)), nullptr);
  EXPECT_EQ(s.find(addr(0xb)), nullptr);
  EXPECT_EQ(source.loads, 2);

  // Changes to a loaded account and a created one are journaled and undone.
  const Snapshot snapshot = s.snapshot();
  s.add_balance(addr(0xa), 3);
  s.add_balance(addr(0xb), 1);
  EXPECT_EQ(s.find(addr(0xa))->balance, uint256(10));
  s.revert(snapshot);
  EXPECT_EQ(s.find(addr(0xa))->balance, uint256(7));
  EXPECT_EQ(s.find(addr(0xb)), nullptr);
  EXPECT_EQ(source.loads, 2);
}

}  // namespace
}  // namespace plexus::exec
