// The Rust example (examples/counter, no_std) through ContractVm: the same host imports work
// from another language.
#include <gtest/gtest.h>

#include "contract_test_util.hpp"
#include "test_host.hpp"
#include "wasm/contract/contract_vm.hpp"
#include "wasm/contract/envelope.hpp"

namespace plexus::wasm::test {
namespace {

using exec::CallStatus;

const Address kDeployer = address_of(1);
const Address kAlice = address_of(2);
const Address kCounter = address_of(0x72);

class RustCounter : public ::testing::Test {
 protected:
  void deploy(const Bytes& module, const uint256& start) {
    const auto r = host_.deploy(kDeployer, kCounter,
                                contract::make_creation(module, abi_args({word(start)})));
    ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  }
  ContractVm vm_;
  TestHost host_{vm_};
};

TEST_F(RustCounter, CountsAndLogs) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "counter");
  deploy(module, 5);
  EXPECT_EQ(as_u256(host_.transact(kAlice, kCounter, abi_call("count()")).output), uint256(5));
  const auto owner = host_.transact(kAlice, kCounter, abi_call("owner()"));
  EXPECT_EQ(owner.output, to_bytes(word(kDeployer).view()));
  const auto r = host_.transact(kAlice, kCounter, abi_call("increment(uint256)", {word(3)}));
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(as_u256(r.output), uint256(8));
  ASSERT_EQ(host_.logs().size(), 1u);
  const LogEntry& log = host_.logs()[0];
  ASSERT_EQ(log.topics.size(), 2u);
  EXPECT_EQ(log.topics[0], event_topic("Incremented(address,uint256)"));
  EXPECT_EQ(log.topics[1], word(kAlice));
  EXPECT_EQ(log.data, to_bytes(word(uint256(3)).view()));
  EXPECT_EQ(as_u256(host_.transact(kAlice, kCounter, abi_call("count()")).output), uint256(8));
}

TEST_F(RustCounter, OverflowRevertsWithTheReason) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "counter");
  deploy(module, uint256(~std::uint64_t{0}));
  const auto r = host_.transact(kAlice, kCounter, abi_call("increment(uint256)", {word(1)}));
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.output, error_string("Counter: overflow"));
  EXPECT_EQ(r.error, "execution reverted: Counter: overflow");
}

TEST_F(RustCounter, UnknownSelectorReverts) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "counter");
  deploy(module, 0);
  const auto r = host_.transact(kAlice, kCounter, abi_call("reset()"));
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_EQ(r.output, error_string("Counter: unknown selector"));
}

}  // namespace
}  // namespace plexus::wasm::test
