// The host functions the examples do not use, through a test contract (tests/wasm/contracts/
// probe.c): the first input byte picks the function, the result comes back as one word.
#include <gtest/gtest.h>

#include "contract_test_util.hpp"
#include "test_host.hpp"
#include "wasm/contract/contract_vm.hpp"

namespace plexus::wasm::test {
namespace {

using exec::CallStatus;

const Address kUser = address_of(1);
const Address kProbe = address_of(0x73);

class HostFunctions : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.block_.number = 1234;
    host_.block_.timestamp = 1'700'000'000;
    host_.block_.chain_id = 31337;
    host_.block_.coinbase = address_of(0xCB);
  }
  exec::CallResult probe(const Bytes& module, std::uint8_t op) {
    EXPECT_EQ(host_.deploy(kUser, kProbe, module).status, CallStatus::kSuccess);
    return host_.transact(kUser, kProbe, Bytes{op}, 1'000'000);
  }
  uint256 probe_word(const Bytes& module, std::uint8_t op) {
    const auto r = probe(module, op);
    EXPECT_EQ(r.status, CallStatus::kSuccess) << r.error;
    return as_u256(r.output);
  }

  ContractVm vm_;
  TestHost host_{vm_};
};

TEST_F(HostFunctions, BlockContextAndIdentity) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  EXPECT_EQ(probe_word(module, 1), uint256(1234));
  EXPECT_EQ(probe_word(module, 2), uint256(1'700'000'000));
  EXPECT_EQ(probe_word(module, 3), uint256(31337));
  EXPECT_EQ(probe_word(module, 4), from_bytes32(word(address_of(0xCB))));
  EXPECT_EQ(probe_word(module, 5), from_bytes32(word(kProbe)));
}

TEST_F(HostFunctions, GasLeftIsBelowWhatWasGiven) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  const uint256 left = probe_word(module, 6);
  EXPECT_LT(left, uint256(1'000'000 - 4096));  // the memory page was paid first
  EXPECT_GT(left, uint256(1'000'000 - 4096 - 500));
}

TEST_F(HostFunctions, RemovedKeysReadAsAbsent) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  EXPECT_EQ(probe_word(module, 7), uint256(~std::uint64_t{0}));  // -1 sign-extended
  EXPECT_EQ(host_.storage_size(), 0u);
}

TEST_F(HostFunctions, ReadReportsTheFullLengthAndCopiesWhatFits) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  EXPECT_EQ(probe_word(module, 8), uint256(0x03070800));
  EXPECT_EQ(host_.load(kProbe, exec::Namespace::kWasm, as_bytes("k")), (Bytes{7, 8, 9}));
}

TEST_F(HostFunctions, MemoryCannotGrowPastTheCap) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  EXPECT_EQ(probe_word(module, 9), uint256(0xFFFFFFFFu));
}

TEST_F(HostFunctions, LogWithoutTopics) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  EXPECT_EQ(probe_word(module, 10), uint256(0));
  ASSERT_EQ(host_.logs().size(), 1u);
  EXPECT_TRUE(host_.logs()[0].topics.empty());
  EXPECT_EQ(host_.logs()[0].data, (Bytes{'h', 'i'}));
}

TEST_F(HostFunctions, ReadingPastTheReturnDataTraps) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  const auto r = probe(module, 11);
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_EQ(r.error, "wasm contract: returndata_copy: reads past the end of the return data");
  EXPECT_EQ(r.gas_left, 0);
}

TEST_F(HostFunctions, EmptyRevert) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "probe");
  const auto r = probe(module, 99);
  EXPECT_EQ(r.status, CallStatus::kRevert);
  EXPECT_TRUE(r.output.empty());
  EXPECT_EQ(r.error, "execution reverted");
}

}  // namespace
}  // namespace plexus::wasm::test
