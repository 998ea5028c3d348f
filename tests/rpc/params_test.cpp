#include "rpc/params.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"

namespace plexus::rpc {
namespace {

TEST(Params, PositionalAccess) {
  const json params = json::parse(R"(["0x1", null])");
  EXPECT_EQ(**param_at(params, 0), "0x1");
  EXPECT_EQ(*param_at(params, 1, false), nullptr);
  EXPECT_EQ(*param_at(params, 5, false), nullptr);
  const auto missing = param_at(params, 1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kInvalidArgument);
  EXPECT_FALSE(param_at(json::object(), 0));
  EXPECT_TRUE(expect_at_most(params, 2));
  EXPECT_FALSE(expect_at_most(params, 1));
}

// Storage slots and signature words: quantities or zero-padded hex, as go-ethereum accepts.
TEST(Params, Words) {
  EXPECT_EQ(*word_value(json("0x0"), 0), 0);
  EXPECT_EQ(*word_value(json("0x01"), 0), 1);
  EXPECT_EQ(*word_value(json("0x" + std::string(62, '0') + "2a"), 0), 42);
  EXPECT_EQ(*word_value(json("0x" + std::string(64, '0')), 0), 0);
  for (const char* bad : {"0x", "1a", "0xg"}) EXPECT_FALSE(word_value(json(bad), 0)) << bad;
  EXPECT_FALSE(word_value(json("0x" + std::string(65, '0')), 0));
}

TEST(Params, Quantities) {
  EXPECT_EQ(*quantity_u64(json("0x0"), 0), 0u);
  EXPECT_EQ(*quantity_u64(json("0x1A"), 0), 26u);
  EXPECT_EQ(*quantity_u64(json("0xffffffffffffffff"), 0), ~std::uint64_t{0});
  for (const char* bad : {"0x", "0x01", "1a", "0xg", "0x10000000000000000", ""})
    EXPECT_FALSE(quantity_u64(json(bad), 0)) << bad;
  EXPECT_FALSE(quantity_u64(json(5), 0));
  const auto error = quantity_u64(json("0x01"), 2);
  EXPECT_EQ(error.error().message, "invalid argument 2: hex number with leading zero digits");
  EXPECT_EQ(to_hex_string(*quantity_u256(json("0x" + std::string(64, 'f')), 0)),
            "0x" + std::string(64, 'f'));
  EXPECT_FALSE(quantity_u256(json("0x1" + std::string(64, '0')), 0));
  EXPECT_EQ(quantity(std::uint64_t{0}), "0x0");
  EXPECT_EQ(quantity(std::uint64_t{1337}), "0x539");
}

TEST(Params, DataAddressesAndHashes) {
  EXPECT_EQ(*data_bytes(json("0x"), 0), Bytes{});
  EXPECT_EQ(*data_bytes(json("0xdeadBEEF"), 0), hex_or_throw("deadbeef"));
  EXPECT_FALSE(data_bytes(json("0xabc"), 0));
  EXPECT_FALSE(data_bytes(json("deadbeef"), 0));
  const std::string a = "0x" + std::string(40, 'a');
  EXPECT_EQ(to_hex(*address_value(json(a), 0)), a);
  EXPECT_FALSE(address_value(json("0x" + std::string(38, 'a')), 0));
  EXPECT_TRUE(hash_value(json("0x" + std::string(64, '0')), 0));
  EXPECT_FALSE(hash_value(json(a), 0));
}

}  // namespace
}  // namespace plexus::rpc
