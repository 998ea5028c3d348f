// Calls between contracts: the C forwarder example calling the ERC-20 example through the host,
// run by a second ContractVm instance, with the host undoing failed nested calls.
#include <gtest/gtest.h>

#include "contract_test_util.hpp"
#include "test_host.hpp"
#include "wasm/contract/contract_vm.hpp"
#include "wasm/contract/envelope.hpp"

namespace plexus::wasm::test {
namespace {

using exec::CallStatus;

const Address kOwner = address_of(1);
const Address kAlice = address_of(2);
const Address kBob = address_of(3);
const Address kToken = address_of(0x70);
const Address kForwarder = address_of(0x71);

class NestedCalls : public ::testing::Test {
 protected:
  // Token with 1000 for kOwner, forwarder pointing at `target`.
  void setup(const Bytes& token, const Bytes& forwarder, const Address& target) {
    auto r = host_.deploy(kOwner, kToken, contract::make_creation(token, abi_args({word(1000)})));
    ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
    r = host_.deploy(kOwner, kForwarder,
                     contract::make_creation(forwarder, abi_args({word(target)})));
    ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  }
  uint256 balance_of(const Address& who) {
    return as_u256(host_.transact(kAlice, kToken, abi_call("balanceOf(address)", {word(who)}))
                       .output);
  }

  ContractVm top_;
  ContractVm nested_;
  TestHost host_{top_, nested_};
};

TEST_F(NestedCalls, ReturnDataComesBack) {
  PLEXUS_EXAMPLE_OR_SKIP(token, "erc20");
  PLEXUS_EXAMPLE_OR_SKIP(forwarder, "forwarder");
  setup(token, forwarder, kToken);
  const int before = host_.calls();
  const auto r =
      host_.transact(kAlice, kForwarder, abi_call("balanceOf(address)", {word(kOwner)}));
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(as_u256(r.output), uint256(1000));
  EXPECT_EQ(host_.calls(), before + 1);
}

TEST_F(NestedCalls, CalleeSeesTheCallingContractAsSender) {
  PLEXUS_EXAMPLE_OR_SKIP(token, "erc20");
  PLEXUS_EXAMPLE_OR_SKIP(forwarder, "forwarder");
  setup(token, forwarder, kToken);
  const auto give = abi_call("transfer(address,uint256)", {word(kForwarder), word(10)});
  ASSERT_EQ(host_.transact(kOwner, kToken, give).status, CallStatus::kSuccess);
  const auto r = host_.transact(kAlice, kForwarder,
                                abi_call("transfer(address,uint256)", {word(kBob), word(4)}));
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(balance_of(kForwarder), uint256(6));
  EXPECT_EQ(balance_of(kBob), uint256(4));
  const LogEntry& log = host_.logs().back();
  EXPECT_EQ(log.address, kToken);
  EXPECT_EQ(log.topics[1], word(kForwarder));
}

TEST_F(NestedCalls, RevertDataPropagatesAndNothingSticks) {
  PLEXUS_EXAMPLE_OR_SKIP(token, "erc20");
  PLEXUS_EXAMPLE_OR_SKIP(forwarder, "forwarder");
  setup(token, forwarder, kToken);
  const std::size_t logs = host_.logs().size();
  const auto r = host_.transact(kAlice, kForwarder,
                                abi_call("transfer(address,uint256)", {word(kBob), word(1)}));
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.output, error_string("ERC20: insufficient balance"));
  EXPECT_EQ(host_.logs().size(), logs);
}

TEST_F(NestedCalls, FailedCalleeIsReportedToTheCaller) {
  PLEXUS_EXAMPLE_OR_SKIP(token, "erc20");
  PLEXUS_EXAMPLE_OR_SKIP(forwarder, "forwarder");
  const Address evm_account = address_of(0x99);
  setup(token, forwarder, evm_account);
  host_.set_code(evm_account, exec::CodeKind::kEvm, {0x00});  // no EVM in the test host: fails
  const auto r = host_.transact(kAlice, kForwarder, abi_call("totalSupply()"));
  EXPECT_EQ(r.status, CallStatus::kRevert) << r.error;
  EXPECT_EQ(r.output, error_string("Forwarder: call failed"));
}

TEST_F(NestedCalls, SelfRecursionEndsCleanly) {
  PLEXUS_EXAMPLE_OR_SKIP(token, "erc20");
  PLEXUS_EXAMPLE_OR_SKIP(forwarder, "forwarder");
  setup(token, forwarder, kForwarder);  // forwards to itself until the gas is gone
  const auto r = host_.transact(kAlice, kForwarder, abi_call("totalSupply()"), 300'000);
  EXPECT_EQ(r.status, CallStatus::kRevert) << r.error;
  EXPECT_EQ(r.output, error_string("Forwarder: call failed"));
  EXPECT_GT(host_.calls(), 20);
}

TEST_F(NestedCalls, StaticCallsCannotChangeState) {
  PLEXUS_EXAMPLE_OR_SKIP(token, "erc20");
  PLEXUS_EXAMPLE_OR_SKIP(forwarder, "forwarder");
  setup(token, forwarder, kToken);
  const Bytes input = abi_call("transfer(address,uint256)", {word(kAlice), word(1)});
  exec::CallMessage msg;
  msg.sender = kOwner;
  msg.recipient = kToken;
  msg.input = input;
  msg.gas = 1'000'000;
  msg.is_static = true;
  const auto r = nested_.execute(host_, msg);
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_EQ(r.error, "wasm contract: storage_write: state change in a static call");
  msg.input = abi_call("balanceOf(address)", {word(kOwner)});
  const Bytes view = abi_call("balanceOf(address)", {word(kOwner)});
  msg.input = view;
  EXPECT_EQ(as_u256(nested_.execute(host_, msg).output), uint256(1000));
}

}  // namespace
}  // namespace plexus::wasm::test
