#include "chain/subnet_chain.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "chain/bloom.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "subnet_chain_fixture.hpp"
#include "storage/memory_store.hpp"
#include "transition/block_history.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture

TEST_F(SubnetChainTest, GenesisFundsTheAllocation) {
  auto chain = open();
  EXPECT_EQ(chain->head().number, 0u);
  EXPECT_EQ(chain->account(alice_.address(), std::nullopt)->balance, kEther * uint256(100));
  EXPECT_EQ(chain->account(bob_.address(), std::nullopt)->balance, uint256(0));
  const auto genesis = chain->blocks().by_number(0).value();
  ASSERT_TRUE(genesis.has_value());
  EXPECT_EQ(genesis->hash, chain->head().hash);
}

TEST_F(SubnetChainTest, TransferIsMinedWithReceiptAndSurvivesReopen) {
  Hash256 block_hash;
  {
    auto chain = open();
    const auto hash = chain->submit(signed_tx(bob_.address(), kEther, {}, 0, 21000));
    ASSERT_TRUE(hash) << hash.error().message;
    EXPECT_EQ(chain->pending_nonce(alice_.address()), 1u);
    const auto block = chain->produce_block(false).value();
    ASSERT_TRUE(block.has_value());
    EXPECT_EQ(block->block.header.number, 1u);
    ASSERT_EQ(block->receipts.size(), 1u);
    EXPECT_TRUE(block->receipts[0].success);
    EXPECT_EQ(block->meta[0].gas_used, 21000u);
    EXPECT_EQ(chain->account(bob_.address(), std::nullopt)->balance, kEther);
    const auto location = chain->blocks().locate(*hash).value();
    ASSERT_TRUE(location.has_value());
    EXPECT_EQ(location->block_number, 1u);
    EXPECT_FALSE(chain->produce_block(false).value().has_value());  // nothing left to mine
    block_hash = block->hash;
  }
  auto reopened = open();
  EXPECT_EQ(reopened->head().number, 1u);
  EXPECT_EQ(reopened->head().hash, block_hash);
  EXPECT_EQ(reopened->account(bob_.address(), std::nullopt)->balance, kEther);
  EXPECT_EQ(reopened->account(alice_.address(), std::nullopt)->nonce, 1u);
  // The state at genesis is still readable through the trie.
  EXPECT_EQ(reopened->account(bob_.address(), 0)->balance, uint256(0));
}

TEST_F(SubnetChainTest, RejectsBadTransactionsWithEthereumMessages) {
  auto chain = open();
  const auto message = [&](Bytes raw) {
    const auto r = chain->submit(raw);
    return r ? std::string("ok") : r.error().message;
  };
  EXPECT_EQ(message(signed_tx(bob_.address(), 1, {}, 0, 21000, 1)), "invalid chain id: have 1, want 31337");
  EXPECT_EQ(message(signed_tx(bob_.address(), 1, {}, 0, 20000)),
            "intrinsic gas too low: gas 20000, minimum needed 21000");
  EXPECT_TRUE(message(signed_tx(bob_.address(), kEther * uint256(1000), {}, 0, 21000))
                  .starts_with("insufficient funds for gas * price + value"));
  EXPECT_TRUE(message(hex("f8")).starts_with("rlp: "));
  EXPECT_EQ(message(signed_tx(bob_.address(), 1, {}, 0, 21000)), "ok");
  EXPECT_EQ(message(signed_tx(bob_.address(), 1, {}, 0, 21000)), "already known");
  ASSERT_TRUE(chain->produce_block(false).value().has_value());
  EXPECT_EQ(message(signed_tx(bob_.address(), 2, {}, 0, 21000)), "nonce too low");
}

TEST_F(SubnetChainTest, DeploysCallsAndEstimates) {
  auto chain = open();
  ASSERT_TRUE(chain->submit(signed_tx(std::nullopt, 0, initcode_for(kStoreRuntime), 0)));
  const auto deployed = chain->produce_block(false).value();
  ASSERT_TRUE(deployed && deployed->meta[0].contract_address);
  const Address contract = *deployed->meta[0].contract_address;
  EXPECT_EQ(chain->code(contract, std::nullopt).value(), hex(kStoreRuntime));

  Bytes word(32, 0);
  word[31] = 42;
  CallRequest request{.from = alice_.address(), .to = contract, .gas = {}, .gas_price = 0,
                      .value = 0, .data = word, .access_list = {}};
  const auto called = chain->call(request).value();
  EXPECT_EQ(called.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(called.output, word);
  Bytes32 slot0;
  EXPECT_TRUE(chain->storage(contract, slot0, std::nullopt)->is_zero());  // the call left no trace

  const auto estimate = chain->estimate_gas(request).value();
  ASSERT_FALSE(estimate.failure.has_value());
  // Sufficient and tight: the estimate succeeds as a real transaction, one gas less fails.
  request.gas = estimate.gas - 1;
  EXPECT_NE(chain->call(request)->status, evm::StatusCode::kSuccess);
  ASSERT_TRUE(chain->submit(signed_tx(contract, 0, word, 1, estimate.gas)));
  const auto stored = chain->produce_block(false).value();
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->receipts[0].success);
  ASSERT_EQ(stored->receipts[0].logs.size(), 1u);
  EXPECT_EQ(stored->receipts[0].logs[0].data, word);
  EXPECT_TRUE(bloom_may_contain(stored->block.header.logs_bloom, contract.view()));
  EXPECT_EQ(chain->storage(contract, slot0, std::nullopt).value()[31], 42);
  EXPECT_TRUE(chain->storage(contract, slot0, 1)->is_zero());  // before the write

  // Calls after an older block run on its state: no contract at genesis, the same answer after
  // the deployment.
  request.gas.reset();
  EXPECT_TRUE(chain->call(request, 0).value().output.empty());
  EXPECT_EQ(chain->call(request, 1).value().output, word);
  EXPECT_FALSE(chain->estimate_gas(request, 1).value().failure.has_value());

  // The proof of the slot verifies against the block's state root.
  const Bytes32 keys[] = {slot0};
  const auto proof = chain->prove(contract, keys, std::nullopt).value();
  EXPECT_EQ(proof.storage[0].value[31], 42);
  const auto proven = verify_proof(stored->block.header.state_root, contract.view(),
                                   proof.account_proof, true);
  ASSERT_TRUE(proven && proven->has_value());
  EXPECT_EQ(proven->value(), encode_account(proof.account));
}

