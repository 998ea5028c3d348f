// The Move router end to end on a map-based host: publishing, entry calls, aborts, events,
// envelope errors and gas.
#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "move/adapter/address.hpp"
#include "router_fixture.hpp"

namespace plexus::move::testing {
namespace {

using exec::CallStatus;

constexpr std::string_view kCoin = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin";

class CoinTest : public RouterTest {
 protected:
  void fund(std::uint64_t amount) {
    for (const Address& a : {kPublisher, kAlice})
      ASSERT_EQ(call(a, kPublisher, "coin", "register", {}).status, CallStatus::kSuccess);
    const auto r =
        call(kPublisher, kPublisher, "coin", "mint", {bcs_address(kPublisher), bcs_u64(amount)});
    ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  }
};

TEST_F(CoinTest, PublishStoresModulesUnderTheirPublishers) {
  EXPECT_TRUE(host.load(kStd, exec::Namespace::kMoveModule, as_bytes("vector")));
  EXPECT_TRUE(host.load(kStd, exec::Namespace::kMoveModule, as_bytes("evm")));
  EXPECT_TRUE(host.load(kPublisher, exec::Namespace::kMoveModule, as_bytes("coin")));
  EXPECT_FALSE(host.load(kAlice, exec::Namespace::kMoveModule, as_bytes("coin")));
}

TEST_F(CoinTest, MintAndTransferMoveBalances) {
  fund(100);
  EXPECT_EQ(stored_balance(kPublisher), 100u);
  EXPECT_EQ(stored_balance(kAlice), 0u);
  const auto r =
      call(kPublisher, kPublisher, "coin", "transfer", {bcs_address(kAlice), bcs_u64(30)});
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_TRUE(r.output.empty());
  EXPECT_EQ(stored_balance(kPublisher), 70u);
  EXPECT_EQ(stored_balance(kAlice), 30u);
  // The view function returns the BCS of its u64.
  const auto view = call(kAlice, kPublisher, "coin", "balance", {bcs_address(kAlice)});
  ASSERT_EQ(view.status, CallStatus::kSuccess) << view.error;
  EXPECT_EQ(view.output, bcs_u64(30));
  EXPECT_GT(view.gas_left, 0);
  EXPECT_LT(view.gas_left, 1'000'000);
}

TEST_F(CoinTest, TransferEmitsTheTransferEventAsALog) {
  fund(100);
  host.logs.clear();
  ASSERT_EQ(
      call(kPublisher, kPublisher, "coin", "transfer", {bcs_address(kAlice), bcs_u64(7)}).status,
      CallStatus::kSuccess);
  ASSERT_EQ(host.logs.size(), 1u);
  const Log& log = host.logs[0];
  EXPECT_EQ(log.address, kPublisher);
  ASSERT_EQ(log.topics.size(), 1u);
  EXPECT_EQ(log.topics[0], keccak256(as_bytes(std::string(kCoin) + "::Transfer")));
  Bytes data = bcs_address(kPublisher);
  const Bytes to = bcs_address(kAlice), amount = bcs_u64(7);
  data.insert(data.end(), to.begin(), to.end());
  data.insert(data.end(), amount.begin(), amount.end());
  EXPECT_EQ(log.data, data);
}

TEST_F(CoinTest, InsufficientBalanceRevertsWithAReadableReason) {
  fund(10);
  const auto storage = host.storage;
  const auto logs = host.logs.size();
  const auto r =
      call(kPublisher, kPublisher, "coin", "transfer", {bcs_address(kAlice), bcs_u64(11)});
  ASSERT_EQ(r.status, CallStatus::kRevert);
  const std::string reason = std::string("Move abort ") + std::string(kCoin) + "::transfer code 3";
  EXPECT_EQ(r.error, reason);
  EXPECT_EQ(r.output, abi_error_string(reason));
  EXPECT_GT(r.gas_left, 0);
  EXPECT_EQ(host.storage, storage);
  EXPECT_EQ(host.logs.size(), logs);
}

TEST(AbiErrorString, EncodesSolidityErrorString) {
  const Bytes b = abi_error_string("abc");
  ASSERT_EQ(b.size(), 4u + 32 + 32 + 32);
  EXPECT_EQ(Bytes(b.begin(), b.begin() + 4), (Bytes{0x08, 0xc3, 0x79, 0xa0}));
  EXPECT_EQ(b[4 + 31], 0x20);
  EXPECT_EQ(b[4 + 63], 3);
  EXPECT_EQ(b[4 + 64], 'a');
  EXPECT_EQ(b.back(), 0);
}

TEST_F(CoinTest, OnlyThePublisherMints) {
  fund(1);
  const auto r = call(kAlice, kPublisher, "coin", "mint", {bcs_address(kAlice), bcs_u64(5)});
  ASSERT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.error, std::string("Move abort ") + std::string(kCoin) + "::mint code 1");
  EXPECT_EQ(stored_balance(kAlice), 0u);
}

TEST_F(CoinTest, MalformedEnvelopesFailAndChangeNothing) {
  const auto storage = host.storage;
  const Bytes good = encode_router_call(
      EntryCall{to_move_address(kPublisher), "coin", "balance", {}, {bcs_address(kAlice)}});
  Bytes trailing = good;
  trailing.push_back(0);
  const std::vector<Bytes> bad = {
      {}, {0x02}, {0x00, 0x01}, trailing, Bytes(good.begin(), good.end() - 3)};
  for (const auto& input : bad) {
    const auto r = send(kAlice, input);
    EXPECT_EQ(r.status, CallStatus::kFailure);
    EXPECT_NE(r.error.find("Move envelope"), std::string::npos) << r.error;
    EXPECT_EQ(host.storage, storage);
  }
  EXPECT_EQ(send(kAlice, good).status, CallStatus::kSuccess);
}

TEST_F(CoinTest, ArgumentsMustMatchTheFunction) {
  auto r = call(kAlice, kPublisher, "coin", "transfer", {bcs_address(kAlice)});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("takes 2 arguments"), std::string::npos) << r.error;
  r = call(kAlice, kPublisher, "coin", "transfer", {bcs_address(kAlice), Bytes{1, 2}});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("FAILED_TO_DESERIALIZE_ARGUMENT"), std::string::npos) << r.error;
}

