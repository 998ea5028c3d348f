// The Leopard-compatible code: field tables, the published 2x2 extension, agreement of every
// instruction-set path, linearity and the systematic property.
#include <gtest/gtest.h>

#include <random>

#include "da/leopard.hpp"

namespace plexus::da::leopard {
namespace {

std::vector<Bytes> random_shards(std::size_t k, std::size_t bytes, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Bytes> out(k, Bytes(bytes));
  for (auto& s : out)
    for (auto& b : s) b = static_cast<Byte>(rng());
  return out;
}

std::vector<Bytes> encode(const Codec& codec, const std::vector<Bytes>& data,
                          Codec::Kernel kernel = Codec::Kernel::kAuto) {
  std::vector<Bytes> parity(data.size(), Bytes(data[0].size()));
  std::vector<const Byte*> in;
  std::vector<Byte*> out;
  for (const auto& d : data) in.push_back(d.data());
  for (auto& p : parity) out.push_back(p.data());
  codec.encode_with(kernel, in.data(), out.data(), data[0].size());
  return parity;
}

TEST(Leopard, FieldTablesAreInverse) {
  for (const FieldTables* t : {&gf8_tables(), &gf16_tables()}) {
    const unsigned order = 1u << t->bits;
    for (unsigned x = 1; x < order; ++x) ASSERT_EQ(t->exp[t->log[x]], x) << t->bits;
    // Multiplying by exp(log 1) = 1 is the identity; every product of non-zeros is non-zero.
    const std::uint16_t log_one = t->log[1];
    for (unsigned x = 1; x < order; x += 97) {
      EXPECT_EQ(multiply_log(*t, static_cast<std::uint16_t>(x), log_one), x);
      EXPECT_NE(multiply_log(*t, static_cast<std::uint16_t>(x), 5), 0);
    }
  }
}

TEST(Leopard, RejectsWidthsThatAreNotPowersOfTwo) {
  EXPECT_FALSE(Codec::for_width(0));
  EXPECT_FALSE(Codec::for_width(3));
  EXPECT_FALSE(Codec::for_width(65536));
  const auto c = Codec::for_width(256);
  ASSERT_TRUE(c);
  EXPECT_TRUE((*c)->uses_gf16());
  EXPECT_FALSE((*Codec::for_width(128))->uses_gf16());
}

TEST(Leopard, Rsmt2dTwoByTwoRows) {
  // rsmt2d's TestComputeExtendedDataSquare: rows {1, 2} -> parity {0, 3}, {3, 4} -> {8, 15}.
  const auto codec = *Codec::for_width(2);
  const auto p1 = encode(*codec, {Bytes(64, 1), Bytes(64, 2)});
  EXPECT_EQ(p1[0], Bytes(64, 0));
  EXPECT_EQ(p1[1], Bytes(64, 3));
  const auto p2 = encode(*codec, {Bytes(64, 3), Bytes(64, 4)});
  EXPECT_EQ(p2[0], Bytes(64, 8));
  EXPECT_EQ(p2[1], Bytes(64, 15));
}

TEST(Leopard, EveryKernelComputesTheSameParity) {
  for (const std::size_t k : {2u, 4u, 8u, 32u, 128u, 256u}) {
    const auto codec = *Codec::for_width(k);
    const auto data = random_shards(k, 512, k);
    const auto reference = encode(*codec, data, Codec::Kernel::kPortable);
    for (const auto kernel : {Codec::Kernel::kAvx2, Codec::Kernel::kGfni, Codec::Kernel::kAuto}) {
      if (!Codec::available(kernel)) continue;
      EXPECT_EQ(encode(*codec, data, kernel), reference) << "k=" << k;
    }
  }
}

TEST(Leopard, EncodingIsLinear) {
  // parity(a ^ b) == parity(a) ^ parity(b): a code over GF(2^m) with XOR as addition.
  for (const std::size_t k : {16u, 256u}) {
    const auto codec = *Codec::for_width(k);
    const auto a = random_shards(k, 128, 1), b = random_shards(k, 128, 2);
    auto sum = a;
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < 128; ++j) sum[i][j] ^= b[i][j];
    const auto pa = encode(*codec, a), pb = encode(*codec, b), ps = encode(*codec, sum);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < 128; ++j) ASSERT_EQ(ps[i][j], pa[i][j] ^ pb[i][j]);
  }
}

TEST(Leopard, ParityDependsOnEveryDataShard) {
  const std::size_t k = 64;
  const auto codec = *Codec::for_width(k);
  const auto data = random_shards(k, 64, 7);
  const auto base = encode(*codec, data);
  for (std::size_t i = 0; i < k; i += 9) {
    auto changed = data;
    changed[i][5] ^= 1;
    const auto p = encode(*codec, changed);
    // An MDS code: one changed data symbol changes that symbol in every parity shard.
    for (std::size_t j = 0; j < k; ++j) EXPECT_NE(p[j][5], base[j][5]) << i << "," << j;
  }
}

}  // namespace
}  // namespace plexus::da::leopard
