// The persistent world state across restarts: accounts are read back from the state trie through
// the address registry, whatever blocks created, changed, deleted or recreated them.
#include "chain/world_store.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "core/hex.hpp"
#include "storage/memory_store.hpp"
#include "transition/state_root.hpp"

namespace plexus::chain {
namespace {

using exec::State;

Address address(Byte tag) {
  Address a;
  a[0] = 0xa0;
  a[19] = tag;
  return a;
}

Bytes32 word(std::uint64_t v) {
  Bytes32 w;
  for (int i = 0; i < 8; ++i) w[31 - i] = static_cast<Byte>(v >> (8 * i));
  return w;
}

Bytes registry_key(const Address& a) { return kv::prefixed_key('A', a.view()); }

// One block: stage what the finalized transactions changed, write it.
Hash256 commit(WorldStore& world, State& state, kv::KvStore& store) {
  const auto changes = state.take_changes();
  auto batch = std::make_shared<kv::WriteBatch>();
  const Hash256 root = world.stage(state, changes, *batch).value();
  world.mark_staged(batch);
  EXPECT_TRUE(store.write(*batch, kv::Durability::kSync));
  world.mark_written();
  return root;
}

// Every field the node executes on, EVM storage as its non-zero current values.
void expect_same_accounts(const State& expected, const State& actual) {
  ASSERT_EQ(expected.accounts().size(), actual.accounts().size());
  for (const auto& [addr, want] : expected.accounts()) {
    const auto* got = actual.find(addr);
    ASSERT_NE(got, nullptr) << to_hex(addr);
    EXPECT_EQ(got->nonce, want.nonce);
    EXPECT_EQ(got->balance, want.balance);
    EXPECT_EQ(got->code, want.code);
    EXPECT_EQ(got->code_hash, want.code_hash);
    EXPECT_EQ(got->code_kind, want.code_kind);
    EXPECT_EQ(got->data, want.data);
    std::map<Bytes32, Bytes32> want_slots;
    for (const auto& [key, slot] : want.storage)
      if (!slot.current.is_zero()) want_slots.emplace(key, slot.current);
    std::map<Bytes32, Bytes32> got_slots;
    for (const auto& [key, slot] : got->storage) got_slots.emplace(key, slot.current);
    EXPECT_EQ(got_slots, want_slots) << to_hex(addr);
  }
}

class WorldStoreRestart : public ::testing::Test {
 protected:
  // Three blocks: accounts created (plain, contracts with storage and code, VM data), then
  // changed, deleted, deleted and recreated in one block, and created anew.
  void SetUp() override {
    const Bytes code{0x60, 0x00, 0x56};
    state_.set_balance(plain_, uint256(1000));
    state_.set_nonce(plain_, 3);
    state_.set_balance(contract_, uint256(1));
    state_.set_code(contract_, code);
    state_.set_storage(contract_, word(1), word(11));
    state_.set_storage(contract_, word(2), word(22));
    state_.set_nonce(doomed_, 1);
    state_.set_code(doomed_, Bytes{0x00});
    state_.set_storage(doomed_, word(5), word(55));
    state_.set_data(doomed_, exec::data_key(exec::Namespace::kWasm, Bytes{1}), Bytes{9});
    state_.set_nonce(reborn_, 1);
    state_.set_storage(reborn_, word(7), word(77));
    state_.set_data(vm_, exec::data_key(exec::Namespace::kMoveResource, Bytes{2, 3}), Bytes{4});
    state_.finalize_transaction();
    roots_.push_back(commit(world_, state_, store_));

    state_.sub_balance(plain_, uint256(400));
    state_.set_balance(fresh_, uint256(400));
    state_.set_storage(contract_, word(1), word(12));
    state_.set_storage(contract_, word(2), Bytes32{});
    state_.set_storage(contract_, word(3), word(33));
    state_.set_data(vm_, exec::data_key(exec::Namespace::kMoveResource, Bytes{2, 3}), std::nullopt);
    state_.set_data(vm_, exec::data_key(exec::Namespace::kMoveResource, Bytes{5}), Bytes{6});
    state_.mark_destructed(doomed_);
    state_.mark_destructed(reborn_);
    state_.finalize_transaction();
    state_.set_nonce(reborn_, 2);
    state_.set_storage(reborn_, word(8), word(88));
    state_.finalize_transaction();
    roots_.push_back(commit(world_, state_, store_));

    state_.add_balance(fresh_, uint256(1));
    state_.set_nonce(plain_, 4);
    state_.finalize_transaction();
    roots_.push_back(commit(world_, state_, store_));
  }

