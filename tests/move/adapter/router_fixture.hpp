#pragma once
// Shared set-up of the router tests: the subnet standard library published at 0x1 and the coin
// example at the dev network's first account, on a TestHost.
#include <gtest/gtest.h>

#include "move/adapter/router_vm.hpp"
#include "test_host.hpp"

namespace plexus::move::testing {

[[nodiscard]] Address account(std::string_view hex);
[[nodiscard]] Bytes bcs_u64(std::uint64_t v);
[[nodiscard]] Bytes bcs_address(const Address& a);
// The compiled module of Move IR `text` (32-byte addresses, importing the subnet stdlib).
[[nodiscard]] Bytes assemble(std::string_view text);
[[nodiscard]] std::string coin_source();

inline const Address kStd = account("0000000000000000000000000000000000000001");
inline const Address kPublisher = account("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
inline const Address kAlice = account("70997970c51812dc3a010c7d01b50e0d17dc79c8");

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override;

  exec::CallResult create(const Address& sender, const std::vector<Bytes>& modules,
                          std::int64_t gas = 10'000'000);
  // module::function at `module_account` called by `sender` with BCS arguments.
  exec::CallResult call(const Address& sender, const Address& module_account, std::string module,
                        std::string function, std::vector<Bytes> args, std::int64_t gas = 1'000'000,
                        bool is_static = false);
  exec::CallResult send(const Address& sender, const Bytes& input, std::int64_t gas = 1'000'000);
  // The stored coin balance of `owner`, or nullopt when it has none.
  std::optional<std::uint64_t> stored_balance(const Address& owner);

  MoveRouterVm router;
  TestHost host{router};
};

}  // namespace plexus::move::testing
