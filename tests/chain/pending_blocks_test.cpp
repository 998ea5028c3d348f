// Pending blocks (SubnetChain::add_pending / build_pending / commit_pending / drop_pending): blocks
// executed but not final, several in a row and on competing branches, committed in order from the
// head; the state, the staging, the pool and admission follow the path the chain is on, losing
// branches give their transactions back, nothing pending is written, and reads of the latest
// state answer from the head without waiting.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "chain/header_rules.hpp"
#include "storage/memory_store.hpp"
#include "subnet_chain_fixture.hpp"
#include "transition/state_host.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture
using namespace std::chrono_literals;

// Runtime: without calldata returns slot 0, with calldata stores its first word in slot 0.
constexpr const char* kSlotRuntime = "36600f5760005460005260206000f35b60003560005500";

class PendingBlocksTest : public SubnetChainTest {
 protected:
  PendingBlocksTest() : carol_(secp256k1::PrivateKey::from_seed(hex("c0"))) {}

  ChainConfig pending_config(std::size_t max_pending = 64) const {
    ChainConfig c = config();
    c.alloc.push_back({carol_.address(), kEther * uint256(100)});
    c.max_pending_blocks = max_pending;
    return c;
  }
  std::unique_ptr<SubnetChain> open_on(kv::MemoryStore& store, std::size_t max_pending = 64) {
    return SubnetChain::open(store, pending_config(max_pending)).value();
  }

  // A transfer of `value` wei (and `data`) from `from` to `to`.
  static Bytes transfer(const secp256k1::PrivateKey& from, const Address& to, std::uint64_t value,
                        std::uint64_t nonce, Bytes data = {}) {
    return signed_tx_from(from, to, uint256(value), std::move(data), nonce);
  }
  // Creates the kSlotRuntime contract.
  static Bytes deploy_slot_contract(const secp256k1::PrivateKey& from, std::uint64_t nonce) {
    return signed_tx_from(from, std::nullopt, 0, initcode_for(kSlotRuntime), nonce, 300'000);
  }

  // Builds a pending block on `parent` from `txs` (submitted first).
  static Block build_on(SubnetChain& chain, const Hash256& parent, const std::vector<Bytes>& txs) {
    for (const Bytes& raw : txs) EXPECT_TRUE(chain.submit(raw));
    auto block = chain.build_pending(
        parent, BlockOptions{.allow_empty = true, .final_on_commit = false, .proposer = {}});
    EXPECT_TRUE(block) << (block ? "" : block.error().message);
    EXPECT_TRUE(block && block->has_value());
    return block.value().value();
  }
  static Hash256 hash_of(const Block& block) { return header_hash(block.header).value(); }
  // A call from bob to `contract` without calldata (kSlotRuntime: reads slot 0).
  CallRequest read_of(const Address& contract) const {
    return CallRequest{.from = bob_.address(),
                       .to = contract,
                       .gas = std::nullopt,
                       .gas_price = 0,
                       .value = 0,
                       .data = {},
                       .access_list = {}};
  }
  // Whether `raw` is in the pool and executable.
  static bool pooled(const SubnetChain& chain, const Bytes& raw) {
    const std::vector<Bytes> all = chain.pooled_transactions(1000);
    return std::find(all.begin(), all.end(), raw) != all.end();
  }

  uint256 balance(const SubnetChain& chain, const Address& addr) const {
    return chain.account(addr, std::nullopt).value().balance;
  }
  Hash256 state_root(const SubnetChain& chain) const {
    return chain.blocks().header_of(chain.head().number).value().value().state_root;
  }

  secp256k1::PrivateKey carol_;
  const Address dave_ = Address::right_aligned(Bytes{0xda});
};

TEST_F(PendingBlocksTest, AChainOfFivePendingBlocksIsCommittedOneByOne) {
  auto chain = open_on(store_);
  kv::MemoryStore reference_store;
  auto reference = open_on(reference_store);
  std::vector<Block> blocks;
  Hash256 parent = chain->head().hash;
  for (std::uint64_t i = 0; i < 5; ++i) {
    blocks.push_back(build_on(*chain, parent, {transfer(alice_, bob_.address(), i + 1, i)}));
    parent = hash_of(blocks.back());
    EXPECT_EQ(blocks.back().header.number, i + 1);
    EXPECT_EQ(blocks.back().transactions.size(), 1u);
  }
  EXPECT_EQ(chain->pending_blocks().size(), 5u);
  EXPECT_EQ(chain->pending_count(), 0u);                  // every transaction is in a pending block
  EXPECT_EQ(chain->pending_nonce(alice_.address()), 5u);  // admission follows the path
  EXPECT_EQ(chain->head().number, 0u);
  EXPECT_EQ(balance(*chain, bob_.address()), uint256(0));  // the head's, not the path's

  // Only the head's child can be committed.
  const auto early = chain->commit_pending(hash_of(blocks[2]));
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("not the head"), std::string::npos);

