#include "core/hex.hpp"

#include <gtest/gtest.h>

namespace plexus {
namespace {

TEST(Hex, RoundTrip) {
  const Bytes data{0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(to_hex(data), "0x0001abff");
  EXPECT_EQ(to_hex(data, false), "0001abff");
  EXPECT_EQ(*from_hex("0x0001ABff"), data);
  EXPECT_EQ(*from_hex("0001abff"), data);
  EXPECT_TRUE(from_hex("0x")->empty());
  EXPECT_TRUE(from_hex("")->empty());
}

TEST(Hex, RejectsMalformed) {
  EXPECT_EQ(from_hex("0x123").error().code, Errc::kInvalidArgument);
  EXPECT_EQ(from_hex("0xzz").error().message, "hex: invalid digit at position 0");
  EXPECT_EQ(from_hex("0x0g").error().message, "hex: invalid digit at position 1");
  EXPECT_FALSE(from_hex("12", HexPrefix::kRequired));
  EXPECT_FALSE(from_hex("0x12", HexPrefix::kForbidden));
  EXPECT_TRUE(from_hex("0X12", HexPrefix::kRequired));
}

TEST(Hex, FixedWidth) {
  auto addr = fixed_from_hex<20>("0x00000000000000000000000000000000000000aa");
  ASSERT_TRUE(addr);
  EXPECT_EQ((*addr)[19], 0xaa);
  EXPECT_FALSE(fixed_from_hex<20>("0x00aa"));
}

}  // namespace
}  // namespace plexus
