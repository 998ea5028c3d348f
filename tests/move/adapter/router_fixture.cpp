#include "router_fixture.hpp"

#include "core/hex.hpp"
#include "move/adapter/address.hpp"
#include "move/adapter/stdlib.hpp"
#include "move/binary/binary.hpp"
#include "move/ir/compiler.hpp"
#include "testdata.hpp"

namespace plexus::move::testing {

Address account(std::string_view hex) {
  return Address::right_aligned(*from_hex(std::string(hex)));
}

Bytes bcs_u64(std::uint64_t v) {
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<Byte>(v >> (8 * i)));
  return out;
}

Bytes bcs_address(const Address& a) { return to_move_address(a); }

Bytes assemble(std::string_view text) {
  auto stdlib = build_subnet_stdlib();
  EXPECT_TRUE(stdlib.has_value());
  std::vector<const CompiledModule*> deps;
  for (const auto& m : *stdlib) deps.push_back(&m);
  auto unit = ir::assemble(text, deps, ir::CompileOptions{32, 6});
  EXPECT_TRUE(unit.has_value()) << (unit ? "" : unit.error().to_string());
  return serialize_module(std::get<CompiledModule>(*unit));
}

std::string coin_source() {
  return plexus::testing::read_file(std::filesystem::path(PLEXUS_SOURCE_DIR) / "examples" / "move" /
                                    "coin.mvir");
}

void RouterTest::SetUp() {
  auto stdlib = subnet_stdlib_bytes();
  ASSERT_TRUE(stdlib.has_value());
  const auto std_result = create(kStd, *stdlib);
  ASSERT_EQ(std_result.status, exec::CallStatus::kSuccess) << std_result.error;
  const auto coin_result = create(kPublisher, {assemble(coin_source())});
  ASSERT_EQ(coin_result.status, exec::CallStatus::kSuccess) << coin_result.error;
}

exec::CallResult RouterTest::create(const Address& sender, const std::vector<Bytes>& modules,
                                    std::int64_t gas) {
  const Bytes payload = encode_creation_payload(modules);
  exec::CallMessage msg{
      sender, account("00000000000000000000000000000000000000c1"), 0, payload, gas, 0, false};
  return host.create(msg);
}

exec::CallResult RouterTest::call(const Address& sender, const Address& module_account,
                                  std::string module, std::string function, std::vector<Bytes> args,
                                  std::int64_t gas, bool is_static) {
  const Bytes input = encode_router_call(EntryCall{to_move_address(module_account),
                                                   std::move(module),
                                                   std::move(function),
                                                   {},
                                                   std::move(args)});
  return host.transact({sender, exec::kMoveRouter, 0, input, gas, 0, is_static});
}

exec::CallResult RouterTest::send(const Address& sender, const Bytes& input, std::int64_t gas) {
  return host.transact({sender, exec::kMoveRouter, 0, input, gas, 0, false});
}

std::optional<std::uint64_t> RouterTest::stored_balance(const Address& owner) {
  const auto bytes =
      host.load(owner, exec::Namespace::kMoveResource,
                as_bytes("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin::Balance"));
  if (!bytes) return std::nullopt;
  EXPECT_EQ(bytes->size(), 8u);
  std::uint64_t v = 0;
  for (std::size_t i = 8; i-- > 0;) v = (v << 8) | (*bytes)[i];
  return v;
}

}  // namespace plexus::move::testing
