// A node whose store fails or whose process dies at any write of a block restarts at the block
// before or the block itself, never between: every block is one atomic batch, and the chain
// reopens from what the store holds (storage/faulty_store.hpp injects the faults).
#include <gtest/gtest.h>

#include "chain/commit_thread.hpp"
#include "storage/env.hpp"
#include "storage/faulty_store.hpp"
#include "subnet_chain_fixture.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture
using Fault = kv::FaultyKvStore::Fault;

constexpr std::uint64_t kBlocks = 6;

class StoreFaultTest : public SubnetChainTest, public ::testing::WithParamInterface<Fault> {
 protected:
  // Block k (1-based) holds one transfer of k wei to bob, so bob's balance names the last block
  // whose state a chain holds: 1 + 2 + ... + k.
  static uint256 bob_after(std::uint64_t k) { return uint256(k * (k + 1) / 2); }
};

TEST_P(StoreFaultTest, RestartsAtTheLastWholeBlock) {
  for (std::uint64_t hit = 1; hit <= kBlocks; ++hit) {
    SCOPED_TRACE("fault at the write of block " + std::to_string(hit));
    kv::MemoryStoreFactory stores;
    const auto backing = stores.backing("evm");
    auto faulty = std::make_unique<kv::FaultyKvStore>(backing);
    {
      auto chain = SubnetChain::open(*faulty, config()).value();  // genesis: write 0
      faulty->inject(GetParam(), hit - 1);                        // block `hit` is write `hit`
      for (std::uint64_t k = 1; k <= kBlocks; ++k) {
        ASSERT_TRUE(chain->submit(signed_tx(bob_.address(), k, {}, k - 1)));
        const auto block = chain->produce_block(false);
        if (GetParam() == Fault::kFail && k >= hit) {
          ASSERT_FALSE(block);  // the write failed: the node must stop
          EXPECT_EQ(block.error().code, Errc::kIo);
          break;
        }
        ASSERT_TRUE(block && block->has_value())
            << "block " << k << ": " << (block ? "not made" : block.error().message);
        // The process died at this write: it makes no later block (one that wrote a storage
        // trie created by the lost block, the EIP-2935 contract's say, would look for its nodes).
        if (GetParam() == Fault::kCrash && k == hit) break;
      }
    }  // the process "dies" here
    const auto reopened = stores.open("evm").value();
    auto restarted = SubnetChain::open(*reopened, config());
    ASSERT_TRUE(restarted) << restarted.error().message;
    auto& chain = **restarted;
    const std::uint64_t expected = hit - 1;
    ASSERT_EQ(chain.head().number, expected);
    EXPECT_EQ(chain.account(bob_.address(), std::nullopt)->balance, bob_after(expected));
    // The state read back is the state the head's header commits to.
    const auto header = chain.blocks().header_of(expected).value().value();
    EXPECT_EQ(chain.prove(bob_.address(), {}, std::nullopt).value().account.balance,
              bob_after(expected));
    EXPECT_EQ(header.number, expected);
    // And the chain goes on from there.
    ASSERT_TRUE(chain.submit(signed_tx(bob_.address(), expected + 1, {}, expected)));
    ASSERT_TRUE(chain.produce_block(false).value().has_value());
    EXPECT_EQ(chain.account(bob_.address(), std::nullopt)->balance, bob_after(expected + 1));
  }
}

// With the commit thread, block k+1 is executed while block k is written: a crash at block k's
// write still restarts at block k-1, whatever was prepared after it.
TEST_P(StoreFaultTest, APreparedBlockNeverOutlivesTheWriteBeforeIt) {
  kv::MemoryStoreFactory stores;
  auto faulty = std::make_unique<kv::FaultyKvStore>(stores.backing("evm"));
  {
    auto chain = SubnetChain::open(*faulty, config()).value();
    faulty->inject(GetParam(), 1);  // from now, write 0 is block 1's and write 1 block 2's
    CommitThread committer(*chain, [](const BlockRecord&) {});
    for (std::uint64_t k = 1; k <= 4; ++k) {
      ASSERT_TRUE(chain->submit(signed_tx(bob_.address(), k, {}, k - 1)));
      auto prepared = chain->prepare_block(false);
      if (!prepared) break;  // two blocks behind an unwritten one: stop, as the engine does
      ASSERT_TRUE(prepared->has_value());
      if (!committer.push(std::move(**prepared))) break;
    }
    const auto drained = committer.drain();
    EXPECT_EQ(drained.has_value(), GetParam() == Fault::kCrash);
  }
  const auto reopened = stores.open("evm").value();
  auto restarted = SubnetChain::open(*reopened, config()).value();
  const std::uint64_t head = restarted->head().number;
  EXPECT_EQ(head, 1u);
  EXPECT_EQ(restarted->account(bob_.address(), std::nullopt)->balance, bob_after(head));
}

INSTANTIATE_TEST_SUITE_P(Faults, StoreFaultTest, ::testing::Values(Fault::kFail, Fault::kCrash),
                         [](const auto& info) {
                           return info.param == Fault::kFail ? std::string("WriteFails")
                                                             : std::string("ProcessDies");
                         });

}  // namespace
}  // namespace plexus::chain