  std::uint64_t paid = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto record = chain->commit_pending(hash_of(blocks[i]));
    ASSERT_TRUE(record) << record.error().message;
    paid += i + 1;
    EXPECT_EQ(chain->head().number, i + 1);
    EXPECT_EQ(chain->pending_blocks().size(), blocks.size() - i - 1);
    // Receipts are readable once written.
    EXPECT_TRUE(chain->blocks().locate(record->tx_hashes[0]).value().has_value());
    ASSERT_TRUE(reference->import_block(blocks[i])) << i;
  }
  EXPECT_EQ(balance(*chain, bob_.address()), uint256(paid));
  EXPECT_EQ(chain->head().hash, reference->head().hash);
  EXPECT_EQ(state_root(*chain), state_root(*reference));
  // Back to the prepared-block API once nothing is pending.
  ASSERT_TRUE(chain->submit(transfer(alice_, bob_.address(), 1, 5)));
  ASSERT_TRUE(chain->produce_block(false).value().has_value());
}

TEST_F(PendingBlocksTest, CompetingBranchesSwitchBackAndForthAndTheLoserGivesItsTransactionsBack) {
  // Two peers build competing branches on the same genesis: A with alice's transfers, B with
  // carol's (one creating a contract and writing its storage).
  kv::MemoryStore a_store;
  kv::MemoryStore b_store;
  auto peer_a = open_on(a_store);
  auto peer_b = open_on(b_store);
  const Hash256 genesis = peer_a->head().hash;
  const Bytes a1_tx = transfer(alice_, bob_.address(), 10, 0);
  const Bytes a2_tx = transfer(alice_, dave_, 20, 1);
  const Block a1 = build_on(*peer_a, genesis, {a1_tx});
  const Block a2 = build_on(*peer_a, hash_of(a1), {a2_tx});
  const Address contract = transition::create_address(carol_.address(), 0);
  const Block b1 =
      build_on(*peer_b, genesis, {deploy_slot_contract(carol_, 0), transfer(carol_, dave_, 7, 1)});
  Bytes word(32, 0);
  word[31] = 0x2a;
  const Block b2 = build_on(*peer_b, hash_of(b1), {transfer(carol_, contract, 0, 2, word)});
  ASSERT_NE(hash_of(a1), hash_of(b1));

  auto chain = open_on(store_);
  // The node heard of every transaction by gossip.
  for (const Bytes& raw : {a1_tx, a2_tx}) ASSERT_TRUE(chain->submit(raw));
  EXPECT_EQ(chain->pending_count(), 2u);

  ASSERT_TRUE(chain->add_pending(a1));
  EXPECT_EQ(chain->pending_count(), 1u);  // a1's transaction left the pool
  ASSERT_TRUE(chain->add_pending(b1));    // switch to B: a1 undone, its transaction back
  EXPECT_EQ(chain->pending_count(), 2u);
  // Switch to A: b1 undone (its transactions pooled, as any block leaving the path gives them
  // back), a1 executed again.
  ASSERT_TRUE(chain->add_pending(a2));
  EXPECT_EQ(chain->pending_count(), 2u);
  EXPECT_FALSE(pooled(*chain, a1_tx));
  EXPECT_TRUE(pooled(*chain, b1.transactions[0]));
  ASSERT_TRUE(chain->add_pending(b2));  // and back to B
  EXPECT_EQ(chain->pending_count(), 2u);
  EXPECT_TRUE(pooled(*chain, a1_tx));
  EXPECT_TRUE(pooled(*chain, a2_tx));
  // Adding a known block again changes nothing.
  const auto again = chain->add_pending(a2);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->hash, hash_of(a2));
  EXPECT_EQ(chain->pending_blocks().size(), 4u);
  EXPECT_EQ(chain->pending_count(), 2u);
  // Building on A's tip switches there; the built block takes B's three transactions, pooled
  // when B left the path, and none of A's (they are in A's blocks).
  const Block a3 = build_on(*chain, hash_of(a2), {});
  EXPECT_EQ(a3.transactions.size(), 3u);
  EXPECT_EQ(chain->pending_count(), 0u);
  EXPECT_EQ(chain->pending_nonce(alice_.address()), 2u);
  EXPECT_EQ(chain->pending_nonce(carol_.address()), 3u);
  ASSERT_TRUE(chain->drop_pending(hash_of(a3)));
  EXPECT_EQ(chain->pending_blocks().size(), 4u);
  EXPECT_EQ(chain->pending_count(), 3u);

  // B wins: committing b1 drops A's branch; A's transactions are pooled again.
  ASSERT_TRUE(chain->commit_pending(hash_of(b1)));
  EXPECT_EQ(chain->pending_blocks().size(), 1u);
  EXPECT_TRUE(pooled(*chain, a1_tx));
  EXPECT_TRUE(pooled(*chain, a2_tx));
  ASSERT_TRUE(chain->commit_pending(hash_of(b2)));
  EXPECT_TRUE(chain->pending_blocks().empty());
  EXPECT_EQ(chain->pending_count(), 2u);  // A's two; b2's own transaction left with it

  // The same as a chain that only ever saw B.
  kv::MemoryStore reference_store;
  auto reference = open_on(reference_store);
  ASSERT_TRUE(reference->import_block(b1));
  ASSERT_TRUE(reference->import_block(b2));
  EXPECT_EQ(chain->head().hash, reference->head().hash);
  EXPECT_EQ(state_root(*chain), state_root(*reference));
  for (const Address& addr : {alice_.address(), bob_.address(), carol_.address(), dave_})
    EXPECT_EQ(balance(*chain, addr), balance(*reference, addr));
  EXPECT_EQ(chain->storage(contract, Bytes32{}, std::nullopt).value(),
            Bytes32::right_aligned(word));
  // The returned transactions are mined on top.
  const auto next = chain->produce_block(false).value();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->block.transactions.size(), 2u);
  EXPECT_EQ(balance(*chain, dave_), uint256(27));
}

