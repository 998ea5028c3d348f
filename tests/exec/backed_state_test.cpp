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
  std::optional<Bytes> load_data(const Address& a, const Bytes& key) const override {
    ++data_loads;
    const auto it = lazy_data.find({a, key});
    if (it == lazy_data.end()) return std::nullopt;
    return it->second;
  }
  std::map<Address, Account> accounts;
  std::map<std::pair<Address, Bytes>, Bytes> lazy_data;  // for accounts loaded with lazy_data
  mutable int loads = 0;
  mutable int data_loads = 0;
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

// An account loaded with lazy_data (a committed block's): each data key is read from the source
// once, present or absent, and writes and their undo see the stored value.
TEST(BackedState, ReadsLazyDataKeyByKeyOnce) {
  MapSource source;
  Account a;
  a.code_kind = CodeKind::kNone;  // a Move resource holder: nothing but data
  a.lazy_data = true;
  source.accounts[addr(0xa)] = a;
  source.lazy_data[{addr(0xa), Bytes{1}}] = Bytes{0x10};
  State s(&source);
  EXPECT_FALSE(s.find(addr(0xa))->is_empty()) << "stored data may keep it alive";
  ASSERT_NE(s.get_data(addr(0xa), Bytes{1}), nullptr);
  EXPECT_EQ(*s.get_data(addr(0xa), Bytes{1}), Bytes{0x10});
  EXPECT_EQ(s.get_data(addr(0xa), Bytes{2}), nullptr);
  EXPECT_EQ(s.get_data(addr(0xa), Bytes{2}), nullptr);
  EXPECT_EQ(source.data_loads, 2);

  const Snapshot snapshot = s.snapshot();
  s.set_data(addr(0xa), Bytes{3}, Bytes{0x30});  // not read yet: read before the write
  s.set_data(addr(0xa), Bytes{1}, std::nullopt);
  EXPECT_EQ(s.get_data(addr(0xa), Bytes{1}), nullptr) << "erased, not read again";
  EXPECT_EQ(source.data_loads, 3);
  s.revert(snapshot);
  EXPECT_EQ(*s.get_data(addr(0xa), Bytes{1}), Bytes{0x10});
  EXPECT_EQ(s.get_data(addr(0xa), Bytes{3}), nullptr);
  EXPECT_EQ(source.data_loads, 3);

  // An EVM account never holds data: lazy or not, it is empty by Ethereum's rule.
  Account evm;
  evm.code_kind = CodeKind::kEvm;
  evm.lazy_data = true;
  EXPECT_TRUE(evm.is_empty());
}

}  // namespace
}  // namespace plexus::exec
