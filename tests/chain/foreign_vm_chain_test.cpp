// A subnet that enables a foreign VM: transactions reach it through the chain, its byte-keyed
// data is committed with the block (state root, flat records) and read back after a restart,
// and a failing foreign call's reason reaches eth_call's outcome.
#include <gtest/gtest.h>

#include "chain/subnet_chain.hpp"
#include "subnet_chain_fixture.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "exec/account.hpp"
#include "storage/memory_store.hpp"

namespace plexus::chain {
namespace {

constexpr std::uint64_t kForeignChainId = 31338;
const Bytes kKey{'n'};

// Counts calls in its own storage; input 0xff fails with a reason.
class CounterVm final : public exec::Vm {
 public:
  exec::CallResult execute(exec::Host& host, const exec::CallMessage& msg) override {
    exec::CallResult r;
    r.gas_left = msg.gas - 1000;
    if (!msg.input.empty() && msg.input[0] == 0xff) {
      r.status = exec::CallStatus::kFailure;
      r.error = "counter: bad input";
      return r;
    }
    const auto current = host.load(msg.recipient, exec::Namespace::kWasm, kKey);
    const Byte next = current ? static_cast<Byte>((*current)[0] + 1) : Byte{1};
    host.store(msg.recipient, exec::Namespace::kWasm, kKey, Bytes{next});
    const Bytes32 topic{};
    host.emit_log(msg.recipient, {&topic, 1}, Bytes{next});
    r.status = exec::CallStatus::kSuccess;
    r.output = Bytes{next};
    return r;
  }
  exec::CallResult create(exec::Host&, const exec::CallMessage&) override { return {}; }
  bool accepts_creation(BytesView) const override { return false; }
};

class ForeignVmChain : public test_support::SubnetChainTest {
 protected:
  ForeignVmChain() { contract_[19] = 0x42; }

  ChainConfig config() const {
    ChainConfig c = SubnetChainTest::config();
    c.chain_id = kForeignChainId;
    c.wasm_vm = std::make_shared<CounterVm>();
    c.params.genesis().foreign_vms = {exec::CodeKind::kWasm};
    exec::Account counter;
    counter.code = Bytes{0x00, 'a', 's', 'm'};
    counter.code_hash = keccak256(counter.code);
    counter.code_kind = exec::CodeKind::kWasm;
    c.genesis_accounts.emplace_back(contract_, std::move(counter));
    return c;
  }

  Bytes call_tx(std::uint64_t nonce) const {
    return signed_tx(contract_, 0, {}, nonce, 100'000, kForeignChainId);
  }

  Address contract_;
};

TEST_F(ForeignVmChain, ForeignWritesAreCommittedAndSurviveRestart) {
  Hash256 state_root;
  {
    auto chain = SubnetChain::open(store_, config()).value();
    ASSERT_TRUE(chain->submit(call_tx(0)));
    ASSERT_TRUE(chain->submit(call_tx(1)));
    const auto block = chain->produce_block(false).value();
    ASSERT_TRUE(block.has_value());
    ASSERT_EQ(block->receipts.size(), 2U);
    EXPECT_TRUE(block->receipts[1].success);
    EXPECT_EQ(block->receipts[1].logs.at(0).data, Bytes{2});
    EXPECT_EQ(chain->data(contract_, exec::Namespace::kWasm, kKey), Bytes{2});
    // One namespace's entries, keys without the namespace byte; other namespaces hold none.
    const auto entries = chain->data_entries(contract_, exec::Namespace::kWasm);
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].first, kKey);
    EXPECT_EQ(entries[0].second, Bytes{2});
    EXPECT_TRUE(chain->data_entries(contract_, exec::Namespace::kMoveModule).empty());
    state_root = block->block.header.state_root;
    EXPECT_EQ(chain->account(contract_, std::nullopt)->code_kind, exec::CodeKind::kWasm);
  }
  auto reopened = SubnetChain::open(store_, config()).value();
  EXPECT_EQ(reopened->data(contract_, exec::Namespace::kWasm, kKey), Bytes{2});
  EXPECT_EQ(reopened->account(contract_, std::nullopt)->code_kind, exec::CodeKind::kWasm);
  ASSERT_TRUE(reopened->submit(call_tx(2)));
  const auto next = reopened->produce_block(false).value();
  ASSERT_TRUE(next.has_value());
  EXPECT_NE(next->block.header.state_root, state_root);
  EXPECT_EQ(reopened->data(contract_, exec::Namespace::kWasm, kKey), Bytes{3});
}

TEST_F(ForeignVmChain, FailureReasonReachesTheCallOutcomeAndNothingIsKept) {
  auto chain = SubnetChain::open(store_, config()).value();
  CallRequest request;
  request.from = alice_.address();
  request.to = contract_;
  request.data = Bytes{0xff};
  const CallOutcome failed = chain->call(request).value();
  EXPECT_EQ(failed.status, evm::StatusCode::kFailure);
  EXPECT_EQ(failed.failure_reason, "counter: bad input");
  request.data = {};
  const CallOutcome ok = chain->call(request).value();
  EXPECT_EQ(ok.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(ok.output, Bytes{1});
  EXPECT_EQ(chain->data(contract_, exec::Namespace::kWasm, kKey), std::nullopt);  // simulated
}

// Governance enables the VM at a height: the node loaded it from the start, the blocks before
// the height do not run it (the contract's bytes are not WASM to them: 0x00 is the EVM's STOP, so
// the call does nothing), the blocks from it on do.
TEST_F(ForeignVmChain, AVmEnabledAtAHeightRunsFromThatHeight) {
  ChainConfig c = config();
  c.params.genesis().foreign_vms.clear();
  auto chain = SubnetChain::open(store_, std::move(c)).value();
  ChainParams enabled = chain->config().params.at(2);
  enabled.foreign_vms = {exec::CodeKind::kWasm};
  ASSERT_TRUE(chain->schedule_params(ParamsChange{2, enabled}));
  ASSERT_TRUE(chain->submit(call_tx(0)));
  const auto before = chain->produce_block(false).value();
  ASSERT_TRUE(before.has_value());
  EXPECT_TRUE(before->receipts.at(0).logs.empty()) << "block 1 does not run the VM";
  EXPECT_EQ(chain->data(contract_, exec::Namespace::kWasm, kKey), std::nullopt);
  ASSERT_TRUE(chain->submit(call_tx(1)));
  const auto after = chain->produce_block(false).value();
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->receipts.at(0).success) << "block 2 does";
  EXPECT_EQ(chain->data(contract_, exec::Namespace::kWasm, kKey), Bytes{1});
  // Disabling it again is refused.
  const auto disabled = chain->schedule_params(ParamsChange{5, chain->config().params.genesis()});
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().code, Errc::kNotSupported);
}

}  // namespace
}  // namespace plexus::chain