TEST_F(PendingBlocksTest, ABadBlockOnAPendingParentIsRefusedAndLeavesTheTreeAsItWas) {
  kv::MemoryStore peer_store;
  auto peer = open_on(peer_store);
  const Block p1 = build_on(*peer, peer->head().hash, {transfer(alice_, bob_.address(), 1, 0)});
  const Block p2 = build_on(*peer, hash_of(p1), {transfer(alice_, bob_.address(), 2, 1)});

  auto chain = open_on(store_);
  ASSERT_TRUE(chain->add_pending(p1));
  // A sibling branch, so that the path is not simply p1's.
  // (It takes p1's transaction, pooled again when p1 left the path.)
  const Block side = build_on(*chain, chain->head().hash, {});
  EXPECT_EQ(side.transactions.size(), 1u);
  const auto before = chain->pending_blocks();

  Block bad = p2;
  bad.header.state_root.bytes[0] ^= 1;
  const auto refused = chain->add_pending(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kValidation);
  EXPECT_NE(refused.error().message.find("state root"), std::string::npos)
      << refused.error().message;
  const auto after = chain->pending_blocks();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].hash, before[i].hash);

  Block orphan = p2;
  orphan.header.parent_hash.bytes[0] ^= 1;
  const auto unknown = chain->add_pending(orphan);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::kValidation);
  EXPECT_NE(unknown.error().message.find("unknown parent"), std::string::npos);

  // The real block is still accepted, and commits.
  ASSERT_TRUE(chain->add_pending(p2));
  ASSERT_TRUE(chain->commit_pending(hash_of(p1)));
  EXPECT_EQ(chain->pending_blocks().size(), 1u);  // side was dropped
  ASSERT_TRUE(chain->commit_pending(hash_of(p2)));
  EXPECT_EQ(chain->head().hash, hash_of(p2));
}

