// Calls after older blocks and replays of mined transactions see the storage of that block, not
// the latest: slot values changed or deleted since are read through the state trie.
#include "evm/tracer.hpp"
#include "subnet_chain_fixture.hpp"

namespace plexus::chain::test_support {
namespace {

// Returns slot 0, then stores calldata word 0 there.
constexpr const char* kSwapRuntime = "60005460005260003560005560206000f3";

Bytes word(std::uint8_t v) {
  Bytes w(32, 0);
  w[31] = v;
  return w;
}

class CountingTracer final : public evm::Tracer {
 public:
  void on_enter(const evm::Message&) override { ++frames; }
  void on_step(const evm::Step&) override { ++steps; }
  int frames = 0;
  int steps = 0;
};

class HistoricalStateTest : public SubnetChainTest {
 protected:
  virtual ChainConfig chain_config() const { return config(); }
  void SetUp() override {
    chain_ = SubnetChain::open(store_, chain_config()).value();
    ASSERT_TRUE(chain_->submit(signed_tx(std::nullopt, 0, initcode_for(kSwapRuntime), 0)));
    contract_ = *chain_->produce_block(false).value()->meta[0].contract_address;  // block 1
  }
  Hash256 swap(std::uint8_t v, std::uint64_t nonce) {
    const Bytes raw = signed_tx(contract_, 0, word(v), nonce);
    return chain_->submit(raw).value();
  }
  // A call reading slot 0 of the contract.
  CallRequest read_request() const {
    return CallRequest{.from = alice_.address(),
                       .to = contract_,
                       .gas = {},
                       .gas_price = 0,
                       .value = 0,
                       .data = word(0),
                       .access_list = {}};
  }
  Result<CallOutcome> call_after(std::uint64_t block) {
    return chain_->call(read_request(), block);
  }
  Bytes read_after(std::uint64_t block) { return call_after(block).value().output; }

  std::unique_ptr<SubnetChain> chain_;
  Address contract_;
};

TEST_F(HistoricalStateTest, CallsSeeTheSlotsOfTheirBlock) {
  swap(11, 1);
  ASSERT_TRUE(chain_->produce_block(false).value());  // block 2: slot 0 = 11
  swap(22, 2);
  ASSERT_TRUE(chain_->produce_block(false).value());  // block 3: 22
  swap(0, 3);
  ASSERT_TRUE(chain_->produce_block(false).value());  // block 4: deleted
  ASSERT_TRUE(chain_->produce_block(true).value());   // block 5: the head moves on
  EXPECT_EQ(read_after(1), word(0));
  EXPECT_EQ(read_after(2), word(11));
  EXPECT_EQ(read_after(3), word(22));
  EXPECT_EQ(read_after(4), word(0));
  // A state override on an older block: `state` replaces what the trie holds there.
  CallRequest request = read_request();
  request.overrides[contract_].state = std::map<Bytes32, Bytes32>{};
  EXPECT_EQ(chain_->call(request, 3).value().output, word(0));
  request.overrides[contract_].state.reset();
  request.overrides[contract_].state_diff[Bytes32{}] = Bytes32::right_aligned(word(5));
  EXPECT_EQ(chain_->call(request, 3).value().output, word(5));
}

TEST_F(HistoricalStateTest, ReplayRunsTheTransactionsBeforeItInItsBlock) {
  swap(11, 1);
  ASSERT_TRUE(chain_->produce_block(false).value());  // block 2
  swap(33, 2);
  const Hash256 second = swap(44, 3);
  const auto both = chain_->produce_block(false).value();  // block 3: 33 then 44
  ASSERT_TRUE(both && both->tx_hashes.size() == 2);
  swap(0, 4);
  ASSERT_TRUE(chain_->produce_block(false).value());  // block 4: slot deleted

  CountingTracer tracer;
  const CallOutcome replayed = chain_->replay_transaction(second, tracer).value();
  EXPECT_EQ(replayed.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(replayed.output, word(33));  // what the block's first transaction stored
  EXPECT_EQ(replayed.gas_limit, 100'000u);
  EXPECT_EQ(replayed.gas_used, both->meta[1].gas_used);
  EXPECT_EQ(tracer.frames, 1);
  EXPECT_EQ(tracer.steps, 11);
  CountingTracer unused;
  EXPECT_EQ(chain_->replay_transaction(Hash256{}, unused).error().code, Errc::kNotFound);
}

// A node with a history window of 3 blocks serves the state after the head and the two blocks
// before it; older reads and replays fail naming the window.
class HistoryWindowTest : public HistoricalStateTest {
 protected:
  ChainConfig chain_config() const override {
    ChainConfig windowed = config();
    windowed.history_blocks = 3;
    return windowed;
  }
};

TEST_F(HistoryWindowTest, ReadsOlderThanTheWindowAreRefusedNamingIt) {
  std::vector<Hash256> swaps;
  for (std::uint8_t i = 1; i <= 4; ++i) {  // blocks 2 to 5: slot 0 = 1, 2, 3, 4
    swaps.push_back(swap(i, i));
    ASSERT_TRUE(chain_->produce_block(false).value());
  }
  EXPECT_EQ(read_after(3), word(2));  // 5 - 3 < 3
  const auto old = call_after(2);
  ASSERT_FALSE(old.has_value());
  EXPECT_EQ(old.error().message,
            "historical state not available: block 2 is older than the node's history window of "
            "3 blocks");
  EXPECT_FALSE(chain_->check_history(1).has_value());
  EXPECT_TRUE(chain_->check_history(5).has_value());
  CountingTracer tracer;
  EXPECT_TRUE(chain_->replay_transaction(swaps[3], tracer).has_value());   // on block 4's state
  EXPECT_FALSE(chain_->replay_transaction(swaps[0], tracer).has_value());  // on block 1's
}

}  // namespace
}  // namespace plexus::chain::test_support
