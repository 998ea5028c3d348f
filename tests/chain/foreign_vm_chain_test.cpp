// A subnet that enables a foreign VM: transactions reach it through the chain, its byte-keyed
// data is committed with the block (state root, flat records) and read back after a restart,
// and a failing foreign call's reason reaches eth_call's outcome.
#include <gtest/gtest.h>

#include "chain/subnet_chain.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "exec/account.hpp"
#include "storage/memory_store.hpp"
#include "subnet_chain_fixture.hpp"

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

// A call at an older block sees the VM's byte-keyed data as that block left it, read from the
// storage trie at its root, not the flat records (which hold the head's values).
TEST_F(ForeignVmChain, ACallAtAnOlderBlockReadsThatBlocksData) {
  auto chain = SubnetChain::open(store_, config()).value();
  for (std::uint64_t nonce = 0; nonce < 3; ++nonce) {
    ASSERT_TRUE(chain->submit(call_tx(nonce)));
    ASSERT_TRUE(chain->produce_block(false).value().has_value());
  }
  ASSERT_EQ(chain->data(contract_, exec::Namespace::kWasm, kKey), Bytes{3});
  CallRequest request;
  request.from = alice_.address();
  request.to = contract_;
  // The counter returns its stored value plus one: at block n it holds n.
  for (std::uint64_t block = 0; block <= 3; ++block) {
    const auto outcome = chain->call(request, block);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->status, evm::StatusCode::kSuccess);
    EXPECT_EQ(outcome->output, Bytes{static_cast<Byte>(block + 1)}) << "at block " << block;
  }
  const auto latest = chain->call(request, std::nullopt);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->output, Bytes{4});
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

// What a VM needs in state (Move's standard library, in the node) is written by the block that
// first runs it, before its transactions, whether the block is built or verified: a chain that
// imports the blocks reaches the same state roots. Genesis writes it when the VM runs from block 0.
TEST_F(ForeignVmChain, AVmEnabledAtAHeightHasItsAccountsFromThatBlock) {
  Address library;
  library[19] = 0x01;
  const Bytes key = exec::data_key(exec::Namespace::kMoveModule, Bytes{'m'});
  const auto with_library = [&](bool from_genesis) {
    ChainConfig c = config();
    c.params.genesis().foreign_vms.clear();
    if (from_genesis) c.params.genesis().foreign_vms = {exec::CodeKind::kWasm};
    exec::Account account;
    account.data.insert_or_assign(key, Bytes{'l', 'i', 'b'});
    c.vm_accounts[exec::CodeKind::kWasm] = {{library, std::move(account)}};
    return c;
  };
  auto builder = SubnetChain::open(store_, with_library(false)).value();
  kv::MemoryStore other;
  auto verifier = SubnetChain::open(other, with_library(false)).value();
  ChainParams enabled = builder->config().params.at(2);
  enabled.foreign_vms = {exec::CodeKind::kWasm};
  for (SubnetChain* chain : {builder.get(), verifier.get()})
    ASSERT_TRUE(chain->schedule_params(ParamsChange{2, enabled}));
  for (std::uint64_t height = 1; height <= 3; ++height) {
    ASSERT_TRUE(builder->submit(call_tx(height - 1)));
    const auto block = builder->produce_block(false).value();
    ASSERT_TRUE(block.has_value());
    const auto imported = verifier->import_block(block->block);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(imported->block.header.state_root, block->block.header.state_root);
    const auto stored = builder->data(library, exec::Namespace::kMoveModule, Bytes{'m'});
    if (height < 2) {
      EXPECT_EQ(stored, std::nullopt) << "block " << height;
    } else {
      EXPECT_EQ(stored, (Bytes{'l', 'i', 'b'})) << "block " << height;
      EXPECT_EQ(verifier->data(library, exec::Namespace::kMoveModule, Bytes{'m'}), stored);
    }
  }
  kv::MemoryStore third;
  auto from_genesis = SubnetChain::open(third, with_library(true)).value();
  EXPECT_EQ(from_genesis->data(library, exec::Namespace::kMoveModule, Bytes{'m'}),
            (Bytes{'l', 'i', 'b'}));
}

}  // namespace
}  // namespace plexus::chain
