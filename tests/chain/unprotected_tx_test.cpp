// Legacy transactions without a chain id (pre-EIP-155) are valid on any chain that takes them,
// so a subnet refuses them unless its rules say otherwise (ChainParams::unprotected_txs): at
// admission with go-ethereum's message, and in a block built elsewhere as a consensus rule.
#include <gtest/gtest.h>

#include "subnet_chain_fixture.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture

class UnprotectedTxTest : public SubnetChainTest {
 protected:
  ChainConfig config_allowing(bool allowed) const {
    ChainConfig c = config();
    c.params.genesis().unprotected_txs = allowed;
    return c;
  }

  Bytes unprotected_transfer() const {
    tx::Transaction t;
    t.type = tx::Type::kLegacy;
    t.chain_id = 0;  // signed with v = 27/28
    t.gas_price = uint256(10'000'000'000ULL);
    t.gas_limit = 21000;
    t.to = bob_.address();
    t.value = 1;
    tx::sign(t, alice_);
    return tx::encode(t);
  }
};

TEST_F(UnprotectedTxTest, RefusedAtAdmissionByDefault) {
  auto chain = SubnetChain::open(store_, config_allowing(false)).value();
  const auto hash = chain->submit(unprotected_transfer());
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().message, "only replay-protected (EIP-155) transactions allowed over RPC");
  EXPECT_EQ(chain->pending_nonce(alice_.address()), 0u);
}

TEST_F(UnprotectedTxTest, AcceptedAndMinedWhereTheRulesAllowThem) {
  auto chain = SubnetChain::open(store_, config_allowing(true)).value();
  const auto hash = chain->submit(unprotected_transfer());
  ASSERT_TRUE(hash) << hash.error().message;
  ASSERT_TRUE(chain->produce_block(false).value().has_value());
  EXPECT_TRUE(chain->blocks().locate(*hash).value().has_value());
}

TEST_F(UnprotectedTxTest, ABlockCarryingOneIsInvalidWhereTheRulesRefuseThem) {
  auto builder = SubnetChain::open(store_, config_allowing(true)).value();
  ASSERT_TRUE(builder->submit(unprotected_transfer()));
  const auto block = builder->produce_block(false).value();
  ASSERT_TRUE(block.has_value());

  kv::MemoryStore other;
  auto follower = SubnetChain::open(other, config_allowing(false)).value();
  const auto imported = follower->import_block(block->block);
  ASSERT_FALSE(imported);
  EXPECT_NE(imported.error().message.find("unprotected transaction"), std::string::npos)
      << imported.error().message;
  EXPECT_EQ(follower->head().number, 0u);
}

}  // namespace
}  // namespace plexus::chain
