// The C ERC-20 example (examples/erc20) run through ContractVm against the test host.
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

class Erc20 : public ::testing::Test {
 protected:
  void deploy(const Bytes& module, const uint256& supply) {
    const auto r = host_.deploy(kOwner, kToken,
                                contract::make_creation(module, abi_args({word(supply)})));
    ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  }
  exec::CallResult send(const Address& from, const Bytes& input) {
    return host_.transact(from, kToken, input);
  }
  uint256 balance_of(const Address& who) {
    const auto r = send(kAlice, abi_call("balanceOf(address)", {word(who)}));
    EXPECT_EQ(r.status, CallStatus::kSuccess) << r.error;
    return as_u256(r.output);
  }

  ContractVm vm_;
  TestHost host_{vm_};
};

TEST_F(Erc20, DeployMintsTheInitialSupplyToTheOwner) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 1000);
  EXPECT_EQ(balance_of(kOwner), uint256(1000));
  EXPECT_EQ(as_u256(send(kAlice, abi_call("totalSupply()")).output), uint256(1000));
  const auto owner = send(kAlice, abi_call("owner()"));
  EXPECT_EQ(to_bytes(owner.output), to_bytes(word(kOwner).view()));
  ASSERT_EQ(host_.logs().size(), 1u);
  EXPECT_EQ(host_.logs()[0].topics[1], word(Address{}));  // minted: from the zero address
}

TEST_F(Erc20, Metadata) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 0);
  const auto name = send(kAlice, abi_call("name()"));
  ASSERT_EQ(name.status, CallStatus::kSuccess) << name.error;
  Bytes expected = abi_args({word(uint256(32)), word(uint256(17))});
  const std::string_view text = "Plexus Wasm Token";
  expected.insert(expected.end(), text.begin(), text.end());
  expected.resize(expected.size() + 15, 0);
  EXPECT_EQ(name.output, expected);
  EXPECT_EQ(as_u256(send(kAlice, abi_call("decimals()")).output), uint256(18));
  EXPECT_TRUE(host_.logs().empty());  // no initial supply, no Transfer
}

TEST_F(Erc20, TransferMovesBalancesAndLogsExactlyAsSolidity) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 1000);
  const auto r = send(kOwner, abi_call("transfer(address,uint256)", {word(kAlice), word(250)}));
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(as_u256(r.output), uint256(1));  // returns true
  EXPECT_GT(r.gas_left, 0);
  EXPECT_LT(r.gas_left, 10'000'000 - 20'000);  // two storage writes were paid for
  EXPECT_EQ(balance_of(kOwner), uint256(750));
  EXPECT_EQ(balance_of(kAlice), uint256(250));
  ASSERT_EQ(host_.logs().size(), 2u);
  const LogEntry& log = host_.logs()[1];
  EXPECT_EQ(log.address, kToken);
  ASSERT_EQ(log.topics.size(), 3u);
  EXPECT_EQ(log.topics[0], event_topic("Transfer(address,address,uint256)"));
  EXPECT_EQ(log.topics[1], word(kOwner));
  EXPECT_EQ(log.topics[2], word(kAlice));
  EXPECT_EQ(log.data, to_bytes(word(uint256(250)).view()));
}

TEST_F(Erc20, InsufficientBalanceRevertsWithTheReasonAndChangesNothing) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 100);
  const std::size_t logs = host_.logs().size();
  const auto r = send(kAlice, abi_call("transfer(address,uint256)", {word(kBob), word(1)}));
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.output, error_string("ERC20: insufficient balance"));
  EXPECT_EQ(r.error, "execution reverted: ERC20: insufficient balance");
  EXPECT_GT(r.gas_left, 0);  // a revert returns the unused gas
  EXPECT_EQ(host_.logs().size(), logs);
  EXPECT_EQ(balance_of(kBob), uint256(0));
}

TEST_F(Erc20, ApproveThenTransferFrom) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 1000);
  auto r = send(kOwner, abi_call("approve(address,uint256)", {word(kAlice), word(300)}));
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  const LogEntry& approval = host_.logs().back();
  EXPECT_EQ(approval.topics[0], event_topic("Approval(address,address,uint256)"));
  EXPECT_EQ(approval.topics[1], word(kOwner));
  EXPECT_EQ(approval.topics[2], word(kAlice));
  EXPECT_EQ(approval.data, to_bytes(word(uint256(300)).view()));
  r = send(kAlice, abi_call("allowance(address,address)", {word(kOwner), word(kAlice)}));
  EXPECT_EQ(as_u256(r.output), uint256(300));

  const auto from = abi_call("transferFrom(address,address,uint256)",
                             {word(kOwner), word(kBob), word(200)});
  r = send(kAlice, from);
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(balance_of(kBob), uint256(200));
  EXPECT_EQ(balance_of(kOwner), uint256(800));
  r = send(kAlice, abi_call("allowance(address,address)", {word(kOwner), word(kAlice)}));
  EXPECT_EQ(as_u256(r.output), uint256(100));

  r = send(kAlice, from);  // 200 more than the 100 left
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.output, error_string("ERC20: insufficient allowance"));
  r = send(kBob, from);  // Bob was approved nothing
  EXPECT_EQ(r.output, error_string("ERC20: insufficient allowance"));
}

TEST_F(Erc20, OnlyTheOwnerMints) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 0);
  const auto mint = abi_call("mint(address,uint256)", {word(kBob), word(42)});
  auto r = send(kAlice, mint);
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.output, error_string("ERC20: caller is not the owner"));
  r = send(kOwner, mint);
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(balance_of(kBob), uint256(42));
  EXPECT_EQ(as_u256(send(kAlice, abi_call("totalSupply()")).output), uint256(42));
}

TEST_F(Erc20, UnknownSelectorRevertsWithAReason) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 0);
  auto r = send(kAlice, abi_call("burn(uint256)", {word(1)}));
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.output, error_string("ERC20: unknown function selector"));
  r = send(kAlice, Bytes{0x01, 0x02});
  EXPECT_EQ(r.output, error_string("ERC20: missing function selector"));
}

TEST_F(Erc20, DirtyAddressArgumentReverts) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 0);
  Bytes32 dirty = word(kAlice);
  dirty[0] = 1;
  const auto r = send(kAlice, abi_call("balanceOf(address)", {dirty}));
  EXPECT_EQ(r.output, error_string("ABI: dirty address argument"));
}

TEST_F(Erc20, OutOfGasConsumesAllGasAndUndoesTheTransfer) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 1000);
  const auto input = abi_call("transfer(address,uint256)", {word(kAlice), word(1)});
  const auto r = host_.transact(kOwner, kToken, input, 6'000);  // one storage write at most
  EXPECT_EQ(r.status, CallStatus::kOutOfGas);
  EXPECT_EQ(r.gas_left, 0);
  EXPECT_EQ(r.error, "out of gas");
  EXPECT_EQ(balance_of(kOwner), uint256(1000));
}

TEST_F(Erc20, ValueSentToTheTokenReverts) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  deploy(module, 0);
  const auto r = host_.transact(kAlice, kToken, abi_call("totalSupply()"), 1'000'000, 5);
  EXPECT_EQ(r.output, error_string("ERC20: not payable"));
}

}  // namespace
}  // namespace plexus::wasm::test
