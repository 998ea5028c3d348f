// The dev node's view: one platform block per submitted operation.
#include "platform/registry.hpp"

#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

std::string refusal(const Result<void>& r) { return r ? "ok" : r.error().message; }

TEST(RegistryTest, EachAcceptedOperationIsABlock) {
  kv::MemoryStore store;
  PlatformConfig config = test_config();
  config.max_staking_period = kNoEnd;
  auto registry = PlatformRegistry::open(store, test_genesis(), config).value();
  const Hash256 genesis_root = registry->root();
  // The registry dates blocks by the wall clock: a period from now on, without an end.
  const AddValidator add = validator_op(1, 0, kNoEnd);
  EXPECT_EQ(refusal(registry->apply(sign(add, {1}, 0))), "ok");
  EXPECT_EQ(registry->height(), 1u);
  EXPECT_NE(registry->root(), genesis_root);
  EXPECT_EQ(registry->balance(addr(1)), plx(8000) - fee());
  EXPECT_EQ(registry->nonce(addr(1)), 1u);
  // Refused: no block, nothing changes.
  EXPECT_EQ(refusal(registry->apply(sign(add, {1}, 1))), "platform: node id already a validator");
  EXPECT_EQ(refusal(registry->apply(sign(add, {1}, 0))), "platform: nonce 0, expected 1");
  EXPECT_EQ(registry->height(), 1u);
  EXPECT_EQ(refusal(registry->apply(sign(subnet_spec("wasm", 7), {2}, 0))), "ok");
  EXPECT_EQ(refusal(registry->apply(sign(AddSubnetValidator{"wasm", addr(1), 10}, {2}, 1))), "ok");
  ASSERT_TRUE(registry->subnet("wasm"));
  EXPECT_EQ(registry->subnet("wasm")->validators.at(addr(1)).weight, 10u);
  EXPECT_EQ(registry->subnets().size(), 1u);
  ASSERT_EQ(registry->validators().size(), 1u);
  EXPECT_EQ(registry->validators()[0].stake, plx(2000));
  EXPECT_EQ(registry->validator_set("wasm", 3).value(), (ValidatorSet{{addr(1), 10, bls_key(1)}}));
  EXPECT_EQ(registry->validator_set("wasm", 3).value().size(), 1u);
  EXPECT_TRUE(registry->scheduled_changes("wasm").empty());

  registry.reset();
  auto reopened = PlatformRegistry::open(store, test_genesis()).value();
  EXPECT_EQ(reopened->height(), 3u);
  EXPECT_EQ(reopened->nonce(addr(2)), 2u);
}

// In a network operations wait in the pool: the next one of an issuer goes past them (the CLI
// signs with it, so an operation pooled from the same key does not make it fail).
TEST(RegistryTest, ThePendingNonceGoesPastPooledOperations) {
  kv::MemoryStore store;
  auto registry = PlatformRegistry::open(store, test_genesis()).value();
  const auto pay = [](std::uint64_t nonce, std::uint64_t amount) {
    return sign(Transfer{addr(9), plx(amount)}, {1}, nonce);
  };
  EXPECT_EQ(registry->pending_nonce(addr(1)), 0u);
  ASSERT_TRUE(registry->submit(pay(0, 10)));
  ASSERT_TRUE(registry->submit(pay(1, 10)));
  EXPECT_EQ(registry->nonce(addr(1)), 0u);  // nothing final yet
  EXPECT_EQ(registry->pending_nonce(addr(1)), 2u);
  EXPECT_EQ(registry->pending_nonce(addr(2)), 0u);  // another issuer's pool is empty
  EXPECT_FALSE(registry->submit(pay(0, 5))) << "the final nonce is taken by a pooled one";
  EXPECT_TRUE(registry->submit(pay(2, 5)));
  EXPECT_EQ(registry->pending_nonce(addr(1)), 3u);
}

}  // namespace
}  // namespace plexus::platform::testing
