// Importing blocks built by another node (SubnetChain::verify_block / import_block): a follower
// chain re-executes every block of a builder and ends identical to it, and refuses a block altered
// in any header field or any transaction, naming what is wrong and keeping no trace of it.
#include <gtest/gtest.h>

#include <functional>

#include "storage/memory_store.hpp"
#include "subnet_chain_fixture.hpp"
#include "transition/state_host.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture

class BlockImportTest : public SubnetChainTest {
 protected:
  void SetUp() override {
    builder_ = open();
    follower_ = SubnetChain::open(follower_store_, config()).value();
  }

  // Submits `txs` to the builder and makes one block of them.
  BlockRecord build(const std::vector<Bytes>& txs) {
    for (const Bytes& raw : txs) EXPECT_TRUE(builder_->submit(raw));
    auto block = builder_->produce_block(true).value();
    EXPECT_TRUE(block.has_value());
    return std::move(*block);
  }

  // What a rejected import must leave untouched.
  struct Trace {
    ChainHead head;
    std::size_t keys = 0;
    std::size_t pooled = 0;
    AccountRecord alice;
    Bytes32 slot;
  };
  Trace trace() const {
    return Trace{follower_->head(), follower_store_.size(), follower_->pending_count(),
                 follower_->account(alice_.address(), std::nullopt).value(),
                 follower_->storage(store_contract_, Bytes32{}, std::nullopt).value()};
  }
  void expect_unchanged(const Trace& before) const {
    const Trace after = trace();
    EXPECT_EQ(after.head.number, before.head.number);
    EXPECT_EQ(after.head.hash, before.head.hash);
    EXPECT_EQ(after.keys, before.keys);
    EXPECT_EQ(after.pooled, before.pooled);
    EXPECT_EQ(encode_account(after.alice), encode_account(before.alice));
    EXPECT_EQ(after.slot, before.slot);
  }

  // `tamper` alters a copy of `block`; the follower must refuse it with a message containing
  // `reason` and stay as it was.
  void expect_refused(const Block& block, const std::function<void(Block&)>& tamper,
                      std::string_view reason) {
    Block altered = block;
    tamper(altered);
    const Trace before = trace();
    const auto imported = follower_->import_block(altered);
    ASSERT_FALSE(imported) << "accepted a block altered for: " << reason;
    EXPECT_EQ(imported.error().code, Errc::kValidation);
    EXPECT_NE(imported.error().message.find(reason), std::string::npos)
        << "expected \"" << reason << "\" in: " << imported.error().message;
    expect_unchanged(before);
  }

  Bytes word(std::uint8_t value) const {
    Bytes w(32, 0);
    w[31] = value;
    return w;
  }

  kv::MemoryStore follower_store_;
  std::unique_ptr<SubnetChain> builder_;
  std::unique_ptr<SubnetChain> follower_;
  Address store_contract_;
};