  kv::MemoryStore store_;
  WorldStore world_{store_};
  State state_;
  std::vector<Hash256> roots_;
  const Address plain_ = address(1), contract_ = address(2), doomed_ = address(3),
                reborn_ = address(4), vm_ = address(5), fresh_ = address(6);
};

TEST_F(WorldStoreRestart, ReloadsEveryAccountAndTheStateRoot) {
  ASSERT_EQ(state_.find(doomed_), nullptr);
  ASSERT_EQ(state_.get_storage(reborn_, word(7)), Bytes32{});
  EXPECT_EQ(transition::state_root(state_), roots_.back());

  // The restarted node gets a copy of the store, so the two can go on side by side.
  kv::MemoryStore copy;
  for (auto c = store_.scan({}); c->valid(); c->next()) ASSERT_TRUE(copy.put(c->key(), c->value()));
  WorldStore reopened(copy);
  State loaded;
  ASSERT_TRUE(reopened.load(loaded, roots_.back()));
  expect_same_accounts(state_, loaded);
  EXPECT_EQ(transition::state_root(loaded), roots_.back());
  // The deleted account left the registry; the recreated one stayed.
  EXPECT_FALSE(copy.get(registry_key(doomed_)).value());
  EXPECT_TRUE(copy.get(registry_key(reborn_)).value());

  // The next block gives the same root whether or not the node restarted in between (the
  // reloaded store knows each account's committed storage root), and registers the account
  // created again.
  for (State* s : {&state_, &loaded}) {
    s->set_storage(contract_, word(3), word(34));
    s->add_balance(doomed_, uint256(5));
    s->finalize_transaction();
  }
  EXPECT_EQ(commit(reopened, loaded, copy), commit(world_, state_, store_));
  EXPECT_TRUE(copy.get(registry_key(doomed_)).value());
  State again;
  ASSERT_TRUE(WorldStore(copy).load(again, transition::state_root(loaded)));
  expect_same_accounts(state_, again);
}

TEST_F(WorldStoreRestart, RefusesTheFormerLayout) {
  ASSERT_TRUE(store_.put(kv::prefixed_key('a', plain_.view()), Bytes{0xc0}));
  WorldStore reopened(store_);
  State loaded;
  const auto result = reopened.load(loaded, roots_.back());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kNotSupported);
  EXPECT_NE(result.error().message.find("former layout"), std::string::npos);
}

TEST_F(WorldStoreRestart, RegistryAndTrieMustAgree) {
  {
    ASSERT_TRUE(store_.erase(registry_key(fresh_)));  // an account the registry lacks
    WorldStore reopened(store_);
    State loaded;
    const auto result = reopened.load(loaded, roots_.back());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kCorruption);
  }
  {
    ASSERT_TRUE(store_.put(registry_key(fresh_), {}));
    ASSERT_TRUE(store_.put(registry_key(doomed_), {}));  // a registered account the trie lacks
    WorldStore reopened(store_);
    State loaded;
    const auto result = reopened.load(loaded, roots_.back());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kCorruption);
  }
}

// Reads at committed roots keep the accounts (absent ones too) and slots they found under the
// root: asked again, each root answers its own values from the caches without walking the tries.
TEST_F(WorldStoreRestart, ReadsAtEachRootAnswerThatRootsValuesAgainFromTheCaches) {
  struct Expected {
    std::optional<std::uint64_t> plain_balance, fresh_balance;
    bool doomed;
    Bytes32 slot1, slot2;
  };
  const std::vector<Expected> expected{
      {1000, std::nullopt, true, word(11), word(22)},
      {600, 400, false, word(12), Bytes32{}},
      {600, 401, false, word(12), Bytes32{}},
  };
  const auto read_all = [&](std::size_t r) {
    const Hash256& root = roots_[r];
    const auto plain = world_.account_at(root, plain_).value();
    const auto fresh = world_.account_at(root, fresh_).value();
    ASSERT_EQ(plain.has_value(), expected[r].plain_balance.has_value()) << r;
    if (plain) {
      EXPECT_EQ(plain->balance, uint256(*expected[r].plain_balance)) << r;
    }
    EXPECT_EQ(plain->nonce, r == 2 ? 4U : 3U) << r;
    ASSERT_EQ(fresh.has_value(), expected[r].fresh_balance.has_value()) << r;
    if (fresh) {
      EXPECT_EQ(fresh->balance, uint256(*expected[r].fresh_balance)) << r;
    }
    EXPECT_EQ(world_.account_at(root, doomed_).value().has_value(), expected[r].doomed) << r;
    EXPECT_EQ(world_.storage_at(root, contract_, word(1)).value(), expected[r].slot1) << r;
    EXPECT_EQ(world_.storage_at(root, contract_, word(2)).value(), expected[r].slot2) << r;
  };
  for (std::size_t r = 0; r < roots_.size(); ++r) read_all(r);
  const auto nodes = world_.committed_nodes();
  const auto accounts = world_.committed_accounts();
  const auto slots = world_.committed_slots();
  EXPECT_EQ(accounts.entries, 3U * 4U);  // plain, fresh, doomed, contract at three roots
  for (std::size_t r = roots_.size(); r-- > 0;) read_all(r);
  EXPECT_EQ(world_.committed_nodes().misses, nodes.misses) << "no trie node was needed again";
  EXPECT_EQ(world_.committed_nodes().hits, nodes.hits) << "no trie was walked again";
  EXPECT_EQ(world_.committed_accounts().hits, accounts.hits + 3U * 5U);
  EXPECT_EQ(world_.committed_slots().hits, slots.hits + 3U * 2U);
}

}  // namespace
}  // namespace plexus::chain
