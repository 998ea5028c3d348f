#include "chain/mempool.hpp"

#include <gtest/gtest.h>

#include "chain/tx_errors.hpp"

namespace plexus::chain {
namespace {

constexpr std::uint64_t kGwei = 1'000'000'000;
constexpr std::uint64_t kBlockGas = 30'000'000;
const uint256 kRich = ~uint256(0);  // a balance no test transaction can overdraw

Address addr(Byte b) {
  Address a;
  a[19] = b;
  return a;
}

PooledTx tx(Byte sender, std::uint64_t nonce, std::uint64_t max_fee, std::uint64_t tip,
            Byte salt = 0) {
  PooledTx t;
  t.sender = addr(sender);
  t.nonce = nonce;
  t.max_fee_per_gas = max_fee;
  t.max_priority_fee_per_gas = tip;
  t.gas_limit = 21000;
  t.hash[0] = sender;
  t.hash[1] = static_cast<Byte>(nonce);
  t.hash[2] = static_cast<Byte>(nonce >> 8);
  t.hash[3] = salt;
  t.raw = {0x02, sender, static_cast<Byte>(nonce)};
  return t;
}

std::string message(const Result<AddOutcome>& r) { return r ? "ok" : r.error().message; }

TEST(Mempool, RejectsWithEthereumMessages) {
  Mempool pool;
  EXPECT_EQ(message(pool.add(tx(1, 4, 10 * kGwei, kGwei), 5, kGwei, kBlockGas, kRich)),
            "nonce too low");
  EXPECT_EQ(message(pool.add(tx(1, 5, kGwei / 2, 1), 5, kGwei, kBlockGas, kRich)),
            "max fee per gas less than block base fee");
  EXPECT_EQ(message(pool.add(tx(1, 5, kGwei, 2 * kGwei), 5, kGwei, kBlockGas, kRich)),
            "max priority fee per gas higher than max fee per gas");
  PooledTx big = tx(1, 5, 10 * kGwei, kGwei);
  big.gas_limit = kBlockGas + 1;
  EXPECT_EQ(message(pool.add(big, 5, kGwei, kBlockGas, kRich)), "exceeds block gas limit");
  EXPECT_EQ(message(pool.add(tx(1, 5 + 256, 10 * kGwei, kGwei), 5, kGwei, kBlockGas, kRich)),
            "nonce too high");
  ASSERT_TRUE(pool.add(tx(1, 5, 10 * kGwei, kGwei), 5, kGwei, kBlockGas, kRich));
  EXPECT_EQ(message(pool.add(tx(1, 5, 10 * kGwei, kGwei), 5, kGwei, kBlockGas, kRich)),
            "already known");
  EXPECT_EQ(pool.size(), 1u);
}

TEST(Mempool, ReplacementNeedsTenPercentBumpOnBothFees) {
  Mempool pool;
  ASSERT_EQ(*pool.add(tx(1, 0, 100 * kGwei, 10 * kGwei), 0, kGwei, kBlockGas, kRich),
            AddOutcome::kAdded);
  // 9% more on both fields, or 10% on only one of them, is not enough.
  EXPECT_EQ(message(pool.add(tx(1, 0, 109 * kGwei, 11 * kGwei, 1), 0, kGwei, kBlockGas, kRich)),
            "replacement transaction underpriced");
  EXPECT_EQ(message(pool.add(tx(1, 0, 110 * kGwei, 10 * kGwei, 2), 0, kGwei, kBlockGas, kRich)),
            "replacement transaction underpriced");
  const auto replaced = pool.add(tx(1, 0, 110 * kGwei, 11 * kGwei, 3), 0, kGwei, kBlockGas, kRich);
  ASSERT_TRUE(replaced) << replaced.error().message;
  EXPECT_EQ(*replaced, AddOutcome::kReplaced);
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_FALSE(pool.contains(tx(1, 0, 100 * kGwei, 10 * kGwei).hash));
  EXPECT_TRUE(pool.contains(tx(1, 0, 110 * kGwei, 11 * kGwei, 3).hash));
}

TEST(Mempool, EnforcesGlobalAndPerSenderLimits) {
  Mempool pool(MempoolConfig{.max_transactions = 3, .max_per_sender = 2, .price_bump_percent = 10});
  ASSERT_TRUE(pool.add(tx(1, 0, 2 * kGwei, 1), 0, kGwei, kBlockGas, kRich));
  ASSERT_TRUE(pool.add(tx(1, 1, 2 * kGwei, 1), 0, kGwei, kBlockGas, kRich));
  const auto third = pool.add(tx(1, 1 + 1, 2 * kGwei, 1), 1, kGwei, kBlockGas, kRich);
  // State nonce 1 drops nonce 0, so sender 1 has room again.
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_EQ(pool.size(), 2u);
  // Sender 1 now holds nonces 1 and 2: its whole window of two.
  EXPECT_EQ(message(pool.add(tx(1, 3, 2 * kGwei, 1), 1, kGwei, kBlockGas, kRich)),
            "nonce too high");
  ASSERT_TRUE(pool.add(tx(2, 0, 2 * kGwei, 1), 0, kGwei, kBlockGas, kRich));
  const auto full = pool.add(tx(3, 0, 2 * kGwei, 1), 0, kGwei, kBlockGas, kRich);
  EXPECT_EQ(message(full), "txpool is full");
  EXPECT_EQ(full.error().code, Errc::kLimitExceeded);
  // A replacement still fits in a full pool.
  EXPECT_TRUE(pool.add(tx(2, 0, 3 * kGwei, 2, 9), 0, kGwei, kBlockGas, kRich));
}

TEST(Mempool, PendingOrdersByNonceThenEffectiveTip) {
  Mempool pool;
  const std::uint64_t base = 10 * kGwei;
  // Sender 1: tip 1 gwei. Sender 2: tip 5 gwei but nonce 1 capped by its fee cap (tip 2 gwei).
  // Sender 3: gap (nonce 1 missing), so only nonce 0 is executable.
  ASSERT_TRUE(pool.add(tx(1, 0, 20 * kGwei, 1 * kGwei), 0, base, kBlockGas, kRich));
  ASSERT_TRUE(pool.add(tx(1, 1, 20 * kGwei, 1 * kGwei), 0, base, kBlockGas, kRich));
  ASSERT_TRUE(pool.add(tx(2, 1, 12 * kGwei, 5 * kGwei), 0, base, kBlockGas, kRich));
  ASSERT_TRUE(pool.add(tx(2, 0, 20 * kGwei, 5 * kGwei), 0, base, kBlockGas, kRich));
  ASSERT_TRUE(pool.add(tx(3, 0, 20 * kGwei, 3 * kGwei), 0, base, kBlockGas, kRich));
  ASSERT_TRUE(pool.add(tx(3, 2, 20 * kGwei, 9 * kGwei), 0, base, kBlockGas, kRich));

  const auto order = pool.pending(base, 100);
  std::vector<std::pair<int, std::uint64_t>> got;
  for (const PooledTx& t : order) got.emplace_back(t.sender[19], t.nonce);
  const std::vector<std::pair<int, std::uint64_t>> expected{{2, 0}, {3, 0}, {2, 1}, {1, 0}, {1, 1}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(pool.pending(base, 2).size(), 2u);
  // A higher base fee excludes sender 2's nonce 1 (fee cap 12 gwei) and everything after it.
  const auto expensive = pool.pending(15 * kGwei, 100);
  EXPECT_EQ(expensive.size(), 4u);
  EXPECT_EQ(pool.pending_nonce(addr(3), 0), 1u);
  EXPECT_EQ(pool.pending_nonce(addr(1), 0), 2u);
  EXPECT_EQ(pool.pending_nonce(addr(9), 7), 7u);
}

TEST(Mempool, BlockInclusionAndRemoval) {
  Mempool pool;
  for (std::uint64_t n = 0; n < 4; ++n)
    ASSERT_TRUE(pool.add(tx(1, n, 2 * kGwei, 1), 0, kGwei, kBlockGas, kRich));
  pool.set_state_nonce(addr(1), 2);
  EXPECT_EQ(pool.size(), 2u);
  // A caller with a stale state nonce cannot slip in a transaction below the known one.
  EXPECT_EQ(message(pool.add(tx(1, 1, 9 * kGwei, 1, 5), 0, kGwei, kBlockGas, kRich)),
            "nonce too low");
  EXPECT_FALSE(pool.get(tx(1, 1, 2 * kGwei, 1).hash));
  const auto kept = pool.get(tx(1, 2, 2 * kGwei, 1).hash);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->raw, tx(1, 2, 2 * kGwei, 1).raw);
  EXPECT_EQ(pool.pending(kGwei, 10).size(), 2u);
  EXPECT_TRUE(pool.remove(tx(1, 2, 2 * kGwei, 1).hash));
  EXPECT_FALSE(pool.remove(tx(1, 2, 2 * kGwei, 1).hash));
  EXPECT_TRUE(pool.pending(kGwei, 10).empty());  // nonce 3 waits behind the gap
  EXPECT_EQ(pool.size(), 1u);
}

TEST(Mempool, TakesDecodedTransactions) {
  tx::Transaction legacy;
  legacy.type = tx::Type::kLegacy;
  legacy.nonce = 3;
  legacy.gas_price = 5 * kGwei;
  legacy.gas_limit = 21000;
  const PooledTx pooled = make_pooled_tx(legacy, addr(4), {0xc0});
  EXPECT_EQ(pooled.max_fee_per_gas, uint256(5 * kGwei));
  EXPECT_EQ(pooled.max_priority_fee_per_gas, uint256(5 * kGwei));
  EXPECT_EQ(pooled.hash, tx::hash(legacy));
  EXPECT_EQ(pooled.sender, addr(4));
  EXPECT_EQ(pooled.nonce, 3u);
  tx::Transaction dynamic = legacy;
  dynamic.type = tx::Type::kDynamicFee;
  dynamic.max_fee_per_gas = 9 * kGwei;
  dynamic.max_priority_fee_per_gas = 2 * kGwei;
  const PooledTx p2 = make_pooled_tx(dynamic, addr(4), {});
  EXPECT_EQ(p2.max_fee_per_gas, uint256(9 * kGwei));
  EXPECT_EQ(p2.max_priority_fee_per_gas, uint256(2 * kGwei));
}

TEST(Mempool, RefusesWhatTheSendersPooledTransactionsCouldOverdraw) {
  Mempool pool;
  const auto costing = [](std::uint64_t nonce, std::uint64_t cost, Byte salt = 0) {
    PooledTx t = tx(1, nonce, 2 * kGwei, 1, salt);
    t.max_cost = cost;
    return t;
  };
  ASSERT_TRUE(pool.add(costing(0, 600), 0, kGwei, kBlockGas, 1000));
  EXPECT_EQ(message(pool.add(costing(1, 401), 0, kGwei, kBlockGas, 1000)),
            "insufficient funds for gas * price + value: balance 1000, queued cost 600, tx cost "
            "401");
  ASSERT_TRUE(pool.add(costing(1, 400), 0, kGwei, kBlockGas, 1000));
  // A replacement counts instead of the transaction it replaces, not besides it.
  PooledTx bigger = costing(1, 400, 7);
  bigger.max_fee_per_gas = 3 * kGwei;
  bigger.max_priority_fee_per_gas = 2;
  EXPECT_TRUE(pool.add(bigger, 0, kGwei, kBlockGas, 1000));
  // Costs near 2^256 never wrap into an affordable sum.
  PooledTx huge = costing(2, 0);
  huge.max_cost = ~uint256(0) - 500;
  EXPECT_TRUE(
      message(pool.add(huge, 0, kGwei, kBlockGas, kRich)).starts_with("insufficient funds"));
  EXPECT_EQ(pool.size(), 2u);
}

TEST(Mempool, ReplacementBumpOfAHugeFeeDoesNotWrap) {
  Mempool pool;
  PooledTx old_tx = tx(1, 0, 0, 0);
  // 110% of this fee is just above 2^256: wrapped, it would be below 110, and any fee would do.
  const uint256 fee = ~uint256(0) / 110 + 1;
  old_tx.max_fee_per_gas = fee;
  old_tx.max_priority_fee_per_gas = 1;
  ASSERT_TRUE(pool.add(old_tx, 0, kGwei, kBlockGas, kRich));
  PooledTx cheaper = tx(1, 0, 0, 0, 1);
  cheaper.max_fee_per_gas = 2 * kGwei;
  cheaper.max_priority_fee_per_gas = 2;
  EXPECT_EQ(message(pool.add(cheaper, 0, kGwei, kBlockGas, kRich)),
            "replacement transaction underpriced");
  EXPECT_EQ(pool.get(old_tx.hash)->max_fee_per_gas, fee);
}

}  // namespace
}  // namespace plexus::chain