TEST_F(CoinTest, MissingFunctionAndModuleFail) {
  auto r = call(kAlice, kPublisher, "coin", "burn", {});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("no function"), std::string::npos) << r.error;
  r = call(kAlice, kAlice, "coin", "balance", {bcs_address(kAlice)});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("no module"), std::string::npos) << r.error;
  // A private function is not callable from outside.
  r = call(kAlice, kPublisher, "coin", "deposit", {bcs_address(kAlice), bcs_u64(1)});
  EXPECT_EQ(r.status, CallStatus::kFailure);
}

TEST_F(CoinTest, PublishUnderAForeignAddressIsRejected) {
  const auto storage = host.storage;
  const auto r = create(kAlice, {assemble(coin_source())});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("not at the sender's address"), std::string::npos) << r.error;
  EXPECT_EQ(host.storage, storage);
}

TEST_F(CoinTest, RepublishingIsAnUpgradeThatMustBeCompatible) {
  fund(5);
  std::string source = coin_source();
  const std::string view = "    // The balance of `owner`";
  const auto at = source.find(view);
  ASSERT_NE(at, std::string::npos);
  const std::string extra = R"(    public decimals(): u8 {
    label b0:
        return 6u8;
    }
)";
  const auto added =
      create(kPublisher, {assemble(source.substr(0, at) + extra + source.substr(at))});
  ASSERT_EQ(added.status, CallStatus::kSuccess) << added.error;
  EXPECT_EQ(call(kAlice, kPublisher, "coin", "decimals", {}).output, Bytes{6});
  EXPECT_EQ(stored_balance(kPublisher), 5u);  // resources survive the upgrade
  // Dropping a public function breaks callers: refused.
  const auto end = source.find("    deposit(");
  const auto removed = create(kPublisher, {assemble(source.substr(0, at) + source.substr(end))});
  EXPECT_EQ(removed.status, CallStatus::kFailure);
  EXPECT_NE(removed.error.find("BACKWARD_INCOMPATIBLE_MODULE_UPDATE"), std::string::npos)
      << removed.error;
}