TEST_F(PendingBlocksTest, ABlockBuiltOnAPendingParentIsAcceptedByAPeer) {
  auto chain = open_on(store_);
  const Block p1 = build_on(*chain, chain->head().hash, {transfer(alice_, bob_.address(), 1, 0)});
  const Block p2 =
      build_on(*chain, hash_of(p1),
               {transfer(alice_, bob_.address(), 2, 1), transfer(carol_, bob_.address(), 3, 0)});
  EXPECT_EQ(p2.header.parent_hash, hash_of(p1));
  EXPECT_EQ(p2.transactions.size(), 2u);

  kv::MemoryStore peer_store;
  auto peer = open_on(peer_store);
  ASSERT_TRUE(peer->add_pending(p1));
  const auto added = peer->add_pending(p2);
  ASSERT_TRUE(added) << added.error().message;
  for (const Block& block : {p1, p2}) {
    ASSERT_TRUE(chain->commit_pending(hash_of(block)));
    ASSERT_TRUE(peer->commit_pending(hash_of(block)));
  }
  EXPECT_EQ(peer->head().hash, chain->head().hash);
  EXPECT_EQ(state_root(*peer), state_root(*chain));
  EXPECT_EQ(balance(*peer, bob_.address()), uint256(6));
}

// A node syncing certified blocks takes the senders from its peer: they must be the block's own,
// which the header commits to. Swapping the senders of two equal transfers would leave the state
// root as it is, so only the digest catches it.
TEST_F(PendingBlocksTest, CertifiedSendersMustMatchTheHeadersSendersDigest) {
  auto chain = open_on(store_);
  const Block block = build_on(*chain, chain->head().hash,
                               {transfer(alice_, dave_, 5, 0), transfer(carol_, dave_, 5, 0)});
  ASSERT_EQ(block.transactions.size(), 2u);
  const std::vector<Address> senders = {alice_.address(), carol_.address()};
  EXPECT_EQ(committed_senders_digest(block.header), senders_digest(senders));

  kv::MemoryStore peer_store;
  auto peer = open_on(peer_store);
  const auto refused = [&](std::vector<Address> given, std::string_view rule) {
    const auto added = peer->add_pending(block, given);
    ASSERT_FALSE(added);
    EXPECT_NE(added.error().message.find(rule), std::string::npos) << added.error().message;
  };
  refused({carol_.address(), alice_.address()}, "do not match its senders digest");
  refused({alice_.address()}, "1 senders given for 2 transactions");
  const auto added = peer->add_pending(block, senders);
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_TRUE(chain->commit_pending(hash_of(block)));
  ASSERT_TRUE(peer->commit_pending(hash_of(block)));
  EXPECT_EQ(state_root(*peer), state_root(*chain));
  EXPECT_EQ(peer->blocks().by_number(1).value()->meta, chain->blocks().by_number(1).value()->meta);
}

TEST_F(PendingBlocksTest, LatestStateReadsAnswerFromTheHeadWithoutWaiting) {
  auto chain = open_on(store_);
  const Address contract = transition::create_address(alice_.address(), 0);
  Bytes one(32, 0);
  one[31] = 1;
  const Block b1 = build_on(*chain, chain->head().hash,
                            {deploy_slot_contract(alice_, 0), transfer(alice_, contract, 0, 1, one),
                             transfer(alice_, bob_.address(), 5, 2)});
  ASSERT_TRUE(chain->commit_pending(hash_of(b1)));
  // Two pending blocks change bob's balance and the contract's slot.
  Bytes two(32, 0);
  two[31] = 2;
  const Block b2 =
      build_on(*chain, hash_of(b1),
               {transfer(alice_, contract, 0, 3, two), transfer(alice_, bob_.address(), 7, 4)});
  (void)build_on(*chain, hash_of(b2), {transfer(alice_, bob_.address(), 9, 5)});

  const auto reads = std::async(std::launch::async, [&] {
    EXPECT_EQ(balance(*chain, bob_.address()), uint256(5));
    EXPECT_EQ(chain->account(alice_.address(), std::nullopt)->nonce, 3u);
    EXPECT_EQ(chain->storage(contract, Bytes32{}, std::nullopt).value(),
              Bytes32::right_aligned(one));
    EXPECT_FALSE(chain->code(contract, std::nullopt).value().empty());
    EXPECT_FALSE(chain->data(contract, exec::Namespace::kWasm, Bytes{1}).has_value());
    const auto called = chain->call(read_of(contract));
    EXPECT_TRUE(called) << called.error().message;
    if (called) {
      EXPECT_EQ(called->output, one);
    }
    const auto estimate = chain->estimate_gas(CallRequest{.from = bob_.address(),
                                                          .to = contract,
                                                          .gas = std::nullopt,
                                                          .gas_price = 0,
                                                          .value = 0,
                                                          .data = two,
                                                          .access_list = {}});
    EXPECT_TRUE(estimate && !estimate->failure);
    // A call that would write only writes its scratch state.
    EXPECT_EQ(chain->storage(contract, Bytes32{}, std::nullopt).value(),
              Bytes32::right_aligned(one));
  });
  ASSERT_EQ(reads.wait_for(30s), std::future_status::ready) << "reads waited for pending blocks";
  EXPECT_EQ(chain->heads().latest.number, 1u);
  // Committed, the reads follow the head.
  ASSERT_TRUE(chain->commit_pending(hash_of(b2)));
  EXPECT_EQ(balance(*chain, bob_.address()), uint256(12));
  EXPECT_EQ(chain->storage(contract, Bytes32{}, std::nullopt).value(), Bytes32::right_aligned(two));
}