// EIP-2935 (Prague): each block stores its parent's hash in the history contract, which answers
// a query for a block number in its window.
TEST_F(SubnetChainTest, HistoryContractServesParentHashes) {
  auto chain = open();
  ASSERT_TRUE(chain->submit(signed_tx(bob_.address(), 1, {}, 0, 21000)));
  const auto first = chain->produce_block(false).value();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(chain->submit(signed_tx(bob_.address(), 1, {}, 1, 21000)));
  const auto second = chain->produce_block(false).value();
  ASSERT_TRUE(second.has_value());
  const Address history = transition::history_storage_address();
  EXPECT_EQ(chain->storage(history, to_bytes32(uint256(0)), std::nullopt).value(),
            chain->blocks().by_number(0).value()->hash);
  EXPECT_EQ(chain->storage(history, to_bytes32(uint256(1)), std::nullopt).value(), first->hash);
  const Bytes32 number_one = to_bytes32(uint256(1));
  CallRequest query{.from = alice_.address(), .to = history, .gas = {}, .gas_price = 0,
                    .value = 0, .data = Bytes(number_one.bytes.begin(), number_one.bytes.end()),
                    .access_list = {}};
  const auto answer = chain->call(query).value();
  ASSERT_EQ(answer.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(to_hex(answer.output), to_hex(first->hash));
}

TEST_F(SubnetChainTest, RevertsReportTheirDataAndEstimateFails) {
  auto chain = open();
  ASSERT_TRUE(chain->submit(signed_tx(std::nullopt, 0, initcode_for(kRevertRuntime), 0)));
  const auto deployed = chain->produce_block(false).value();
  ASSERT_TRUE(deployed && deployed->receipts[0].success);
  const CallRequest request{.from = alice_.address(), .to = deployed->meta[0].contract_address,
                            .gas = {}, .gas_price = 0, .value = 0, .data = {},
                            .access_list = {}};
  const auto called = chain->call(request).value();
  EXPECT_EQ(called.status, evm::StatusCode::kRevert);
  EXPECT_EQ(called.output, hex("deadbeef"));
  const auto estimate = chain->estimate_gas(request).value();
  ASSERT_TRUE(estimate.failure.has_value());
  EXPECT_EQ(estimate.failure->output, hex("deadbeef"));
}

TEST_F(SubnetChainTest, WaitUntilMinedReturnsWhenTheBlockIsCommitted) {
  auto chain = open();
  const Hash256 gap = chain->submit(signed_tx(bob_.address(), 1, {}, 1, 21000)).value();
  EXPECT_FALSE(chain->wait_until_mined(gap, std::chrono::seconds(10)));  // nonce 0 is missing
  const Hash256 first = chain->submit(signed_tx(bob_.address(), 1, {}, 0, 21000)).value();
  EXPECT_FALSE(chain->wait_until_mined(first, std::chrono::milliseconds(1)));  // nobody mines
  std::thread miner([&] { (void)chain->produce_block(false); });
  EXPECT_TRUE(chain->wait_until_mined(first, std::chrono::seconds(10)));
  miner.join();
  EXPECT_TRUE(chain->blocks().locate(first).value().has_value());
  EXPECT_TRUE(chain->wait_until_mined(gap, std::chrono::seconds(10)));  // mined in the same block
}

TEST_F(SubnetChainTest, RefusesAStoreOfAnotherChain) {
  { auto chain = open(); }
  ChainConfig other = config();
  other.chain_id = 7;
  const auto reopened = SubnetChain::open(store_, other);
  ASSERT_FALSE(reopened);
  EXPECT_NE(reopened.error().message.find("chain id 31337"), std::string::npos);
}

}  // namespace
}  // namespace plexus::chain