TEST_F(CoinTest, OutOfGasUndoesTheCall) {
  fund(100);
  const auto storage = host.storage;
  const auto r =
      call(kPublisher, kPublisher, "coin", "transfer", {bcs_address(kAlice), bcs_u64(1)}, 12'000);
  EXPECT_EQ(r.status, CallStatus::kOutOfGas);
  EXPECT_EQ(r.gas_left, 0);
  EXPECT_EQ(host.storage, storage);
  const auto publish = create(kAlice, {assemble(coin_source())}, 100);
  EXPECT_EQ(publish.status, CallStatus::kOutOfGas);
}

TEST_F(CoinTest, GasDoesNotDependOnTheModuleCache) {
  fund(100);
  MoveRouterVm cold_router;  // has verified nothing yet
  TestHost cold{cold_router};
  cold.storage = host.storage;
  const Bytes input = encode_router_call(EntryCall{
      to_move_address(kPublisher), "coin", "transfer", {}, {bcs_address(kAlice), bcs_u64(5)}});
  const exec::CallMessage msg{kPublisher, exec::kMoveRouter, 0, input, 1'000'000, 0, false};
  const auto warm_result = host.transact(msg);
  const auto cold_result = cold.transact(msg);
  ASSERT_EQ(warm_result.status, CallStatus::kSuccess) << warm_result.error;
  ASSERT_EQ(cold_result.status, CallStatus::kSuccess) << cold_result.error;
  EXPECT_EQ(warm_result.gas_left, cold_result.gas_left);
  EXPECT_EQ(host.storage, cold.storage);
  EXPECT_EQ(host.logs.back(), cold.logs.back());
}

TEST_F(CoinTest, CallsWithValueFail) {
  const Bytes input =
      encode_router_call(EntryCall{to_move_address(kPublisher), "coin", "register", {}, {}});
  const auto r = host.transact({kAlice, exec::kMoveRouter, 1, input, 1'000'000, 0, false});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("take no value"), std::string::npos) << r.error;
}

TEST_F(CoinTest, StaticCallsCannotChangeState) {
  fund(100);
  const auto r = call(kPublisher, kPublisher, "coin", "transfer", {bcs_address(kAlice), bcs_u64(1)},
                      1'000'000, true);
  EXPECT_EQ(r.status, CallStatus::kFailure);
  const auto view =
      call(kAlice, kPublisher, "coin", "balance", {bcs_address(kPublisher)}, 1'000'000, true);
  ASSERT_EQ(view.status, CallStatus::kSuccess) << view.error;
  EXPECT_EQ(view.output, bcs_u64(100));
}

TEST_F(CoinTest, PublishThroughTheEnvelopeAndRevertedPublishesLeaveNothing) {
  const std::string source = [] {
    std::string s = coin_source();
    const std::string from = "f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos))
      s.replace(pos, from.size(), "70997970c51812dc3a010c7d01b50e0d17dc79c8");
    return s;
  }();
  const auto before = host.storage;
  const Bytes input = encode_router_call(PublishCall{{assemble(source)}});
  ASSERT_EQ(send(kAlice, input, 10'000'000).status, CallStatus::kSuccess);
  EXPECT_EQ(call(kAlice, kAlice, "coin", "register", {}).status, CallStatus::kSuccess);
  // The enclosing transaction fails: the host drops the module; the router, which has it
  // verified in its cache, must not run it.
  host.storage = before;
  const auto r = call(kAlice, kAlice, "coin", "register", {});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("no module"), std::string::npos) << r.error;
}