TEST_F(PendingBlocksTest, ReadsRacingWithPendingBlocksAndCommitsSeeOnlyCommittedState) {
  auto chain = open_on(store_);
  const Address contract = transition::create_address(alice_.address(), 0);
  const Block deployed = build_on(*chain, chain->head().hash, {deploy_slot_contract(alice_, 0)});
  ASSERT_TRUE(chain->commit_pending(hash_of(deployed)));
  // Block n pays bob n wei and writes n into the contract's slot; two blocks stay pending ahead
  // of every commit, and a competing block is built and dropped each round.
  constexpr std::uint64_t kBlocks = 12;
  std::atomic<bool> done = false;
  std::atomic<std::uint64_t> reads = 0;
  auto reader = std::async(std::launch::async, [&] {
    while (!done.load()) {
      const ChainHead head = chain->head();
      const uint256 paid = balance(*chain, bob_.address());
      const auto slot = chain->call(read_of(contract));
      EXPECT_TRUE(slot) << slot.error().message;
      // Block n (n >= 2) was the (n-1)th transfer: bob holds 1 + ... + (n-1) once it is the head.
      const std::uint64_t at_least = head.number < 2 ? 0 : (head.number - 1) * head.number / 2;
      EXPECT_GE(paid, uint256(at_least));
      EXPECT_LE(paid, uint256(kBlocks * (kBlocks + 1) / 2));
      ++reads;
    }
  });
  // Stops the reader however this test ends (destroyed before it).
  struct StopReader {
    std::atomic<bool>& done;
    ~StopReader() { done = true; }
  } stop{done};
  while (reads.load() == 0) std::this_thread::yield();  // the reader is running
  std::vector<Hash256> path{hash_of(deployed)};
  const auto round = [&](std::uint64_t n) {
    if (n <= kBlocks) {
      Bytes value(32, 0);
      value[31] = static_cast<Byte>(n);
      const Block block = build_on(*chain, path.back(),
                                   {transfer(alice_, bob_.address(), n, 2 * n - 1),
                                    transfer(alice_, contract, 0, 2 * n, value)});
      path.push_back(hash_of(block));
      // The rival also takes the new block's transactions (back in the pool once it left the
      // path); carol's transfer makes it another block. It returns to the pool with the drop.
      const Block rival =
          build_on(*chain, path[path.size() - 2], {transfer(carol_, dave_, 1, n - 1)});
      if (!chain->drop_pending(hash_of(rival))) return false;
    }
    const std::size_t next = chain->head().number;  // path[next] is the head's child
    return n < 3 || next >= path.size() || chain->commit_pending(path[next]).has_value();
  };
  for (std::uint64_t n = 1; n <= kBlocks + 2; ++n) {
    if (!round(n)) {
      ADD_FAILURE() << "round " << n;
      break;
    }
  }
  done = true;
  reader.get();
  EXPECT_EQ(chain->head().number, kBlocks + 1);
  EXPECT_EQ(balance(*chain, bob_.address()), uint256(kBlocks * (kBlocks + 1) / 2));
}

