// Property: a transaction hash that admission returns always leads to a receipt or to a pool
// entry, and a sender's nonce moves by exactly the transactions of it that blocks hold. The
// transactions are generated around every 64-, 128- and 256-bit boundary of the fields that
// enter the cost (gas limit, fee cap, tip, value) and of the nonce, so any wrapped arithmetic in
// admission, the pool, block building or the state transition shows up as a hash found nowhere.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "core/hash.hpp"
#include "subnet_chain_fixture.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture

uint256 pow2(unsigned bits) { return uint256(1) << bits; }

// 0, small values, and each power-of-two boundary minus one, itself and plus one.
std::vector<uint256> boundary_values() {
  std::vector<uint256> out = {0, 1, 2, 21000, uint256(1'000'000'000ULL), kEther};
  for (const unsigned bits : {32u, 63u, 64u, 127u, 128u, 255u}) {
    out.push_back(pow2(bits) - 1);
    out.push_back(pow2(bits));
    out.push_back(pow2(bits) + 1);
  }
  out.push_back(~uint256(0) - 1);
  out.push_back(~uint256(0));
  return out;
}

std::vector<std::uint64_t> gas_values() {
  constexpr std::uint64_t kMax = ~std::uint64_t{0};
  return {0,          20999,      21000,           21001,       100'000,      30'000'000,
          30'000'001, 1ULL << 32, (1ULL << 32) - 1, 1ULL << 63, (1ULL << 63) - 1, kMax - 1,
          kMax};
}

class AdmissionProperty : public SubnetChainTest {
 protected:
  ChainConfig rich_config() const {
    ChainConfig c = config();
    // A sender that can afford values near 2^256 while the supply stays below it, so no balance
    // a transfer credits can wrap either.
    c.alloc.push_back({whale_.address(), ~uint256(0) - kEther * uint256(1000)});
    return c;
  }

  // An ordinary EIP-1559 transfer of `value` to bob, nonce 0.
  Bytes whale_transfer(const uint256& value) const {
    tx::Transaction t;
    t.type = tx::Type::kDynamicFee;
    t.chain_id = kChainId;
    t.max_fee_per_gas = uint256(10'000'000'000ULL);
    t.gas_limit = 21000;
    t.to = bob_.address();
    t.value = value;
    tx::sign(t, whale_);
    return tx::encode(t);
  }

  secp256k1::PrivateKey whale_ = secp256k1::PrivateKey::from_seed(hex("e1"));
};

TEST_F(AdmissionProperty, EveryReturnedHashLeadsToAReceiptOrAPoolEntry) {
  auto chain = SubnetChain::open(store_, rich_config()).value();
  const std::vector<uint256> values = boundary_values();
  const std::vector<std::uint64_t> gases = gas_values();
  std::mt19937_64 rng(20260105);
  const auto pick = [&](const auto& choices) {
    return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(rng)];
  };
  const auto chance = [&](unsigned percent) {
    return std::uniform_int_distribution<unsigned>(0, 99)(rng) < percent;
  };

  const secp256k1::PrivateKey* keys[] = {&alice_, &whale_};
  std::map<Hash256, Address> returned;
  std::map<Hash256, std::string> described;
  // A transaction for a nonce already pooled replaces the pooled one (fee bump): that one's hash
  // then rightly leads nowhere.
  std::map<std::pair<Address, std::uint64_t>, Hash256> by_nonce;
  std::set<Hash256> replaced;
  std::size_t refused = 0;
  for (int i = 0; i < 600; ++i) {
    const secp256k1::PrivateKey& key = *keys[i % 2];
    tx::Transaction t;
    t.type = chance(50) ? tx::Type::kDynamicFee : (chance(50) ? tx::Type::kLegacy
                                                               : tx::Type::kAccessList);
    t.chain_id = kChainId;
    const std::uint64_t next = chain->pending_nonce(key.address());
    t.nonce = chance(75) ? next : pick(std::vector<std::uint64_t>{
                                      0, next + 1, ~std::uint64_t{0}, ~std::uint64_t{0} - 1});
    // Mostly gas limits and fees that can run, so blocks do include boundary values.
    t.gas_limit = chance(60) ? 21000 : pick(gases);
    const uint256 fee = chance(60) ? uint256(10'000'000'000ULL) : pick(values);
    t.gas_price = fee;
    t.max_fee_per_gas = fee;
    t.max_priority_fee_per_gas = chance(50) ? uint256(1'000'000'000ULL) : pick(values);
    t.value = chance(30) ? uint256(i) : pick(values);
    t.to = bob_.address();
    tx::sign(t, key);
    // Whether this one, if admitted, replaces a pooled transaction (checked before, so a
    // transaction that vanished earlier is not mistaken for a replaced one).
    const auto same_nonce = by_nonce.find({key.address(), t.nonce});
    const bool replaces = same_nonce != by_nonce.end() &&
                          chain->pending_transaction(same_nonce->second).has_value();
    const auto hash = chain->submit(tx::encode(t));
    if (hash) {
      returned.emplace(*hash, key.address());
      if (replaces) replaced.insert(same_nonce->second);
      by_nonce[{key.address(), t.nonce}] = *hash;
      described[*hash] = "type " + std::to_string(static_cast<int>(t.type)) + " nonce " +
                         std::to_string(t.nonce) + " gas " + std::to_string(t.gas_limit) +
                         " fee " + t.max_fee_per_gas.str() + " tip " +
                         t.max_priority_fee_per_gas.str() + " value " + t.value.str() +
                         " at " + std::to_string(i);
    } else {
      ++refused;
    }
    if (i % 10 == 9) {
      ASSERT_TRUE(chain->produce_block(false));
    }
  }
  while (true) {
    const auto block = chain->produce_block(false);
    ASSERT_TRUE(block) << block.error().message;
    if (!block->has_value()) break;
  }

  std::map<Address, std::uint64_t> mined;
  for (const auto& [hash, sender] : returned) {
    const auto location = chain->blocks().locate(hash);
    ASSERT_TRUE(location);
    if (location->has_value()) {
      ++mined[sender];
      continue;
    }
    if (replaced.contains(hash)) continue;
    EXPECT_TRUE(chain->pending_transaction(hash).has_value())
        << "acknowledged transaction " << to_hex(hash) << " is in no block and not pooled: "
        << described[hash];
  }
  for (const secp256k1::PrivateKey* key : keys)
    EXPECT_EQ(chain->account(key->address(), std::nullopt)->nonce, mined[key->address()]);
  // The generator must exercise both sides, or the property says nothing.
  EXPECT_GT(mined[alice_.address()] + mined[whale_.address()], 100u);
  EXPECT_GT(refused, 100u);
}

// The case the issue reports: value 2^256 - 1 made gas * fee + value wrap to a small cost.
TEST_F(AdmissionProperty, ACostAbove2To256IsRefusedAtAdmission) {
  auto chain = SubnetChain::open(store_, rich_config()).value();
  const auto hash = chain->submit(whale_transfer(~uint256(0)));
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().message,
            "insufficient funds for gas * price + value: balance " +
                (~uint256(0) - kEther * uint256(1000)).str() + ", tx cost above 2^256-1");
  EXPECT_EQ(chain->pending_nonce(whale_.address()), 0u);
}

// EIP-3607: the state transition refuses a sender with code, so admission must too, or the
// hash it returns would lead nowhere.
TEST_F(AdmissionProperty, ASenderWithCodeIsRefusedAtAdmission) {
  ChainConfig c = config();
  exec::Account with_code;
  with_code.balance = kEther;
  with_code.code = hex("00");
  with_code.code_hash = keccak256(with_code.code);
  with_code.code_kind = exec::CodeKind::kEvm;
  c.genesis_accounts.emplace_back(whale_.address(), with_code);
  auto chain = SubnetChain::open(store_, c).value();
  const auto hash = chain->submit(whale_transfer(0));
  ASSERT_FALSE(hash);
  EXPECT_TRUE(hash.error().message.starts_with("sender not an eoa")) << hash.error().message;
}

}  // namespace
}  // namespace plexus::chain
