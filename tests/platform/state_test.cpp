// Blocks: all or nothing, headers, nonces, restart, determinism, proofs.
#include "core/hash.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

// Genesis: validator 1 and subnet "evm" validated by it; blocks 1..3 then move PLX around, add
// validator 2 and a second subnet.
std::vector<PlatformBlock> scenario_blocks(const PlatformState& genesis_state) {
  std::vector<PlatformBlock> blocks;
  Hash256 parent = genesis_state.head_hash();
  const auto add = [&](std::vector<SignedOperation> ops) {
    PlatformBlock block{blocks.size() + 1, parent, 2000 + blocks.size(), std::move(ops), {}};
    parent = block.hash();
    blocks.push_back(std::move(block));
  };
  add({sign(Transfer{addr(9), plx(5)}, {3}, 0), sign(Transfer{addr(8), plx(1)}, {3}, 1)});
  add({sign(validator_op(2, 2001), {2}, 0), sign(subnet_spec("move", 9), {1}, 3)});
  add({sign(AddSubnetValidator{"move", addr(2), 50}, {1}, 4), sign(Transfer{addr(3), 1}, {9}, 0)});
  return blocks;
}

// A memory store whose writes fail while `failing` is set, as a full disk would.
class FailingStore final : public kv::KvStore {
 public:
  Result<std::optional<Bytes>> get(BytesView key) const override { return inner.get(key); }
  std::unique_ptr<kv::Cursor> scan(BytesView prefix) const override { return inner.scan(prefix); }
  Result<void> write(const kv::WriteBatch& batch, kv::Durability durability) override {
    if (failing) return fail(Errc::kIo, "disk full");
    return inner.write(batch, durability);
  }
  std::unique_ptr<kv::ReadView> snapshot() const override { return inner.snapshot(); }

  kv::MemoryStore inner;
  bool failing = false;
};

class BlocksTest : public StateTest {
 protected:
  void SetUp() override {
    CreateSubnet evm = subnet_spec("evm", 31337);
    evm.owners = {addr(1)};
    genesis_.operations = {sign(validator_op(1), {1}, 0), sign(evm, {1}, 1),
                           sign(AddSubnetValidator{"evm", addr(1), 100}, {1}, 2)};
    open();
  }
};

TEST_F(BlocksTest, GenesisIsBlockZero) {
  EXPECT_EQ(state_->height(), 0u);
  EXPECT_EQ(state_->root_at(0).value(), state_->root());
  EXPECT_NE(state_->root(), kEmptyTrieRoot);
  EXPECT_EQ(state_->account(addr(1)).nonce, 3u);
  EXPECT_EQ(state_->account(addr(1)).balance, plx(8000) - fees(3));
  EXPECT_EQ(state_->block_at(0).value().ops, genesis_.operations);
  EXPECT_EQ(state_->height_of(state_->head_hash()).value(), 0u);
  // The genesis hash depends on the balances, which are not operations.
  kv::MemoryStore other_store;
  PlatformGenesis other = genesis_;
  other.balances[0].second += 1;
  EXPECT_NE(PlatformState::open(other_store, other).value()->head_hash(), state_->head_hash());
}

