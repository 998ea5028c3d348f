#include "consensus/dev_engine.hpp"

#include <gtest/gtest.h>

#include <condition_variable>

#include "core/hex.hpp"
#include "core/transaction.hpp"
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
    chain::EvmChainConfig config;
    config.alloc = {{key.address(), uint256(1'000'000'000'000'000'000ULL)}};
    chain = chain::EvmChain::open(store, config).value();
  }
  Bytes transfer(std::uint64_t nonce) const {
    tx::Transaction t;
    t.type = tx::Type::kDynamicFee;
    t.chain_id = 31337;
    t.nonce = nonce;
    t.max_fee_per_gas = uint256(10'000'000'000ULL);
    t.gas_limit = 21000;
    t.to = Address{};
    t.value = 1;
    tx::sign(t, key);
    return tx::encode(t);
  }
  kv::MemoryStore store;
  secp256k1::PrivateKey key;
  std::unique_ptr<chain::EvmChain> chain;
};

TEST(DevEngine, InstantModeMinesWhatArrives) {
  Fixture f;
  BlockLog blocks;
  DevEngine engine(*f.chain, {}, [&](const chain::BlockRecord& b) { blocks.add(b); },
                   [](const Error&) { FAIL() << "fatal"; });
  engine.start();
  for (std::uint64_t nonce = 0; nonce < 5; ++nonce) {
    ASSERT_TRUE(f.chain->submit(f.transfer(nonce)));
    engine.notify();
  }
  ASSERT_TRUE(blocks.wait_for(1));
  // Every transaction lands, in one or more blocks, and no empty block is made.
  for (int i = 0; i < 1000 && f.chain->pending_count() > 0; ++i) std::this_thread::sleep_for(5ms);
  engine.stop();
  EXPECT_EQ(f.chain->pending_count(), 0u);
  EXPECT_EQ(f.chain->account(f.key.address(), std::nullopt)->nonce, 5u);
  EXPECT_EQ(blocks.numbers().size(), f.chain->head().number);
}

TEST(DevEngine, MineNowMakesAnEmptyBlockInOrder) {
  Fixture f;
  BlockLog blocks;
  DevEngine engine(*f.chain, {}, [&](const chain::BlockRecord& b) { blocks.add(b); },
                   [](const Error&) { FAIL() << "fatal"; });
  EXPECT_FALSE(engine.mine_now());  // not started
  engine.start();
  ASSERT_TRUE(engine.mine_now());
  ASSERT_TRUE(engine.mine_now());
  EXPECT_EQ(blocks.numbers(), (std::vector<std::uint64_t>{1, 2}));
  engine.stop();
  EXPECT_FALSE(engine.mine_now());
}

TEST(DevEngine, IntervalModeMakesEmptyBlocks) {
  Fixture f;
  BlockLog blocks;
  DevEngine engine(*f.chain, {.block_time = 10ms},
                   [&](const chain::BlockRecord& b) { blocks.add(b); },
                   [](const Error&) { FAIL() << "fatal"; });
  engine.start();
  ASSERT_TRUE(blocks.wait_for(3));
  engine.stop();
  const auto numbers = blocks.numbers();
  EXPECT_EQ(numbers[0], 1u);
  EXPECT_EQ(numbers[2], 3u);
}

}  // namespace
}  // namespace plexus::consensus
