#include "core/secp256k1.hpp"

#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/uint256.hpp"

namespace plexus::secp256k1 {
namespace {

Bytes32 word(std::string_view text) { return to_bytes32(parse_uint256(text).value()); }

PrivateKey key_of(std::string_view hex) {
  return PrivateKey::from_secret(fixed_from_hex<32>(hex).value()).value();
}

TEST(Secp256k1, AddressOfKnownKeys) {
  EXPECT_EQ(
      to_hex(
          key_of("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8").address()),
      "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
  EXPECT_EQ(
      to_hex(
          key_of("0x0000000000000000000000000000000000000000000000000000000000000001").address()),
      "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
  // The generator's coordinates are the public key of secret 1.
  EXPECT_EQ(to_hex(key_of("0x0000000000000000000000000000000000000000000000000000000000000001")
                       .public_key()),
            "0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
}

TEST(Secp256k1, SecretRangeIsChecked) {
  EXPECT_FALSE(PrivateKey::from_secret(Bytes32{}).has_value());
  EXPECT_FALSE(PrivateKey::from_secret(kCurveOrder).has_value());
  Bytes32 n_minus_1 = kCurveOrder;
  n_minus_1[31] -= 1;
  EXPECT_TRUE(PrivateKey::from_secret(n_minus_1).has_value());
}

TEST(Secp256k1, SeedIsDeterministic) {
  const auto a = PrivateKey::from_seed(as_bytes("plexus"));
  const auto b = PrivateKey::from_seed(as_bytes("plexus"));
  const auto c = PrivateKey::from_seed(as_bytes("plexus2"));
  EXPECT_EQ(a.secret(), b.secret());
  EXPECT_NE(a.secret(), c.secret());
  EXPECT_EQ(a.secret(), keccak256(as_bytes("plexus")));
}

// The EIP-155 example: key 0x4646..46 signs the hash of a chain-1 transfer; the published
// signature is v = 37 (recovery id 0) with these r and s.
TEST(Secp256k1, Eip155ExampleSignature) {
  const auto key = key_of("0x4646464646464646464646464646464646464646464646464646464646464646");
  const Hash256 hash =
      fixed_from_hex<32>("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")
          .value();
  const RecoverableSignature expected{
      word("18515461264373351373200002665853028612451056578545711640558177340181847433846"),
      word("46948507304638947509940763649030358759909902576025900602547168820602576006531"), 0};
  EXPECT_EQ(sign(hash, key), expected);
  EXPECT_EQ(to_hex(recover_address(hash, expected, SRule::kLowS).value()),
            "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
}

TEST(Secp256k1, SignRecoverRoundTripAndHighS) {
  const auto key = PrivateKey::from_seed(as_bytes("round trip"));
  const Hash256 hash = keccak256(as_bytes("message"));
  const RecoverableSignature sig = sign(hash, key);
  EXPECT_LE(sig.s, kHalfCurveOrder);
  EXPECT_EQ(recover_address(hash, sig, SRule::kLowS).value(), key.address());

  // (r, n - s) with the other recovery id is the same signature in high-s form.
  RecoverableSignature high = sig;
  high.s = to_bytes32(from_bytes32(kCurveOrder) - from_bytes32(sig.s));
  high.recovery_id ^= 1;
  EXPECT_FALSE(recover_address(hash, high, SRule::kLowS).has_value());
  EXPECT_EQ(recover_address(hash, high, SRule::kAnyS).value(), key.address());

  RecoverableSignature wrong_id = sig;
  wrong_id.recovery_id ^= 1;
  const auto other = recover_address(hash, wrong_id, SRule::kLowS);
  EXPECT_TRUE(!other || *other != key.address());
}

TEST(Secp256k1, RejectsOutOfRangeValues) {
  const Hash256 hash = keccak256(as_bytes("x"));
  RecoverableSignature sig = sign(hash, PrivateKey::from_seed(as_bytes("k")));
  auto zero_r = sig;
  zero_r.r = Bytes32{};
  EXPECT_FALSE(recover_address(hash, zero_r, SRule::kAnyS).has_value());
  auto big_s = sig;
  big_s.s = kCurveOrder;
  EXPECT_FALSE(recover_address(hash, big_s, SRule::kAnyS).has_value());
  auto bad_id = sig;
  bad_id.recovery_id = 2;
  EXPECT_FALSE(recover_address(hash, bad_id, SRule::kAnyS).has_value());
  EXPECT_TRUE(signature_values_valid(word("1"), word("1"), SRule::kLowS));
  EXPECT_FALSE(signature_values_valid(word("1"), kCurveOrder, SRule::kAnyS));
}

}  // namespace
}  // namespace plexus::secp256k1
