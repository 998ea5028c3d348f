// Dispatch, gas and failure rules of the precompiles, with ecrecover, sha256, ripemd160 and
// identity vectors. blake2f and modexp have their own files.
#include "evm/precompiles/precompiles.hpp"

#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/secp256k1.hpp"
#include "precompile_address.hpp"

namespace plexus::evm::precompiles {
namespace {

TEST(Precompiles, AddressesPerRevision) {
  for (Byte n = 1; n <= 9; ++n)
    EXPECT_TRUE(is_precompile(precompile_address(n), Revision::kShanghai));
  EXPECT_FALSE(is_precompile(precompile_address(0x0a), Revision::kShanghai));
  EXPECT_TRUE(is_precompile(precompile_address(0x0a), Revision::kCancun));
  EXPECT_FALSE(is_precompile(precompile_address(0x0b), Revision::kCancun));
  EXPECT_FALSE(is_precompile(precompile_address(0), Revision::kCancun));
  Address high = precompile_address(1);
  high[0] = 1;
  EXPECT_FALSE(is_precompile(high, Revision::kCancun));
}

TEST(Precompiles, HashesAndIdentity) {
  const Bytes abc{'a', 'b', 'c'};
  Output out = execute(precompile_address(2), abc, 100);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 72);  // 60 + 12 * 1 word
  EXPECT_EQ(to_hex(out.data), "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  out = execute(precompile_address(3), abc, 1000);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 720);
  EXPECT_EQ(to_hex(out.data), "0x0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc");

  const Bytes data(33, 0x42);
  out = execute(precompile_address(4), data, 21);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 21);  // 15 + 3 * 2 words
  EXPECT_EQ(out.data, data);

  out = execute(precompile_address(4), {}, 15);
  EXPECT_TRUE(out.success);
  EXPECT_TRUE(out.data.empty());
}

TEST(Precompiles, OutOfGasConsumesEverything) {
  const Bytes data(33, 0x42);
  const Output out = execute(precompile_address(4), data, 20);
  EXPECT_FALSE(out.success);
  EXPECT_EQ(out.gas_used, 20);
  EXPECT_TRUE(out.data.empty());
  EXPECT_FALSE(execute(precompile_address(1), {}, 2999).success);
}

// 32-byte word helpers for building ecrecover input.
void append_word(Bytes& out, BytesView word) {
  const auto w = FixedBytes<32>::right_aligned(word);
  out.insert(out.end(), w.bytes.begin(), w.bytes.end());
}

Bytes ecrecover_input(const Hash256& hash, Byte v, const secp256k1::RecoverableSignature& sig) {
  Bytes in;
  append_word(in, hash.view());
  append_word(in, Bytes{v});
  append_word(in, sig.r.view());
  append_word(in, sig.s.view());
  return in;
}

TEST(Precompiles, EcrecoverEip155Vector) {
  // The EIP-155 example signature (recovery id 0) by key 0x4646..46.
  const Bytes in = hex_or_throw(
      "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"
      "000000000000000000000000000000000000000000000000000000000000001b"
      "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"
      "67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
  const Output out = execute(precompile_address(1), in, 5000);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 3000);
  EXPECT_EQ(to_hex(out.data), "0x0000000000000000000000009d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
}

TEST(Precompiles, EcrecoverRules) {
  const auto key = secp256k1::PrivateKey::from_seed(as_bytes("ecrecover"));
  const Hash256 hash = keccak256(as_bytes("payload"));
  const auto sig = secp256k1::sign(hash, key);
  const Byte v = static_cast<Byte>(27 + sig.recovery_id);
  const Bytes expected = to_bytes(FixedBytes<32>::right_aligned(key.address().view()).view());
  EXPECT_EQ(execute(precompile_address(1), ecrecover_input(hash, v, sig), 3000).data, expected);

  // High s (with the flipped recovery id) is accepted by the precompile, unlike by transactions.
  secp256k1::RecoverableSignature high = sig;
  Bytes n_minus_s(32);
  unsigned borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const unsigned d = secp256k1::kCurveOrder[i] - sig.s[i] - borrow;
    n_minus_s[i] = static_cast<Byte>(d);
    borrow = d > 0xff ? 1 : 0;
  }
  high.s = FixedBytes<32>::right_aligned(n_minus_s);
  EXPECT_EQ(
      execute(precompile_address(1),
              ecrecover_input(hash, static_cast<Byte>(27 + (sig.recovery_id ^ 1)), high), 3000)
          .data,
      expected);

  // Invalid v, a wide v word, r = 0, or a truncated input: success with empty output.
  for (Byte bad_v : {Byte{0}, Byte{1}, Byte{29}}) {
    const Output out = execute(precompile_address(1), ecrecover_input(hash, bad_v, sig), 3000);
    EXPECT_TRUE(out.success);
    EXPECT_TRUE(out.data.empty());
  }
  Bytes wide_v = ecrecover_input(hash, v, sig);
  wide_v[32] = 1;
  EXPECT_TRUE(execute(precompile_address(1), wide_v, 3000).data.empty());
  auto zero_r = sig;
  zero_r.r = FixedBytes<32>{};
  EXPECT_TRUE(execute(precompile_address(1), ecrecover_input(hash, v, zero_r), 3000).data.empty());
  const Output empty = execute(precompile_address(1), {}, 3000);
  EXPECT_TRUE(empty.success);
  EXPECT_TRUE(empty.data.empty());
  // Extra input past 128 bytes is ignored.
  Bytes longer = ecrecover_input(hash, v, sig);
  longer.push_back(0xff);
  EXPECT_EQ(execute(precompile_address(1), longer, 3000).data, expected);
}

TEST(Precompiles, CurvePrecompilesChargeTheirGas) {
  EXPECT_FALSE(execute(precompile_address(6), {}, 149).success);
  EXPECT_FALSE(execute(precompile_address(7), {}, 5999).success);
  EXPECT_FALSE(execute(precompile_address(8), Bytes(192), 45000 + 33999).success);
  EXPECT_FALSE(execute(precompile_address(0x0a), {}, 49999).success);
}

TEST(Precompiles, CurvePrecompilesRunThroughTheTable) {
  // Adding two points at infinity, multiplying infinity, and an empty pairing check.
  const auto add = execute(precompile_address(6), {}, 150);
  ASSERT_TRUE(add.success);
  EXPECT_EQ(add.gas_used, 150);
  EXPECT_EQ(add.data, Bytes(64));
  const auto mul = execute(precompile_address(7), {}, 6000);
  ASSERT_TRUE(mul.success);
  EXPECT_EQ(mul.data, Bytes(64));
  const auto pairing = execute(precompile_address(8), {}, 45000);
  ASSERT_TRUE(pairing.success);
  Bytes one(32);
  one[31] = 1;
  EXPECT_EQ(pairing.data, one);
  // The point-evaluation precompile rejects input that is not exactly 192 bytes.
  EXPECT_FALSE(execute(precompile_address(0x0a), Bytes(191), 50000).success);
}

}  // namespace
}  // namespace plexus::evm::precompiles