TEST_F(BlockImportTest, AFollowerEndsIdenticalAndRefusesEveryAlteration) {
  // Block 1: a contract creation and a transfer. Block 2: a call that stores and logs, a call
  // that reverts, a transfer. Block 3: empty.
  const Bytes deploy = signed_tx(std::nullopt, 0, initcode_for(kStoreRuntime), 0, 200'000);
  store_contract_ = transition::create_address(alice_.address(), 0);
  const Bytes deploy_revert = signed_tx(std::nullopt, 0, initcode_for(kRevertRuntime), 1, 200'000);
  const Address revert_contract = transition::create_address(alice_.address(), 1);
  const BlockRecord b1 = build({deploy, deploy_revert, signed_tx(bob_.address(), 5, {}, 2)});
  ASSERT_EQ(b1.block.transactions.size(), 3u);
  const BlockRecord b2 =
      build({signed_tx(store_contract_, 0, word(42), 3), signed_tx(revert_contract, 0, {}, 4),
             signed_tx(bob_.address(), 7, {}, 5)});
  ASSERT_EQ(b2.receipts.size(), 3u);
  ASSERT_FALSE(b2.receipts[0].logs.empty());
  ASSERT_FALSE(b2.receipts[1].success);
  const BlockRecord b3 = build({});

  ASSERT_TRUE(follower_->import_block(b1.block));
  // A transaction of block 2 waits in the follower's pool, as a gossiped one would.
  ASSERT_TRUE(follower_->submit(b2.block.transactions[2]));

  const Block& b = b2.block;
  const std::vector<std::pair<std::function<void(Block&)>, std::string_view>> header_cases = {
      {[](Block& x) { x.header.parent_hash.bytes[0] ^= 1; }, "parent hash"},
      {[](Block& x) { x.header.ommers_hash.bytes[0] ^= 1; }, "ommers hash"},
      {[](Block& x) { x.header.coinbase[0] ^= 1; }, "coinbase"},
      {[](Block& x) { x.header.state_root.bytes[0] ^= 1; }, "state root"},
      {[](Block& x) { x.header.transactions_root.bytes[0] ^= 1; }, "transactions root"},
      {[](Block& x) { x.header.receipts_root.bytes[0] ^= 1; }, "receipts root"},
      {[](Block& x) { x.header.logs_bloom.bytes[0] ^= 1; }, "logs bloom"},
      {[](Block& x) { x.header.difficulty = 1; }, "difficulty"},
      {[](Block& x) { x.header.number += 1; }, "number"},
      {[](Block& x) { x.header.gas_limit -= 1; }, "gas limit"},
      {[](Block& x) { x.header.gas_used += 1; }, "gas used"},
      {[](Block& x) { x.header.gas_used = x.header.gas_limit + 1; }, "above the gas limit"},
      {[](Block& x) { x.header.timestamp -= 1; }, "timestamp"},
      {[](Block& x) { x.header.timestamp += 3600; }, "ahead"},
      {[](Block& x) { x.header.extra_data = Bytes(65, 1); }, "extra data of 65 bytes"},
      {[](Block& x) { x.header.extra_data = Bytes(31, 1); }, "has no senders digest"},
      // The digest of other senders than the transactions': caught once they are recovered.
      {[](Block& x) { x.header.extra_data.back() ^= 1; }, "senders digest"},
      {[](Block& x) { x.header.mix_hash.bytes[0] ^= 1; }, "prev_randao"},
      {[](Block& x) { x.header.nonce[7] = 1; }, "nonce"},
      {[](Block& x) { x.header.base_fee_per_gas = *x.header.base_fee_per_gas + uint256(1); },
       "base fee"},
      {[](Block& x) { x.header.withdrawals_root = Hash256{}; }, "withdrawals root"},
      {[](Block& x) { x.header.blob_gas_used = 131072; }, "blob gas used"},
      {[](Block& x) { x.header.excess_blob_gas = 1; }, "excess blob gas"},
      {[](Block& x) { x.header.parent_beacon_block_root->bytes[0] = 1; },
       "parent beacon block root"},
      {[](Block& x) { x.header.requests_hash = Hash256{}; }, "requests hash"},
      {[](Block& x) { x.withdrawals->push_back(Withdrawal{}); }, "withdrawals"},
  };
  for (const auto& [tamper, reason] : header_cases) expect_refused(b, tamper, reason);

  const std::vector<std::pair<std::function<void(Block&)>, std::string_view>> tx_cases = {
      // Dropped: the roots no longer match what was executed.
      {[](Block& x) { x.transactions.pop_back(); }, "gas used"},
      // Out of order: the sender's nonces no longer follow.
      {[](Block& x) { std::swap(x.transactions[0], x.transactions[1]); }, "NONCE"},
      // Twice: the second is a replay.
      {[](Block& x) { x.transactions.push_back(x.transactions[0]); }, "NONCE"},
      // A flipped byte in the signature: another signer, or none.
      {[](Block& x) { x.transactions[2].back() ^= 1; }, "transaction 2"},
      // Garbage instead of a transaction.
      {[](Block& x) {
         x.transactions[1] = Bytes{0x02, 0xc0};
       },
       "transaction 1"},
      // A valid transaction of someone else's that the header does not account for.
      {[this](Block& x) { x.transactions.push_back(signed_tx(bob_.address(), 1, {}, 6)); },
       "gas used"},
  };
  for (const auto& [tamper, reason] : tx_cases) expect_refused(b, tamper, reason);

  // After all that, the real blocks import and the two chains agree on everything.
  ASSERT_TRUE(follower_->import_block(b2.block)) << "block 2";
  EXPECT_EQ(follower_->pending_count(), 0u);  // its pooled copy left with the block
  ASSERT_TRUE(follower_->import_block(b3.block)) << "block 3";
  EXPECT_EQ(follower_->head().hash, builder_->head().hash);
  for (std::uint64_t n = 1; n <= 3; ++n) {
    const auto built = builder_->blocks().by_number(n).value().value();
    const auto imported = follower_->blocks().by_number(n).value().value();
    EXPECT_EQ(imported.receipts, built.receipts) << n;
    EXPECT_EQ(imported.meta, built.meta) << n;
  }
  EXPECT_EQ(follower_->storage(store_contract_, Bytes32{}, std::nullopt).value(),
            builder_->storage(store_contract_, Bytes32{}, std::nullopt).value());
  // The same block twice is no longer the next block.
  EXPECT_FALSE(follower_->import_block(b3.block));
}

TEST_F(BlockImportTest, ARestartedFollowerContinuesFromWhatItImported) {
  const BlockRecord b1 = build({signed_tx(bob_.address(), 1, {}, 0)});
  const BlockRecord b2 = build({signed_tx(bob_.address(), 2, {}, 1)});
  ASSERT_TRUE(follower_->import_block(b1.block));
  follower_.reset();
  follower_ = SubnetChain::open(follower_store_, config()).value();
  EXPECT_EQ(follower_->head().number, 1u);
  ASSERT_TRUE(follower_->import_block(b2.block));
  EXPECT_EQ(follower_->head().hash, builder_->head().hash);
  EXPECT_EQ(follower_->account(bob_.address(), std::nullopt)->balance, uint256(3));
}

TEST_F(BlockImportTest, ABlockFromAnotherChainIsRefused) {
  ChainConfig other = config();
  other.params.genesis().gas_limit = 20'000'000;
  kv::MemoryStore other_store;
  auto stranger = SubnetChain::open(other_store, other).value();
  ASSERT_TRUE(stranger->submit(signed_tx(bob_.address(), 1, {}, 0)));
  const auto block = stranger->produce_block(false).value();
  ASSERT_TRUE(block.has_value());
  const auto imported = follower_->import_block(block->block);
  ASSERT_FALSE(imported);
  EXPECT_NE(imported.error().message.find("parent hash"), std::string::npos)
      << imported.error().message;
}

// A governance upgrade this node does not implement stops it at the upgrade's height: it
// neither builds nor imports a block there, with a message naming the upgrade, and nothing of
// the refused block is kept; the blocks before it are unaffected.
TEST_F(BlockImportTest, AnUnknownUpgradeStopsTheChainAtItsHeight) {
  const BlockRecord b1 = build({});
  const BlockRecord b2 = build({});
  ChainParams halted = follower_->config().params.at(2);
  halted.unsupported_upgrade = "tokens-v2";
  ASSERT_TRUE(follower_->schedule_params(ParamsChange{2, halted}));
  ASSERT_TRUE(follower_->import_block(b1.block));
  const auto refused = follower_->import_block(b2.block);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kNotSupported);
  EXPECT_NE(refused.error().message.find("not supported: upgrade tokens-v2 (in force at block 2"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(follower_->heads().latest.number, 1u);
  const auto built = follower_->produce_block(true);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, Errc::kNotSupported);
  EXPECT_EQ(follower_->heads().latest.number, 1u);
}

}  // namespace
}  // namespace plexus::chain
