// The consensus rules of a subnet: one header rule for building, simulating and verifying, and
// parameters that change only at the height they were scheduled for.
#include <gtest/gtest.h>

#include "chain/chain_params.hpp"
#include "chain/header_rules.hpp"
#include "storage/memory_store.hpp"
#include "subnet_chain_fixture.hpp"

namespace plexus::chain {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): the shared fixture

// Runtime: stores NUMBER, TIMESTAMP, PREVRANDAO, GASLIMIT and COINBASE in slots 0..4 and returns
// them as five words: what the code saw of its block.
const char* const kBlockProbeRuntime =
    "4380600055600052"
    "4280600155602052"
    "4480600255604052"
    "4580600355606052"
    "4180600455608052"
    "60a06000f3";

TEST_F(SubnetChainTest, ACallSeesTheBlockItWouldLandIn) {
  ChainConfig c = config();
  c.params.genesis().coinbase = Address::right_aligned(hex("c0ffee"));
  auto chain = SubnetChain::open(store_, c).value();
  ASSERT_TRUE(chain->submit(signed_tx(std::nullopt, 0, initcode_for(kBlockProbeRuntime), 0,
                                      300'000)));
  const auto deployed = chain->produce_block(false).value();
  ASSERT_TRUE(deployed && deployed->meta[0].contract_address);
  const Address probe = *deployed->meta[0].contract_address;

  CallRequest request{.from = alice_.address(), .to = probe, .gas = {}, .gas_price = 0,
                      .value = 0, .data = {}, .access_list = {}};
  const CallOutcome simulated = chain->call(request).value();
  ASSERT_EQ(simulated.status, evm::StatusCode::kSuccess);
  ASSERT_EQ(simulated.output.size(), 160u);

  ASSERT_TRUE(chain->submit(signed_tx(probe, 0, {}, 1, 300'000)));
  const auto block = chain->produce_block(false).value();
  ASSERT_TRUE(block && block->receipts[0].success);
  const char* const names[] = {"number", "timestamp", "prev_randao", "gas limit", "coinbase"};
  for (std::uint8_t i = 0; i < 5; ++i) {
    Bytes32 slot;
    slot[31] = i;
    const Bytes32 in_block = chain->storage(probe, slot, std::nullopt).value();
    const Bytes32 in_call = Bytes32::right_aligned(BytesView(simulated.output).subspan(32 * i, 32));
    EXPECT_EQ(in_call, in_block) << names[i];
  }
  EXPECT_EQ(block->block.header.mix_hash, keccak256(deployed->hash.view()));
}

TEST_F(SubnetChainTest, ParametersChangeAtTheScheduledHeightOnEveryNode) {
  ChainConfig c = config();
  ChainParams lower = c.params.genesis();
  lower.gas_limit = 20'000'000;
  lower.base_fee_change_denominator = 4;
  ASSERT_TRUE(c.params.schedule({3, lower}));
  auto builder = SubnetChain::open(store_, c).value();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(builder->produce_block(true).value().has_value());
  const auto gas_limit = [&](std::uint64_t n) {
    return builder->blocks().header_of(n).value().value().gas_limit;
  };
  EXPECT_EQ(gas_limit(2), 30'000'000u);
  EXPECT_EQ(gas_limit(3), 20'000'000u);
  EXPECT_EQ(gas_limit(4), 20'000'000u);

  // A node with the same schedule follows; one without it refuses block 3 and says why.
  kv::MemoryStore same_store;
  auto same = SubnetChain::open(same_store, c).value();
  kv::MemoryStore other_store;
  auto other = SubnetChain::open(other_store, config()).value();
  for (std::uint64_t n = 1; n <= 4; ++n) {
    const Block block = builder->blocks().by_number(n).value().value().block;
    ASSERT_TRUE(same->import_block(block)) << n;
    const auto imported = other->import_block(block);
    if (n < 3) {
      ASSERT_TRUE(imported) << n;
    } else if (n == 3) {
      ASSERT_FALSE(imported);
      EXPECT_NE(imported.error().message.find("gas limit 20000000, expected 30000000"),
                std::string::npos)
          << imported.error().message;
    }
  }
  EXPECT_EQ(same->head().hash, builder->head().hash);
  EXPECT_EQ(other->head().number, 2u);
}

TEST(ParamsSchedule, RefusesWhatCannotBeScheduled) {
  ParamsSchedule schedule;
  ChainParams params;
  EXPECT_FALSE(schedule.schedule({0, params}));  // genesis is not a change
  ASSERT_TRUE(schedule.schedule({10, params}));
  EXPECT_FALSE(schedule.schedule({10, params}));  // heights increase
  EXPECT_FALSE(schedule.schedule({5, params}));
  ChainParams tiny = params;
  tiny.gas_limit = 1'000;
  const auto refused = schedule.schedule({20, tiny});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("gas_limit"), std::string::npos);
  // A VM may be enabled at a height, never disabled again.
  ChainParams with_wasm = params;
  with_wasm.foreign_vms = {exec::CodeKind::kWasm};
  ASSERT_TRUE(schedule.schedule({30, with_wasm}));
  EXPECT_TRUE(schedule.at(29).foreign_vms.empty());
  EXPECT_EQ(schedule.at(30).foreign_vms, with_wasm.foreign_vms);
  const auto vm_change = schedule.schedule({40, params});
  ASSERT_FALSE(vm_change);
  EXPECT_EQ(vm_change.error().code, Errc::kNotSupported);
  EXPECT_EQ(vm_change.error().message, "not supported: disabling a VM at a height");
  EXPECT_EQ(schedule.at(9).gas_limit, params.gas_limit);
  EXPECT_EQ(schedule.changes().size(), 2u);
}

TEST(HeaderRules, TheBaseFeeFollowsTheSubnetsParameters) {
  BlockHeader parent;
  parent.gas_limit = 30'000'000;
  parent.gas_used = 30'000'000;  // full: the fee rises
  parent.base_fee_per_gas = uint256(1'000'000'000);
  ChainParams ethereum;
  ChainParams faster = ethereum;
  faster.base_fee_change_denominator = 4;
  ChainParams floored = ethereum;
  floored.min_base_fee = uint256(5'000'000'000ULL);
  const Hash256 parent_hash = keccak256(Bytes{1});
  EXPECT_EQ(*next_header(parent, parent_hash, ethereum, {}).base_fee_per_gas,
            uint256(1'125'000'000));
  EXPECT_EQ(*next_header(parent, parent_hash, faster, {}).base_fee_per_gas,
            uint256(1'250'000'000));
  EXPECT_EQ(*next_header(parent, parent_hash, floored, {}).base_fee_per_gas,
            uint256(5'000'000'000ULL));
  ChainParams proposer_pays = ethereum;
  proposer_pays.coinbase_policy = CoinbasePolicy::kProposer;
  const Address proposer = Address::right_aligned(Bytes{7});
  const BuildParams build{.now_seconds = 0, .proposer = proposer};
  EXPECT_EQ(next_header(parent, parent_hash, proposer_pays, build).coinbase, proposer);
}

}  // namespace
}  // namespace plexus::chain