TEST_F(BlocksTest, OneBadOperationInTheMiddleLeavesNoTrace) {
  const auto before = dump(store_);
  const Hash256 root = state_->root();
  const auto refused =
      apply({sign(Transfer{addr(9), plx(1)}, {2}, 0), sign(Transfer{addr(9), plx(1)}, {3}, 5),
             sign(Transfer{addr(9), plx(1)}, {4}, 0)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "block 1, op 1: platform: nonce 5, expected 0");
  EXPECT_EQ(state_->root(), root);
  EXPECT_EQ(state_->height(), 0u);
  EXPECT_EQ(state_->account(addr(2)).balance, plx(10'000));
  EXPECT_EQ(state_->account(addr(2)).nonce, 0u);
  EXPECT_EQ(state_->data().totals, (Totals{fees(3), 0}));
  EXPECT_EQ(state_->account(addr(9)).balance, uint256(0));
  EXPECT_EQ(dump(store_), before);
  // The same height is still free: the block without the bad operation applies.
  const Hash256 next =
      apply({sign(Transfer{addr(9), plx(1)}, {2}, 0), sign(Transfer{addr(9), plx(1)}, {4}, 0)})
          .value();
  EXPECT_EQ(state_->height(), 1u);
  EXPECT_NE(next, root);
  EXPECT_EQ(state_->account(addr(9)).balance, plx(2));
}

TEST_F(BlocksTest, AFailedWriteLeavesTheStateAtItsLastBlock) {
  FailingStore store;
  auto state = PlatformState::open(store, genesis_, test_config()).value();
  const PlatformBlock block = scenario_blocks(*state)[0];
  const Hash256 root = state->root();
  store.failing = true;
  EXPECT_EQ(outcome(state->apply_block(block)), "disk full");
  EXPECT_EQ(state->root(), root);
  EXPECT_EQ(state->height(), 0u);
  EXPECT_EQ(state->account(addr(9)).balance, uint256(0));
  // The same block applies once the disk is back, to the root an untroubled state reaches.
  store.failing = false;
  EXPECT_EQ(state->apply_block(block).value(), state_->apply_block(block).value());
  EXPECT_EQ(state->account(addr(9)).balance, plx(5));
}

TEST_F(BlocksTest, NoncesCountWithinABlock) {
  ASSERT_TRUE(
      apply({sign(Transfer{addr(9), plx(1)}, {2}, 0), sign(Transfer{addr(9), plx(1)}, {2}, 1),
             sign(Transfer{addr(9), plx(1)}, {2}, 2)}));
  EXPECT_EQ(state_->account(addr(2)).nonce, 3u);
  const auto refused =
      apply({sign(Transfer{addr(9), plx(1)}, {2}, 3), sign(Transfer{addr(9), plx(1)}, {2}, 3)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "block 2, op 1: platform: nonce 3, expected 4");
}

TEST_F(BlocksTest, HeadersMustFollowTheHead) {
  PlatformBlock block = next_block({});
  block.height = 2;
  EXPECT_EQ(outcome(state_->apply_block(block)), "platform block 2: expected height 1");
  block = next_block({});
  block.parent_hash[0] ^= 1;
  EXPECT_EQ(outcome(state_->apply_block(block)), "platform block 1: its parent is not the head");
  block = next_block({});
  block.timestamp = 999;
  EXPECT_EQ(outcome(state_->apply_block(block)),
            "platform block 1: timestamp 999 is before its parent's 1000");
  PlatformConfig small = test_config();
  small.max_block_operations = 1;
  open_new(small);
  EXPECT_EQ(
      outcome(apply({sign(Transfer{addr(9), 1}, {2}, 0), sign(Transfer{addr(9), 1}, {3}, 0)})),
      "platform block 1: more than 1 operations");
  // A signer bitset must fit the primary set at the parent (here: validator 1 alone).
  block = next_block({});
  block.uptime.signers = Bytes{1, 0};
  EXPECT_EQ(outcome(state_->apply_block(block)),
            "platform block 1: signer bitset of 2 bytes for 1 validators (expected 1)");
  block.uptime.signers = Bytes{2};
  EXPECT_EQ(outcome(state_->apply_block(block)),
            "platform block 1: signer bitset names validator 1 of 1");
  // An empty block is a block: the height moves, the root does not.
  const Hash256 root = state_->root();
  EXPECT_EQ(apply({}).value(), root);
  EXPECT_EQ(state_->height(), 1u);
}

TEST_F(BlocksTest, ReopeningResumesAtTheLastBlock) {
  std::vector<Hash256> roots{state_->root()};
  for (const PlatformBlock& block : scenario_blocks(*state_))
    roots.push_back(state_->apply_block(block).value());
  const PlatformData data = state_->data();
  const Hash256 head = state_->head_hash();
  state_.reset();

  open();
  EXPECT_EQ(state_->height(), 3u);
  EXPECT_EQ(state_->head_hash(), head);
  EXPECT_EQ(state_->head_timestamp(), 2002u);
  EXPECT_EQ(state_->root(), roots.back());
  EXPECT_EQ(state_->data().accounts, data.accounts);
  EXPECT_EQ(state_->data().validators, data.validators);
  EXPECT_EQ(state_->data().subnets, data.subnets);
  EXPECT_TRUE(state_->data() == data);
  for (std::uint64_t h = 0; h <= 3; ++h) EXPECT_EQ(state_->root_at(h).value(), roots[h]);
  EXPECT_EQ(state_->validator_set("move", 3).value(), (ValidatorSet{{addr(2), 50, bls_key(2)}}));
  EXPECT_FALSE(state_->validator_set("move", 1));
  // And it goes on from there.
  EXPECT_TRUE(apply({sign(Transfer{addr(9), 1}, {4}, 0)}));

  PlatformGenesis other = genesis_;
  other.network_id = 9;
  const auto foreign = PlatformState::open(store_, other);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().message, "platform: the data directory belongs to network 1337");
}

TEST(PlatformStateOpen, RefusesTheRegistryOfAnOlderFormat) {
  kv::MemoryStore store;
  ASSERT_TRUE(store.put(Bytes{'g'}, Bytes{0x05, 0x39}));  // network id 1337, minimally encoded
  const auto opened = PlatformState::open(store, test_genesis());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "platform: the data directory holds a platform registry of an older format; start "
            "from an empty one");
}

TEST_F(BlocksTest, TwoStatesApplyingTheSameBlocksReachTheSameRoots) {
  kv::MemoryStore other_store;
  auto other = PlatformState::open(other_store, genesis_, test_config()).value();
  EXPECT_EQ(other->root(), state_->root());
  for (const PlatformBlock& block : scenario_blocks(*state_)) {
    const Hash256 root = state_->apply_block(block).value();
    EXPECT_EQ(other->apply_block(block).value(), root);
    EXPECT_EQ(other->head_hash(), state_->head_hash());
  }
  EXPECT_EQ(dump(other_store), dump(store_));
  // A different block gives a different root.
  kv::MemoryStore third_store;
  auto third = PlatformState::open(third_store, genesis_, test_config()).value();
  PlatformBlock block = scenario_blocks(*third)[0];
  block.ops.pop_back();
  EXPECT_NE(third->apply_block(block).value(), state_->root_at(1).value());
}

TEST_F(BlocksTest, ProofsOfAccountsAndValidatorsNowAndEarlier) {
  for (const PlatformBlock& block : scenario_blocks(*state_))
    ASSERT_TRUE(state_->apply_block(block));
  const auto proven = [&](const StateProof& proof) {
    return verify_proof(proof.root, proof.key, proof.nodes, true).value();
  };
  const Bytes account = account_key(addr(9));
  const StateProof now = state_->prove(account).value();
  EXPECT_EQ(now.root, state_->root());
  EXPECT_EQ(proven(now), encode_record(state_->data(), account));
  const StateProof at_genesis = state_->prove(account, 0).value();
  EXPECT_EQ(at_genesis.root, state_->root_at(0).value());
  EXPECT_EQ(proven(at_genesis), std::nullopt);  // account 9 had nothing yet
  const Bytes validator = validator_key(addr(2));
  EXPECT_EQ(proven(state_->prove(validator).value()), encode_record(state_->data(), validator));
  EXPECT_EQ(proven(state_->prove(validator, 1).value()), std::nullopt);
  // A proof does not verify against another root.
  EXPECT_FALSE(verify_proof(state_->root_at(1).value(), account, now.nodes, true));
}

TEST_F(BlocksTest, TheStoreKeepsTheParametersItWasCreatedWith) {
  // Block 0's hash commits to the parameters.
  PlatformConfig other = test_config();
  other.reward_rate_bps = 1;
  kv::MemoryStore other_store;
  EXPECT_NE(PlatformState::open(other_store, genesis_, other).value()->head_hash(),
            state_->head_hash());
  // A reopened store runs with its stored parameters, whatever open is given.
  state_.reset();
  open(other);
  EXPECT_EQ(state_->config().reward_rate_bps, test_config().reward_rate_bps);
  // The genesis's parameters win over the config's when a store is created.
  PlatformGenesis with_params = genesis_;
  with_params.params = other;
  kv::MemoryStore third;
  EXPECT_EQ(
      PlatformState::open(third, with_params, test_config()).value()->config().reward_rate_bps, 1u);
  EXPECT_EQ(decode_params(encode_params(other)).value(), static_cast<PlatformParams>(other));
}

}  // namespace
}  // namespace plexus::platform::testing
