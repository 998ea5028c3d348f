#include "core/uint256.hpp"

#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <random>
#include <vector>

#include "core/uint256_ops.hpp"

namespace plexus {
namespace {

using Boost256 = boost::multiprecision::uint256_t;
using Boost512 = boost::multiprecision::uint512_t;

Boost256 to_boost(const uint256& x) {
  Boost256 r = 0;
  for (std::size_t i = 4; i-- > 0;) r = (r << 64) | x.limb(i);
  return r;
}
uint256 from_boost(Boost256 x) {
  std::uint64_t w[4];
  for (auto& limb : w) {
    limb = static_cast<std::uint64_t>(x & 0xffffffffffffffffULL);
    x >>= 64;
  }
  return uint256::from_limbs(w[0], w[1], w[2], w[3]);
}

// Random values biased toward the shapes that break division: few significant limbs, all-ones
// limbs, and top bits set or clear.
uint256 random_word(std::mt19937_64& rng) {
  std::uint64_t w[4] = {};
  const std::size_t limbs = rng() % 5;
  for (std::size_t i = 0; i < limbs; ++i) {
    switch (rng() % 4) {
      case 0:
        w[i] = ~std::uint64_t{0};
        break;
      case 1:
        w[i] = rng() >> (rng() % 64);
        break;
      default:
        w[i] = rng();
        break;
    }
  }
  return uint256::from_limbs(w[0], w[1], w[2], w[3]);
}

const uint256 kMinSigned = uint256(1) << 255;
const uint256 kMinusOne = uint256::max();

TEST(Uint256, ConstructionAndConversion) {
  EXPECT_EQ(uint256(-1), uint256::max());
  EXPECT_EQ(static_cast<std::uint64_t>(uint256::from_limbs(7, 9, 0, 0)), 7u);
  EXPECT_TRUE(static_cast<bool>(uint256::from_limbs(0, 0, 0, 1)));
  EXPECT_FALSE(static_cast<bool>(uint256()));
  EXPECT_EQ(uint256(5) + 3, 8);
  EXPECT_LT(uint256(5), uint256::from_limbs(0, 1, 0, 0));
  EXPECT_EQ(bit_width(kMinSigned), 256u);
  EXPECT_EQ(byte_width(uint256(0x100)), 2u);
  EXPECT_EQ(to_hex_string(kMinSigned), "0x8" + std::string(63, '0'));
}

TEST(Uint256, BytesRoundTrip) {
  Bytes32 word;
  for (std::size_t i = 0; i < 32; ++i) word[i] = static_cast<Byte>(i + 1);
  const uint256 v = from_bytes32(word);
  EXPECT_EQ(v.limb(0), 0x191a1b1c1d1e1f20ULL);
  EXPECT_EQ(to_bytes32(v), word);
  EXPECT_EQ(to_minimal_be(uint256(0x0102)), (Bytes{0x01, 0x02}));
  EXPECT_TRUE(to_minimal_be(0).empty());
  EXPECT_EQ(load_be(Bytes{0xab, 0xcd}), 0xabcd);
}

TEST(Uint256, Parse) {
  EXPECT_EQ(*parse_uint256("0xff"), 255);
  EXPECT_EQ(*parse_uint256("1000"), 1000);
  const std::string max_dec =
      "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  EXPECT_EQ(*parse_uint256(max_dec), uint256::max());
  EXPECT_EQ(uint256::max().str(), max_dec);
  EXPECT_EQ(uint256(0).str(), "0");
  EXPECT_EQ(uint256(10'000'000'000'000'000'000ULL).str(), "10000000000000000000");
  EXPECT_EQ((uint256(10'000'000'000'000'000'000ULL) * 10'000'000'000'000'000'000ULL).str(),
            "1" + std::string(38, '0'));
  EXPECT_FALSE(parse_uint256(max_dec.substr(0, 77) + "6"));
  EXPECT_FALSE(parse_uint256("0x" + std::string(65, '1')));
  EXPECT_FALSE(parse_uint256("12a"));
}

TEST(Uint256, DivisionByZeroIsZero) {
  EXPECT_EQ(uint256(7) / 0, 0);
  EXPECT_EQ(uint256::max() % 0, 0);
  EXPECT_EQ(sdiv(kMinusOne, 0), 0);
  EXPECT_EQ(smod(kMinusOne, 0), 0);
  EXPECT_EQ(addmod(5, 6, 0), 0);
  EXPECT_EQ(mulmod(5, 6, 0), 0);
}

TEST(Uint256, DivisionByPowersOfTwo) {
  const uint256 x = uint256::from_limbs(0x0123456789abcdefULL, 0xfedcba9876543210ULL, 42, ~0ULL);
  for (unsigned k = 0; k < 256; ++k) {
    const uint256 d = uint256(1) << k;
    ASSERT_EQ(to_boost(x / d), to_boost(x) / to_boost(d)) << k;
    ASSERT_EQ(to_boost(x % d), to_boost(x) % to_boost(d)) << k;
    ASSERT_EQ(to_boost(d / (d - 1 + d)), to_boost(d) / to_boost(d - 1 + d)) << k;  // not a power
  }
}

TEST(Uint256, SignedDivision) {
  EXPECT_EQ(sdiv(kMinSigned, kMinusOne), kMinSigned);  // overflow wraps
  EXPECT_EQ(sdiv(-uint256(7), 2), -uint256(3));        // truncates toward zero
  EXPECT_EQ(sdiv(7, -uint256(2)), -uint256(3));
  EXPECT_EQ(smod(-uint256(7), 3), -uint256(1));  // sign of the dividend
  EXPECT_EQ(smod(7, -uint256(3)), 1);
  EXPECT_EQ(smod(kMinSigned, kMinusOne), 0);
  EXPECT_TRUE(slt(kMinSigned, 0));
  EXPECT_TRUE(sgt(1, kMinusOne));
  EXPECT_FALSE(slt(3, 3));
}

TEST(Uint256, Shifts) {
  const uint256 x = uint256::from_limbs(1, 2, 3, 4);
  EXPECT_EQ(x << 256, 0);
  EXPECT_EQ(x >> 256, 0);
  EXPECT_EQ(x << uint256::from_limbs(0, 1, 0, 0), 0);  // huge shift amounts
  EXPECT_EQ(x << 64, uint256::from_limbs(0, 1, 2, 3));
  EXPECT_EQ(x >> 0, x);
  EXPECT_EQ(uint256(1) << 255, kMinSigned);
  EXPECT_EQ(sar(1, kMinSigned), uint256(3) << 254);
  EXPECT_EQ(sar(255, kMinSigned), kMinusOne);
  EXPECT_EQ(sar(256, kMinSigned), kMinusOne);
  EXPECT_EQ(sar(uint256::max(), 5), 0);
  EXPECT_EQ(sar(0, kMinSigned), kMinSigned);
  EXPECT_EQ(sar(4, 0x80), 0x8);
}

TEST(Uint256, ByteAndSignExtend) {
  const uint256 x = uint256::from_limbs(0x1122, 0, 0, 0xab00000000000000ULL);
  EXPECT_EQ(byte_of(0, x), 0xab);
  EXPECT_EQ(byte_of(31, x), 0x22);
  EXPECT_EQ(byte_of(30, x), 0x11);
  EXPECT_EQ(byte_of(32, x), 0);
  EXPECT_EQ(byte_of(uint256::max(), x), 0);
  EXPECT_EQ(signextend(0, 0xff), kMinusOne);
  EXPECT_EQ(signextend(0, 0x17f), 0x7f);
  EXPECT_EQ(signextend(1, 0x8000), kMinusOne << 15);
  EXPECT_EQ(signextend(31, 0x80), 0x80);
  EXPECT_EQ(signextend(uint256::max(), 0x80), 0x80);
  EXPECT_EQ(signextend(30, kMinusOne >> 1), kMinusOne);  // bit 247 is set
}

TEST(Uint256, ModularWithHugeOperands) {
  const uint256 max = uint256::max();
  EXPECT_EQ(addmod(max, max, max), 0);
  EXPECT_EQ(addmod(max, 1, max - 1), 2);  // (2^256) mod (2^256 - 2)
  EXPECT_EQ(addmod(max, max, 7), from_boost(Boost256((Boost512(to_boost(max)) * 2) % 7)));
  EXPECT_EQ(mulmod(max, max, max), 0);
  EXPECT_EQ(mulmod(max, max, max - 1), 1);
  EXPECT_EQ(mulmod(max, max, 12), 9);  // (2^256-1) ≡ 3 (mod 12)
  EXPECT_EQ(mulmod(kMinSigned, 2, max), 1);
  EXPECT_EQ(exp(2, 255), kMinSigned);
  EXPECT_EQ(exp(2, 256), 0);
  EXPECT_EQ(exp(0, 0), 1);
  EXPECT_EQ(exp(3, max), from_boost(boost::multiprecision::powm(
                                        Boost512(3), Boost512(to_boost(max)), Boost512(1) << 256)
                                        .convert_to<Boost256>()));
}

// On x86-64, +, -, * run as inline assembly at run time and as the portable loops in constant
// evaluation; both must give the same limbs, carries across every limb included.
TEST(Uint256, ConstantAndRuntimeFormsAgree) {
  constexpr uint256 kA = uint256::from_limbs(~0ULL, ~0ULL, 0x8000000000000001ULL, ~0ULL);
  constexpr uint256 kB =
      uint256::from_limbs(1, 0xfedcba9876543210ULL, ~0ULL, 0x7fffffffffffffffULL);
  constexpr uint256 kSum = kA + kB;
  constexpr uint256 kDiff = kB - kA;
  constexpr uint256 kProd = kA * kB;
  constexpr uint256 kShl = kB << 100;
  constexpr uint256 kShr = kA >> 129;
  static_assert(kSum == uint256::from_limbs(0, 0xfedcba9876543210ULL, 0x8000000000000001ULL,
                                            0x7fffffffffffffffULL));
  // Run-time copies the compiler cannot fold.
  std::vector<uint256> runtime = {kA, kB};
  const uint256& a = runtime[0];
  const uint256& b = runtime[1];
  EXPECT_EQ(a + b, kSum);
  EXPECT_EQ(b - a, kDiff);
  EXPECT_EQ(a * b, kProd);
  EXPECT_EQ(b << 100, kShl);
  EXPECT_EQ(a >> 129, kShr);
  EXPECT_EQ(to_boost(kProd), to_boost(kA) * to_boost(kB));
  EXPECT_EQ(to_boost(kDiff), to_boost(kB) - to_boost(kA));
  for (unsigned shift : {0u, 1u, 63u, 64u, 65u, 127u, 128u, 191u, 192u, 255u}) {
    EXPECT_EQ(to_boost(b << shift), Boost256(to_boost(kB) << shift)) << shift;
    EXPECT_EQ(to_boost(b >> shift), to_boost(kB) >> shift) << shift;
  }
}

TEST(Uint256, MatchesBoostOnRandomValues) {
  std::mt19937_64 rng(20240601);
  for (int iter = 0; iter < 20000; ++iter) {
    const uint256 a = random_word(rng);
    const uint256 b = random_word(rng);
    const uint256 m = random_word(rng);
    const Boost256 ba = to_boost(a);
    const Boost256 bb = to_boost(b);
    const Boost256 bm = to_boost(m);
    ASSERT_EQ(to_boost(a + b), ba + bb);
    ASSERT_EQ(to_boost(a - b), ba - bb);
    ASSERT_EQ(to_boost(a * b), ba * bb);
    ASSERT_EQ(a < b, ba < bb);
    const unsigned shift = static_cast<unsigned>(rng() % 300);
    ASSERT_EQ(to_boost(a << shift), shift >= 256 ? Boost256(0) : Boost256(ba << shift));
    ASSERT_EQ(to_boost(a >> shift), shift >= 256 ? Boost256(0) : Boost256(ba >> shift));
    if (!b.is_zero()) {
      ASSERT_EQ(to_boost(a / b), ba / bb) << to_hex_string(a) << " / " << to_hex_string(b);
      ASSERT_EQ(to_boost(a % b), ba % bb) << to_hex_string(a) << " % " << to_hex_string(b);
    }
    if (!m.is_zero()) {
      const Boost512 sum = (Boost512(ba) + bb) % bm;
      const Boost512 prod = (Boost512(ba) * bb) % bm;
      ASSERT_EQ(to_boost(addmod(a, b, m)), sum.convert_to<Boost256>());
      ASSERT_EQ(to_boost(mulmod(a, b, m)), prod.convert_to<Boost256>())
          << to_hex_string(a) << " * " << to_hex_string(b) << " % " << to_hex_string(m);
    }
  }
}

// MULMOD keeps a Barrett constant for a modulus used twice in a row (uint256_ops.cpp): the same
// remainders as Boost for moduli of four limbs at the edges (top limb 1, all ones, powers of two,
// the BN254 prime weierstrudel uses), operands above the modulus, and moduli that alternate.
TEST(Uint256, MulmodWithARepeatedModulusMatchesBoost) {
  std::mt19937_64 rng(20261206);
  const uint256 max = ~uint256(0);
  std::vector<uint256> moduli = {uint256::from_limbs(0, 0, 0, 1),
                                 uint256::from_limbs(1, 0, 0, 1),
                                 uint256::from_limbs(~0ULL, ~0ULL, ~0ULL, 1),
                                 max,
                                 max - 1,
                                 uint256(1) << 192,
                                 uint256(1) << 255,
                                 (uint256(1) << 255) + 1,
                                 uint256::from_limbs(0x3c208c16d87cfd47, 0x97816a916871ca8d,
                                                     0xb85045b68181585d, 0x30644e72e131a029)};
  for (int i = 0; i < 8; ++i) moduli.push_back(random_word(rng) | uint256::from_limbs(0, 0, 0, 1));
  for (const uint256& m : moduli) {
    const Boost256 bm = to_boost(m);
    std::vector<uint256> operands = {0, 1, m - 1, m, m + 1, max, max - 1};
    for (int i = 0; i < 40; ++i) operands.push_back(random_word(rng));
    for (const uint256& a : operands)
      for (std::size_t k = 0; k < operands.size(); k += 3) {
        const uint256& b = operands[k];
        const Boost512 want = (Boost512(to_boost(a)) * to_boost(b)) % bm;
        // Twice in a row: the first call divides, the second reduces with the kept constant.
        ASSERT_EQ(to_boost(mulmod(a, b, m)), want.convert_to<Boost256>());
        ASSERT_EQ(to_boost(mulmod(a, b, m)), want.convert_to<Boost256>())
            << to_hex_string(a) << " * " << to_hex_string(b) << " % " << to_hex_string(m);
      }
  }
  // The all-ones modulus (Solidity's mulDiv) folds the halves instead of dividing.
  for (int i = 0; i < 500; ++i) {
    const uint256 a = i == 0 ? max : random_word(rng), b = i == 0 ? max : random_word(rng);
    const Boost512 want = (Boost512(to_boost(a)) * to_boost(b)) % to_boost(max);
    ASSERT_EQ(to_boost(mulmod(a, b, max)), want.convert_to<Boost256>());
  }
  EXPECT_EQ(mulmod(max, 1, max), 0);
  EXPECT_EQ(mulmod(max - 1, 1, max), max - 1);
  // Alternating moduli: each call sees a new one and must not reuse the other's constant.
  const uint256 m1 = moduli.back(), m2 = moduli[moduli.size() - 2];
  for (int i = 0; i < 200; ++i) {
    const uint256 a = random_word(rng), b = random_word(rng);
    const uint256& m = i % 3 == 0 ? m1 : m2;
    const Boost512 want = (Boost512(to_boost(a)) * to_boost(b)) % to_boost(m);
    ASSERT_EQ(to_boost(mulmod(a, b, m)), want.convert_to<Boost256>());
  }
}

}  // namespace
}  // namespace plexus
