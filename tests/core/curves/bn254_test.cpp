#include <gtest/gtest.h>

#include <string>

#include "bn254_vectors.hpp"
#include "core/curves/precompiles.hpp"
#include "core/hex.hpp"

namespace plexus::curves {
namespace {

using vectors::Vector;

std::string run_hex(Result<Bytes> (*fn)(BytesView), std::string_view input_hex) {
  const Bytes input = hex_or_throw(input_hex);
  const Result<Bytes> out = fn(input);
  return out ? to_hex(*out, false) : "error: " + out.error().message;
}

template <std::size_t N>
void expect_vectors(Result<Bytes> (*fn)(BytesView), const Vector (&vectors)[N]) {
  for (const Vector& v : vectors) {
    std::string expected;
    for (const char c : v.expected) expected += c;
    EXPECT_EQ(run_hex(fn, v.input), expected) << v.name;
  }
}

bool fails(Result<Bytes> (*fn)(BytesView), std::string_view input_hex) {
  return !fn(hex_or_throw(input_hex)).has_value();
}

std::string word(std::string_view hex) {
  return std::string(64 - hex.size(), '0') + std::string(hex);
}

const std::string kP = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
const std::string kG1 = word("1") + word("2");
// The EIP-197 G2 generator (imaginary parts first).
const std::string kG2 =
    word("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2") +
    word("1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed") +
    word("090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b") +
    word("12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa");
// On the twist but outside the order-r subgroup.
const std::string kG2WrongSubgroup =
    word("1") + word("2") +
    word("2b76c179599bb92a963dac85546a005a777f7c13f6a7b75d5918b6b5808f5fde") +
    word("101f7278419308b95099eca02dcee0c5381f4d26d1d62313f057167f064101ce");

TEST(Bn254, AddVectors) { expect_vectors(bn254_add, vectors::kBn254AddVectors); }
TEST(Bn254, MulVectors) { expect_vectors(bn254_mul, vectors::kBn254MulVectors); }
TEST(Bn254, PairingVectors) {
  expect_vectors(bn254_pairing_check, vectors::kBn254PairingVectors);
}

TEST(Bn254, AddRejectsInvalidPoints) {
  EXPECT_TRUE(fails(bn254_add, word("1") + word("3")));                   // not on curve
  EXPECT_TRUE(fails(bn254_add, kG1 + word("1") + word("3")));             // second not on curve
  EXPECT_TRUE(fails(bn254_add, kP + word("2")));                          // x == p
  EXPECT_TRUE(fails(bn254_add, word("1") + kP));                          // y == p
  EXPECT_TRUE(fails(bn254_add, word("0") + word("1")));                   // (0,1) is not infinity
  // Bytes past 128 are ignored, even when they would not decode.
  EXPECT_FALSE(fails(bn254_add, kG1 + kG1 + word("1") + word("3")));
}

TEST(Bn254, AddDoublesAndCancels) {
  // G + G = 2G; G + (-G) = infinity; short input is zero padded.
  const std::string two_g = run_hex(bn254_mul, kG1 + word("2"));
  EXPECT_EQ(run_hex(bn254_add, kG1 + kG1), two_g);
  const std::string neg_g =
      word("1") + word("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45");
  EXPECT_EQ(run_hex(bn254_add, kG1 + neg_g), std::string(128, '0'));
  EXPECT_EQ(run_hex(bn254_add, kG1), kG1);
}

TEST(Bn254, MulRejectsInvalidPoints) {
  EXPECT_TRUE(fails(bn254_mul, word("1") + word("3") + word("2")));
  EXPECT_TRUE(fails(bn254_mul, kP + word("0") + word("2")));
  // Scalar r maps every point to infinity; scalars above r still work (no reduction required).
  const std::string r = word("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");
  EXPECT_EQ(run_hex(bn254_mul, kG1 + r), std::string(128, '0'));
  EXPECT_EQ(run_hex(bn254_mul, kG1 + std::string(64, 'f')).size(), 128u);
}

TEST(Bn254, PairingChecksLengthAndPoints) {
  EXPECT_EQ(run_hex(bn254_pairing_check, ""), word("1"));
  EXPECT_TRUE(fails(bn254_pairing_check, kG1 + kG2 + "00"));          // 193 bytes
  EXPECT_TRUE(fails(bn254_pairing_check, (kG1 + kG2).substr(2)));    // 191 bytes
  EXPECT_TRUE(fails(bn254_pairing_check, word("1") + word("3") + kG2));  // G1 not on curve
  std::string off_twist = kG2;
  off_twist[off_twist.size() - 1] = 'b';
  EXPECT_TRUE(fails(bn254_pairing_check, kG1 + off_twist));
  EXPECT_TRUE(fails(bn254_pairing_check, kG1 + kG2WrongSubgroup));
  EXPECT_TRUE(fails(bn254_pairing_check, kG1 + kP + kG2.substr(64)));  // coordinate == p
  // Infinity on either side contributes a factor of one; e(G1, G2) alone is not one.
  EXPECT_EQ(run_hex(bn254_pairing_check, std::string(128, '0') + kG2), word("1"));
  EXPECT_EQ(run_hex(bn254_pairing_check, kG1 + std::string(256, '0')), word("1"));
  EXPECT_EQ(run_hex(bn254_pairing_check, kG1 + kG2), word("0"));
  // e(G1, G2) * e(-G1, G2) == 1.
  const std::string neg_g1 =
      word("1") + word("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45");
  EXPECT_EQ(run_hex(bn254_pairing_check, kG1 + kG2 + neg_g1 + kG2), word("1"));
}

}  // namespace
}  // namespace plexus::curves
