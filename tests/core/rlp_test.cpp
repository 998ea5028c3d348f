#include "core/rlp.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"

namespace plexus {
namespace {

Bytes h(std::string_view s) { return hex_or_throw(s); }

TEST(Rlp, EncodesScalars) {
  EXPECT_EQ(to_hex(rlp::encode_uint(0)), "0x80");
  EXPECT_EQ(to_hex(rlp::encode_uint(0x7f)), "0x7f");
  EXPECT_EQ(to_hex(rlp::encode_uint(0x80)), "0x8180");
  EXPECT_EQ(to_hex(rlp::encode_uint(0x0400)), "0x820400");
  EXPECT_EQ(to_hex(rlp::encode_string(as_bytes("dog"))), "0x83646f67");
  const Bytes long_string(56, 'a');
  EXPECT_EQ(to_hex(rlp::encode_string(long_string)).substr(0, 6), "0xb838");
}

TEST(Rlp, EncodesLists) {
  const std::vector<Bytes> items{rlp::encode_string(as_bytes("cat")),
                                 rlp::encode_string(as_bytes("dog"))};
  EXPECT_EQ(to_hex(rlp::encode_list(items)), "0xc88363617483646f67");
  EXPECT_EQ(to_hex(rlp::encode_list({})), "0xc0");
}

TEST(Rlp, DecodesNested) {
  const Bytes in = h("c7c0c1c0c3c0c1c0");
  auto item = rlp::decode(in);
  ASSERT_TRUE(item);
  auto items = rlp::list_items(*item);
  ASSERT_TRUE(items);
  EXPECT_EQ(items->size(), 3u);
}

TEST(Rlp, RejectsMalformed) {
  EXPECT_FALSE(rlp::decode(h("")));            // empty
  EXPECT_FALSE(rlp::decode(h("8100")));        // single byte < 0x80 wrapped
  EXPECT_FALSE(rlp::decode(h("b800")));        // long form for a short length
  EXPECT_FALSE(rlp::decode(h("b90001")));      // length with leading zero
  EXPECT_FALSE(rlp::decode(h("83646f")));      // truncated
  EXPECT_FALSE(rlp::decode(h("83646f6700")));  // trailing byte
  EXPECT_FALSE(rlp::decode(h("c2c3")));        // list payload runs past its end
  EXPECT_FALSE(rlp::decode(h("bfffffffffffffffff")));  // absurd length
  const Bytes leading_zero = h("820001");
  auto zero = rlp::decode(leading_zero);
  ASSERT_TRUE(zero);
  EXPECT_FALSE(rlp::to_uint64(*zero));  // integer with a leading zero
  const Bytes nine_bytes = h("89010203040506070809");
  auto wide = rlp::decode(nine_bytes);
  ASSERT_TRUE(wide);
  EXPECT_FALSE(rlp::to_uint64(*wide));
}

}  // namespace
}  // namespace plexus