TEST_F(PendingBlocksTest, ARestartedNodeIsAtItsHeadWithNothingPending) {
  Block p2;
  Hash256 head;
  {
    auto chain = open_on(store_);
    const Block p1 = build_on(*chain, chain->head().hash, {transfer(alice_, bob_.address(), 1, 0)});
    p2 = build_on(*chain, hash_of(p1), {transfer(alice_, bob_.address(), 2, 1)});
    (void)build_on(*chain, hash_of(p2), {transfer(alice_, bob_.address(), 4, 2)});
    ASSERT_TRUE(chain->commit_pending(hash_of(p1)));
    head = chain->head().hash;
    EXPECT_EQ(chain->pending_blocks().size(), 2u);
  }
  auto chain = open_on(store_);
  EXPECT_EQ(chain->head().number, 1u);
  EXPECT_EQ(chain->head().hash, head);
  EXPECT_TRUE(chain->pending_blocks().empty());
  EXPECT_EQ(balance(*chain, bob_.address()), uint256(1));
  EXPECT_EQ(chain->account(alice_.address(), std::nullopt)->nonce, 1u);
  // The block that was pending can be added again.
  ASSERT_TRUE(chain->add_pending(p2));
  ASSERT_TRUE(chain->commit_pending(hash_of(p2)));
  EXPECT_EQ(balance(*chain, bob_.address()), uint256(3));
}

TEST_F(PendingBlocksTest, TheNumberOfPendingBlocksIsBounded) {
  auto chain = open_on(store_, 3);
  Hash256 parent = chain->head().hash;
  for (int i = 0; i < 3; ++i) parent = hash_of(build_on(*chain, parent, {}));
  const auto refused = chain->build_pending(
      parent, BlockOptions{.allow_empty = true, .final_on_commit = false, .proposer = {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kLimitExceeded);
  EXPECT_NE(refused.error().message.find("max_pending_blocks"), std::string::npos);
  ASSERT_TRUE(chain->drop_pending(parent));
  EXPECT_EQ(chain->pending_blocks().size(), 2u);
  EXPECT_TRUE(chain->build_pending(
      chain->pending_blocks().back().hash,
      BlockOptions{.allow_empty = true, .final_on_commit = false, .proposer = {}}));
}

TEST_F(PendingBlocksTest, DroppingABlockDropsItsDescendantsAndPoolsTheirTransactions) {
  auto chain = open_on(store_);
  const Block p1 = build_on(*chain, chain->head().hash, {transfer(alice_, bob_.address(), 1, 0)});
  const Block p2 = build_on(*chain, hash_of(p1), {transfer(alice_, bob_.address(), 2, 1)});
  (void)build_on(*chain, hash_of(p2), {transfer(alice_, bob_.address(), 3, 2)});
  EXPECT_EQ(chain->pending_count(), 0u);
  ASSERT_TRUE(chain->drop_pending(hash_of(p2)));
  ASSERT_EQ(chain->pending_blocks().size(), 1u);
  EXPECT_EQ(chain->pending_blocks()[0].hash, hash_of(p1));
  EXPECT_EQ(chain->pending_count(), 2u);
  EXPECT_EQ(chain->pending_nonce(alice_.address()), 3u);
  EXPECT_FALSE(chain->drop_pending(hash_of(p2)));  // not pending any more
  // Rebuilt on p1, the block takes both back.
  const Block again = build_on(*chain, hash_of(p1), {});
  EXPECT_EQ(again.transactions.size(), 2u);
}

TEST_F(PendingBlocksTest, PendingBlocksAndPreparedBlocksDoNotMix) {
  auto chain = open_on(store_);
  ASSERT_TRUE(chain->submit(transfer(alice_, bob_.address(), 1, 0)));
  auto prepared = chain->prepare_block(
      BlockOptions{.allow_empty = false, .final_on_commit = true, .proposer = {}});
  ASSERT_TRUE(prepared && prepared->has_value());
  const auto refused = chain->build_pending(chain->head().hash, BlockOptions{});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("prepared block"), std::string::npos);
  ASSERT_TRUE(chain->commit_block(std::move(**prepared)));

  (void)build_on(*chain, chain->head().hash, {});
  const auto mixed = chain->prepare_block(true);
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.error().message.find("pending"), std::string::npos);
}

}  // namespace
}  // namespace plexus::chain
