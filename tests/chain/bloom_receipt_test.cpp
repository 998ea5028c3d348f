#include <gtest/gtest.h>

#include "chain/bloom.hpp"
#include "chain/receipt.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::chain {
namespace {

template <std::size_t N>
FixedBytes<N> fx(std::string_view hex) {
  return *fixed_from_hex<N>(hex);
}

// Two logs from a mainnet receipt and its published bloom, as used by several clients' tests.
std::vector<Log> known_logs() {
  return {
      Log{fx<20>("22341ae42d6dd7384bc8584e50419ea3ac75b83f"),
          {fx<32>("04491edcd115127caedbd478e2e7895ed80c7847e903431f94f9cfa579cad47f")},
          {}},
      Log{fx<20>("e7fb22dfef11920312e4989a3a2b81e2ebf05986"),
          {fx<32>("7f1fef85c4b037150d3675218e0cdb7cf38fea354759471e309f3354918a442f"),
           fx<32>("d85629c7eaae9ea4a10234fed31bc0aeda29b2683ebe0c1882499d272621f6b6")},
          hex_or_throw("2d690516512020171c1ec870f6ff45398cc8609250326be89915fb538e7b")},
  };
}

constexpr std::string_view kKnownBloom =
    "0x"
    "000000000000000000810000000000000000000000000000000000020000000000000000000000000000008000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000280000000000400000800000004000000000"
    "000000000000000000000000000000000000000000000000000000000000100000100000000000000000000000"
    "00000000001400000000000000008000000000000000000000000000000000";

TEST(Bloom, MatchesKnownReceiptBloom) {
  const auto logs = known_logs();
  EXPECT_EQ(to_hex(logs_bloom(logs)), kKnownBloom);
}

TEST(Bloom, MembershipAndMerge) {
  const auto logs = known_logs();
  const Bloom bloom = logs_bloom(logs);
  EXPECT_TRUE(bloom_may_contain(bloom, logs[0].address.view()));
  EXPECT_TRUE(bloom_may_contain(bloom, logs[1].topics[1].view()));
  EXPECT_FALSE(bloom_may_contain(bloom, fx<20>("0000000000000000000000000000000000000001").view()));
  Bloom merged = logs_bloom(std::span(logs).first(1));
  EXPECT_FALSE(bloom_may_contain(merged, logs[1].address.view()));
  bloom_merge(merged, logs_bloom(std::span(logs).subspan(1)));
  EXPECT_EQ(merged, bloom);
}

TEST(Receipt, EncodesLegacyAndTypedReceipts) {
  // A minimal receipt written out by hand: [1, 21000, bloom(256 zero bytes), []].
  const Receipt plain = make_receipt(0, true, 21000, {});
  const Bytes legacy = encode_receipt(plain);
  std::string expected = "0xf9010801825208b90100" + std::string(512, '0') + "c0";
  EXPECT_EQ(to_hex(legacy), expected);
  Receipt typed = plain;
  typed.type = 2;
  EXPECT_EQ(to_hex(encode_receipt(typed)), "0x02" + expected.substr(2));
  Receipt failed = plain;
  failed.success = false;
  EXPECT_EQ(to_hex(encode_receipt(failed)).substr(0, 12), "0xf901088082");
}

TEST(Receipt, RoundTripsWithLogs) {
  const Receipt r = make_receipt(2, true, 123456, known_logs());
  EXPECT_EQ(to_hex(r.bloom), kKnownBloom);
  const auto decoded = decode_receipt(encode_receipt(r));
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, r);
  const Receipt legacy = make_receipt(0, false, 7, known_logs());
  EXPECT_EQ(*decode_receipt(encode_receipt(legacy)), legacy);
}

TEST(Receipt, RejectsMalformed) {
  Bytes encoded = encode_receipt(make_receipt(2, true, 1, known_logs()));
  EXPECT_FALSE(decode_receipt(BytesView(encoded).first(encoded.size() - 3)));
  EXPECT_FALSE(decode_receipt({}));
  EXPECT_FALSE(decode_receipt(hex_or_throw("02c0")));
  EXPECT_FALSE(decode_receipt(hex_or_throw("c4028080c0")));  // status 2
}

}  // namespace
}  // namespace plexus::chain
