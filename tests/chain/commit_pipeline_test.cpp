// Preparing a block while the previous one is still being written (SubnetChain::prepare_block /
// commit_block, CommitThread): what readers see meanwhile, what the next block reads back of the
// unwritten one, and that the result is the same chain as block-by-block production.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "chain/commit_thread.hpp"
#include "chain/subnet_chain.hpp"
#include "subnet_chain_fixture.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture
using namespace std::chrono_literals;

// Runtime: SSTORE(0, calldata word 0).
const char* const kSetSlotRuntime = "60003560005500";
// Runtime: SSTORE(0, BLOCKHASH(NUMBER - 1)).
const char* const kParentHashRuntime = "6001430340600055" "00";

const Address kSetSlot = Address::right_aligned(hex("05e7"));
const Address kParentHash = Address::right_aligned(hex("9a7e"));

class CommitPipelineTest : public SubnetChainTest {
 protected:
  ChainConfig pipeline_config() const {
    ChainConfig c = config();
    for (const auto& [address, runtime] :
         {std::pair{kSetSlot, kSetSlotRuntime}, std::pair{kParentHash, kParentHashRuntime}}) {
      exec::Account account;
      account.code = hex(runtime);
      account.code_hash = keccak256(account.code);
      c.genesis_accounts.emplace_back(address, std::move(account));
    }
    return c;
  }
  std::unique_ptr<SubnetChain> open_pipeline() {
    return SubnetChain::open(store_, pipeline_config()).value();
  }
  static Bytes word(std::uint8_t value) {
    Bytes w(32, 0);
    w[31] = value;
    return w;
  }
  static Bytes32 slot0(const SubnetChain& chain, const Address& contract) {
    return chain.storage(contract, Bytes32{}, std::nullopt).value();
  }
};

TEST_F(CommitPipelineTest, TheNextBlockBuildsOnAnUnwrittenOne) {
  auto chain = open_pipeline();
  ASSERT_TRUE(chain->submit(signed_tx(kSetSlot, 0, word(1), 0)));
  auto first = chain->prepare_block(false).value();
  ASSERT_TRUE(first.has_value());
  // Block 2 changes the same storage trie and reads BLOCKHASH of block 1, neither written yet.
  ASSERT_TRUE(chain->submit(signed_tx(kSetSlot, 0, word(2), 1)));
  ASSERT_TRUE(chain->submit(signed_tx(kParentHash, 0, {}, 2)));
  auto second = chain->prepare_block(false).value();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(chain->head().number, 0u);
  // A third block would be two ahead of the store.
  ASSERT_TRUE(chain->submit(signed_tx(bob_.address(), 1, {}, 3, 21000)));
  const auto third = chain->prepare_block(false);
  ASSERT_FALSE(third);
  EXPECT_NE(third.error().message.find("not committed"), std::string::npos);
  // Blocks land only in order.
  const auto out_of_order = chain->commit_block(*second);
  ASSERT_FALSE(out_of_order);
  EXPECT_NE(out_of_order.error().message.find("order"), std::string::npos);

  const Hash256 first_hash = first->record.hash;
  const Hash256 second_root = second->record.block.header.state_root;
  ASSERT_TRUE(chain->commit_block(std::move(*first)));
  ASSERT_TRUE(chain->commit_block(std::move(*second)));
  EXPECT_EQ(chain->head().number, 2u);
  EXPECT_EQ(slot0(*chain, kSetSlot), Bytes32::right_aligned(word(2)));
  EXPECT_EQ(slot0(*chain, kParentHash), Bytes32::right_aligned(first_hash.view()));

  // Reopened from the store, the state is the same, down to the state root.
  chain.reset();
  auto reopened = open_pipeline();
  EXPECT_EQ(reopened->head().number, 2u);
  EXPECT_EQ(reopened->blocks().header_of(2).value()->state_root, second_root);
  EXPECT_EQ(slot0(*reopened, kSetSlot), Bytes32::right_aligned(word(2)));
  EXPECT_EQ(reopened->storage(kSetSlot, Bytes32{}, 1).value(), Bytes32::right_aligned(word(1)));
}

TEST_F(CommitPipelineTest, ReadersAndSendersWaitForTheWrite) {
  auto chain = open_pipeline();
  const Hash256 hash = chain->submit(signed_tx(bob_.address(), 5, {}, 0, 21000)).value();
  auto prepared = chain->prepare_block(false).value();
  ASSERT_TRUE(prepared.has_value());
  // The transaction left the pool but is still findable, and its sender is not answered yet.
  EXPECT_TRUE(chain->pending_transaction(hash).has_value());
  std::promise<void> answered;
  chain->when_mined(hash, [&] { answered.set_value(); });
  auto reply = answered.get_future();
  // Reads of the latest state wait for the block's write: they never see unwritten state.
  auto balance = std::async(std::launch::async, [&] {
    return chain->account(bob_.address(), std::nullopt).value().balance;
  });
  EXPECT_EQ(balance.wait_for(100ms), std::future_status::timeout);
  // Admission does not wait: it checks senders against the prepared block.
  const auto replayed = chain->submit(signed_tx(bob_.address(), 5, {}, 0, 21000));
  ASSERT_FALSE(replayed);
  EXPECT_NE(replayed.error().message.find("nonce too low"), std::string::npos);
  ASSERT_TRUE(chain->submit(signed_tx(bob_.address(), 5, {}, 1, 21000)));
  EXPECT_EQ(chain->pending_nonce(alice_.address()), 2u);
  EXPECT_EQ(reply.wait_for(0ms), std::future_status::timeout);
  EXPECT_FALSE(chain->blocks().locate(hash).value().has_value());

  ASSERT_TRUE(chain->commit_block(std::move(*prepared)));
  EXPECT_EQ(balance.get(), uint256(5));
  EXPECT_EQ(reply.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(chain->blocks().locate(hash).value().has_value());
  EXPECT_FALSE(chain->pending_transaction(hash).has_value());
}

TEST_F(CommitPipelineTest, CommitThreadGivesTheSameChainAsBlockByBlock) {
  // The same transactions, in blocks of one, made serially on one store and pipelined on another.
  const auto run = [&](kv::MemoryStore& store, bool pipelined) {
    auto chain = SubnetChain::open(store, pipeline_config()).value();
    std::vector<Hash256> hashes;
    const auto make = [&](auto&& push) {
      for (std::uint64_t nonce = 0; nonce < 6; ++nonce) {
        const Address to = nonce % 2 == 0 ? kSetSlot : kParentHash;
        EXPECT_TRUE(chain->submit(signed_tx(to, 0, word(static_cast<std::uint8_t>(nonce)), nonce)));
        auto block = chain->prepare_block(false).value();
        EXPECT_TRUE(block.has_value());
        push(std::move(*block));
      }
    };
    if (pipelined) {
      CommitThread committer(*chain, [&](const BlockRecord& b) { hashes.push_back(b.hash); });
      make([&](PreparedBlock b) { EXPECT_TRUE(committer.push(std::move(b))); });
      EXPECT_TRUE(committer.drain());
    } else {
      make([&](PreparedBlock b) { hashes.push_back(chain->commit_block(std::move(b))->hash); });
    }
    return hashes;
  };
  kv::MemoryStore serial_store;
  kv::MemoryStore pipelined_store;
  const auto serial = run(serial_store, false);
  const auto pipelined = run(pipelined_store, true);
  ASSERT_EQ(serial.size(), 6u);
  EXPECT_EQ(serial, pipelined);
}

}  // namespace
}  // namespace plexus::chain
