// Bad input never crashes the VM: single-byte mutations of the ERC-20 module are either rejected
// at creation with an error or, when still valid, run to some status. Fixed seed: the same
// mutants on every run.
#include <random>

#include <gtest/gtest.h>

#include "contract_test_util.hpp"
#include "test_host.hpp"
#include "wasm/contract/contract_vm.hpp"

namespace plexus::wasm::test {
namespace {

using exec::CallStatus;

TEST(ContractMutations, AreRejectedOrRunWithoutCrashing) {
  PLEXUS_EXAMPLE_OR_SKIP(module, "erc20");
  const Address user = address_of(1);
  const Bytes transfer =
      abi_call("transfer(address,uint256)", {word(address_of(2)), word(uint256(0))});
  std::mt19937 rng(20261124);
  int rejected = 0, installed = 0;
  for (int i = 0; i < 400; ++i) {
    Bytes mutant = module;
    mutant[rng() % mutant.size()] ^= static_cast<Byte>(1 + rng() % 255);
    ContractVm vm;
    TestHost host(vm);
    const Address at = address_of(0x80);
    const auto created = host.deploy(user, at, mutant, 5'000'000);
    if (created.status != CallStatus::kSuccess) {
      EXPECT_FALSE(created.error.empty()) << "mutant " << i;
      ++rejected;
      continue;
    }
    ++installed;
    const auto r = host.transact(user, at, transfer, 1'000'000);
    if (r.status == CallStatus::kFailure || r.status == CallStatus::kOutOfGas) {
      EXPECT_FALSE(r.error.empty()) << "mutant " << i;
    }
  }
  // Both outcomes occur: flips in code bodies often keep a module valid, flips in headers not.
  EXPECT_GT(rejected, 0);
  EXPECT_GT(installed, 0);
}

}  // namespace
}  // namespace plexus::wasm::test
