// The extended square: quarter relations, bad input (sizes, samples outside, tampered parity,
// unordered namespaces), and the 512x512 data root Celestia publishes (the one big test).
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "da/leopard.hpp"
#include "da_test_util.hpp"

namespace plexus::da {
namespace {

TEST(ExtendedSquare, QuarterThreeIsAlsoTheColumnExtensionOfQuarterOne) {
  const std::size_t k = 8;
  const auto eds = ExtendedSquare::extend(testing::random_original(k, 3));
  ASSERT_TRUE(eds);
  const auto codec = *leopard::Codec::for_width(k);
  for (std::size_t c = k; c < 2 * k; ++c) {
    std::vector<const Byte*> in;
    std::vector<Bytes> parity(k, Bytes(kShareSize));
    std::vector<Byte*> out;
    for (std::size_t r = 0; r < k; ++r) in.push_back(eds->share(r, c).data());
    for (auto& p : parity) out.push_back(p.data());
    codec->encode(in.data(), out.data(), kShareSize);
    for (std::size_t r = 0; r < k; ++r)
      ASSERT_TRUE(std::equal(parity[r].begin(), parity[r].end(), eds->share(k + r, c).begin()))
          << r << "," << c;
  }
}

TEST(ExtendedSquare, RejectsSizesThatAreNotSquaresOfShares) {
  for (const std::size_t bytes : {std::size_t{0}, std::size_t{511}, 3 * kShareSize, 9 * kShareSize,
                                  17 * kShareSize, kShareSize + 1}) {
    const auto eds = ExtendedSquare::extend(Bytes(bytes));
    ASSERT_FALSE(eds) << bytes;
    EXPECT_NE(eds.error().message.find("square"), std::string::npos);
  }
  EXPECT_EQ(original_width_of(512 * 512 * kShareSize).value_or(0), 512u);
  EXPECT_FALSE(original_width_of(1024 * 1024 * kShareSize));  // k = 1024 is above the bound
}

TEST(ExtendedSquare, SampleOutsideTheSquareIsRejected) {
  const auto eds = ExtendedSquare::extend(testing::random_original(4, 1));
  ASSERT_TRUE(eds);
  EXPECT_TRUE(eds->sample(7, 7));
  const auto outside = eds->sample(8, 0);
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message.find("outside the 8x8"), std::string::npos);
  EXPECT_FALSE(eds->sample(0, 1u << 20));
}

TEST(ExtendedSquare, TamperedParityIsNamed) {
  const auto eds = ExtendedSquare::extend(testing::random_original(4, 2));
  ASSERT_TRUE(eds);
  Bytes whole(eds->bytes().begin(), eds->bytes().end());
  EXPECT_TRUE(ExtendedSquare::from_extended(whole));
  whole[(5 * 8 + 6) * kShareSize + 100] ^= 0x40;  // share (5, 6), in Q3
  const auto tampered = ExtendedSquare::from_extended(whole);
  ASSERT_FALSE(tampered);
  EXPECT_NE(tampered.error().message.find("(5, 6)"), std::string::npos) << tampered.error().message;
  EXPECT_FALSE(ExtendedSquare::from_extended(Bytes(whole.begin(), whole.end() - kShareSize)));
}

TEST(ExtendedSquare, UnorderedNamespacesAreRejectedForRoots) {
  Bytes ods = testing::random_original(2, 4);
  std::swap_ranges(ods.begin(), ods.begin() + kShareSize, ods.begin() + kShareSize);  // row 0 swapped
  const auto eds = ExtendedSquare::extend(ods);
  ASSERT_TRUE(eds);
  const auto dah = eds->header();
  ASSERT_FALSE(dah);
  EXPECT_NE(dah.error().message.find("namespace order"), std::string::npos);
}

TEST(ExtendedSquare, RootsChangeWithAnyShare) {
  const Bytes ods = testing::random_original(4, 5);
  const Hash256 base = ExtendedSquare::extend(ods)->header()->hash();
  Bytes changed = ods;
  changed[(3 * 4 + 2) * kShareSize + 300] ^= 1;
  EXPECT_NE(ExtendedSquare::extend(changed)->header()->hash(), base);
}

// celestia-app's data_availability_header_test "max": the 512x512 square of the typical share
// (namespace v0 with ten 0x01 bytes, then 0xFF). Only the root's first and last bytes are quoted
// in the reference notes; both must match. The GF(2^16) path end to end: extension, 2,048 NMT
// roots and the data root.
TEST(ExtendedSquare, MaxSquareDataRoot) {
  const std::size_t k = 512;
  const Share s = testing::filled_share(namespace_v0(Bytes(10, 0x01)), 0xFF);
  Bytes ods;
  ods.reserve(k * k * kShareSize);
  for (std::size_t i = 0; i < k * k; ++i) ods.insert(ods.end(), s.bytes.begin(), s.bytes.end());
  const auto eds = ExtendedSquare::extend(ods);
  ASSERT_TRUE(eds);
  const auto dah = eds->header();
  ASSERT_TRUE(dah);
  const std::string root = to_hex(dah->hash(), false);
  EXPECT_EQ(root.substr(0, 8), "8f7dd2fc") << root;
  EXPECT_EQ(root.substr(root.size() - 6), "6ad388") << root;
}

}  // namespace
}  // namespace plexus::da