TEST_F(CoinTest, MoveCallsEvmContracts) {
  const Address target = account("00000000000000000000000000000000000000e1");
  exec::CallMessage seen;
  Bytes seen_input;  // the message's input is only valid during the call
  host.contracts[target] = [&](exec::Host&, const exec::CallMessage& m) {
    seen = m;
    seen_input = to_bytes(m.input);
    if (m.input.empty()) return exec::CallResult{CallStatus::kRevert, m.gas - 10, {}, {}};
    return exec::CallResult{CallStatus::kSuccess, m.gas - 10, Bytes{'h', 'i'}, {}};
  };
  ASSERT_EQ(create(kAlice, {assemble(R"(module 0x70997970c51812dc3a010c7d01b50e0d17dc79c8.bridge {
    import 0x1.evm;
    public ping(s: &signer, target: address, data: vector<u8>): vector<u8> {
    label b0:
        return evm.call(move(s), move(target), move(data));
    }
})")})
                .status,
            CallStatus::kSuccess);
  auto r = call(kAlice, kAlice, "bridge", "ping", {bcs_address(target), Bytes{1, 0x2a}});
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(r.output, (Bytes{2, 'h', 'i'}));
  EXPECT_EQ(seen.sender, kAlice);
  EXPECT_EQ(seen.depth, 1);
  EXPECT_EQ(seen_input, Bytes{0x2a});
  r = call(kAlice, kAlice, "bridge", "ping", {bcs_address(target), Bytes{0}});
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.error,
            "Move abort 0x70997970c51812dc3a010c7d01b50e0d17dc79c8::bridge::ping code 1: "
            "evm::call reverted");
}

constexpr std::string_view kWatcher = R"(module 0x70997970c51812dc3a010c7d01b50e0d17dc79c8.watcher {
    import 0x1.evm;
    import 0x1.signer;
    struct Counter has key { n: u64 }
    public entry init(s: &signer) {
    label b0:
        move_to<Counter>(move(s), Counter { n: 0 });
        return;
    }
    public bump_and_call(s: &signer, target: address, data: vector<u8>) acquires Counter {
        let c: &mut Self.Counter;
    label b0:
        c = borrow_global_mut<Counter>(signer.address_of(copy(s)));
        *&mut copy(c).Counter::n = *&copy(c).Counter::n + 1;
        _ = move(c);
        _ = evm.call(move(s), move(target), move(data));
        return;
    }
    public watch(s: &signer, target: address, data: vector<u8>): bool {
        let seen: bool;
    label b0:
        seen = exists<Counter>(copy(target));
        _ = evm.call(move(s), move(target), move(data));
        return move(seen);
    }
})";

TEST_F(CoinTest, EvmCalleeSeesFlushedResourcesAndMayNotChangeLoadedOnes) {
  ASSERT_EQ(create(kAlice, {assemble(kWatcher)}).status, CallStatus::kSuccess);
  ASSERT_EQ(call(kAlice, kAlice, "watcher", "init", {}).status, CallStatus::kSuccess);
  const Address contract = account("00000000000000000000000000000000000000e2");
  const std::string counter = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8::watcher::Counter";
  std::optional<Bytes> seen;
  // The stand-in contract reads Alice's counter, then calls back into Move as itself.
  host.contracts[contract] = [&](exec::Host& h, const exec::CallMessage& m) {
    seen = h.load(kAlice, exec::Namespace::kMoveResource, as_bytes(counter));
    const Bytes init =
        encode_router_call(EntryCall{to_move_address(kAlice), "watcher", "init", {}, {}});
    return h.call({contract, exec::kMoveRouter, 0, init, m.gas, m.depth + 1, false});
  };
  auto r = call(kAlice, kAlice, "watcher", "bump_and_call", {bcs_address(contract), Bytes{0}});
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(seen, bcs_u64(1));
  EXPECT_TRUE(host.load(contract, exec::Namespace::kMoveResource, as_bytes(counter)));
  // `watch` looks at a counter the callee then creates: the execution must fail rather than
  // write back what it saw.
  const Address other = account("00000000000000000000000000000000000000e3");
  host.contracts[other] = [&](exec::Host& h, const exec::CallMessage& m) {
    const Bytes init =
        encode_router_call(EntryCall{to_move_address(kAlice), "watcher", "init", {}, {}});
    return h.call({other, exec::kMoveRouter, 0, init, m.gas, m.depth + 1, false});
  };
  const auto storage = host.storage;
  r = call(kAlice, kAlice, "watcher", "watch", {bcs_address(other), Bytes{0}});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_NE(r.error.find("changed a resource"), std::string::npos) << r.error;
  EXPECT_EQ(host.storage, storage);
}

}  // namespace
}  // namespace plexus::move::testing
