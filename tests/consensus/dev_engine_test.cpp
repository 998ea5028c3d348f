#include "consensus/dev_engine.hpp"
#include "consensus/engine.hpp"

#include <gtest/gtest.h>

#include <condition_variable>

#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus {
namespace {

using namespace std::chrono_literals;

class BlockLog {
 public:
  void add(const chain::BlockRecord& block) {
    std::lock_guard lock(mutex_);
    numbers_.push_back(block.block.header.number);
    cv_.notify_all();
  }
  // Waits (bounded, so a broken engine fails instead of hanging) for `count` blocks.
  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 10s, [&] { return numbers_.size() >= count; });
  }
  std::vector<std::uint64_t> numbers() {
    std::lock_guard lock(mutex_);
    return numbers_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::uint64_t> numbers_;
};

struct Fixture {
  Fixture() : key(secp256k1::PrivateKey::from_seed(from_hex("01").value())) {
    chain::ChainConfig config;
    config.alloc = {{key.address(), uint256(1'000'000'000'000'000'000ULL)}};
    chain = chain::SubnetChain::open(store, config).value();
  }
  Bytes transfer(std::uint64_t nonce) const {
    return testing::signed_transfer(key, nonce, Address{});
  }
  // The dev engine over this chain, reporting accepted blocks to `log`.
  std::unique_ptr<Engine> engine(BlockLog& log, EngineConfig config = {}) {
    source = std::make_unique<SubnetBlockSource>(*chain);
    return make_engine(platform::ConsensusKind::kDev,
                       EngineContext{.blocks = *source,
                                     .clock = clock,
                                     .on_accepted =
                                         [&log](const chain::BlockRecord& b) { log.add(b); },
                                     .on_finalized =
                                         [this](const chain::ChainHead& head) {
                                           std::lock_guard lock(finalized_mutex);
                                           finalized.push_back(head.number);
                                         },
                                     .on_fatal = [](const Error&) { FAIL() << "fatal"; },
                                     .outbox = nullptr},
                       config)
        .value();
  }
  kv::MemoryStore store;
  secp256k1::PrivateKey key;
  std::unique_ptr<chain::SubnetChain> chain;
  SystemClock clock;
  std::unique_ptr<SubnetBlockSource> source;
  std::mutex finalized_mutex;
  std::vector<std::uint64_t> finalized;
};

TEST(DevEngine, InstantModeMinesWhatArrives) {
  Fixture f;
  BlockLog blocks;
  auto engine = f.engine(blocks);
  engine->start();
  for (std::uint64_t nonce = 0; nonce < 5; ++nonce) {
    ASSERT_TRUE(f.chain->submit(f.transfer(nonce)));
    engine->on_transaction();
  }
  ASSERT_TRUE(blocks.wait_for(1));
  // Every transaction lands, in one or more blocks, and no empty block is made.
  for (int i = 0; i < 1000 && f.chain->pending_count() > 0; ++i) std::this_thread::sleep_for(5ms);
  engine->stop();
  EXPECT_EQ(f.chain->pending_count(), 0u);
  EXPECT_EQ(f.chain->account(f.key.address(), std::nullopt)->nonce, 5u);
  EXPECT_EQ(blocks.numbers().size(), f.chain->head().number);
  // Under the dev engine every block is final once written, and the chain's heads say so.
  const chain::ChainHeads heads = f.chain->heads();
  EXPECT_EQ(heads.finalized.number, heads.latest.number);
  EXPECT_EQ(heads.finalized.hash, heads.latest.hash);
  EXPECT_EQ(heads.safe.number, heads.latest.number);
  std::lock_guard lock(f.finalized_mutex);
  EXPECT_EQ(f.finalized, blocks.numbers());
}

TEST(DevEngine, MineNowMakesAnEmptyBlockInOrder) {
  Fixture f;
  BlockLog blocks;
  auto engine = f.engine(blocks);
  EXPECT_FALSE(engine->mine_now());  // not started
  engine->start();
  ASSERT_TRUE(engine->mine_now());
  ASSERT_TRUE(engine->mine_now());
  EXPECT_EQ(blocks.numbers(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(f.chain->heads().finalized.number, 2u);
  engine->stop();
  EXPECT_FALSE(engine->mine_now());
}

TEST(DevEngine, IntervalModeMakesEmptyBlocks) {
  Fixture f;
  BlockLog blocks;
  auto engine = f.engine(blocks, {.block_time = 10ms, .min_gap = EngineConfig{}.min_gap, .block_tag = {}});
  engine->start();
  ASSERT_TRUE(blocks.wait_for(3));
  engine->stop();
  const auto numbers = blocks.numbers();
  EXPECT_EQ(numbers[0], 1u);
  EXPECT_EQ(numbers[2], 3u);
}

TEST(Engines, EnginesThatNeedTheValidatorSetAreNotMadeByMakeEngine) {
  Fixture f;
  SubnetBlockSource source(*f.chain);
  EXPECT_TRUE(check_engine_kind(platform::ConsensusKind::kSnowman));
  EXPECT_FALSE(check_engine_kind(static_cast<platform::ConsensusKind>(7)));
  auto engine = make_engine(platform::ConsensusKind::kSnowman,
                            EngineContext{.blocks = source, .clock = f.clock, .on_accepted = {},
                                          .on_finalized = {}, .on_fatal = {}, .outbox = nullptr},
                            {});
  ASSERT_FALSE(engine);
  EXPECT_EQ(engine.error().message,
            "the snowman engine is made with snowman::SnowmanEngine::create");
}

TEST(Engines, TheDevEngineDoesNotTakeBlocksFromPeers) {
  Fixture f;
  BlockLog blocks;
  auto engine = f.engine(blocks);
  EXPECT_EQ(engine->kind(), platform::ConsensusKind::kDev);
  const auto taken = engine->on_block(NodeId{}, chain::Block{});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, Errc::kNotSupported);
}

}  // namespace
}  // namespace plexus::consensus
