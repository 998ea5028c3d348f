#include "core/transaction.hpp"

#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::tx {
namespace {

secp256k1::PrivateKey key_46() {
  return secp256k1::PrivateKey::from_secret(
             fixed_from_hex<32>(
                 "0x4646464646464646464646464646464646464646464646464646464646464646")
                 .value())
      .value();
}

Address address(std::string_view hex) { return fixed_from_hex<20>(hex).value(); }

// The worked example of EIP-155.
Transaction eip155_example() {
  Transaction tx;
  tx.chain_id = 1;
  tx.nonce = 9;
  tx.gas_price = parse_uint256("20000000000").value();
  tx.gas_limit = 21000;
  tx.to = address("0x3535353535353535353535353535353535353535");
  tx.value = parse_uint256("1000000000000000000").value();
  return tx;
}

Transaction blob_tx() {
  Transaction tx;
  tx.type = Type::kBlob;
  tx.chain_id = 1;
  tx.nonce = 1;
  tx.max_priority_fee_per_gas = 2;
  tx.max_fee_per_gas = 100;
  tx.gas_limit = 100000;
  tx.to = address("0x1000000000000000000000000000000000000001");
  tx.data = {0x00, 0x01};
  tx.access_list = {{address("0x2000000000000000000000000000000000000002"), {Hash256{}}}};
  tx.max_fee_per_blob_gas = 7;
  Hash256 versioned;
  versioned[0] = kBlobCommitmentVersionKzg;
  tx.blob_versioned_hashes = {versioned};
  return tx;
}

TEST(Transaction, Eip155Example) {
  Transaction tx = eip155_example();
  EXPECT_EQ(to_hex(signing_payload(tx)),
            "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
            "80018080");
  EXPECT_EQ(to_hex(signing_hash(tx)),
            "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
  sign(tx, key_46());
  const std::string signed_hex =
      "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025"
      "a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703"
      "304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
  EXPECT_EQ(tx.v, 37);
  EXPECT_EQ(to_hex(encode(tx)), signed_hex);
  const Transaction decoded = decode(hex_or_throw(signed_hex)).value();
  EXPECT_EQ(decoded, tx);
  EXPECT_EQ(hash(decoded), keccak256(hex_or_throw(signed_hex)));
  EXPECT_EQ(validate(decoded, Fork::kCancun, 1).value(), key_46().address());
  // The same bytes before EIP-155, and on another chain, are invalid.
  EXPECT_FALSE(validate(decoded, Fork::kHomestead, 1).has_value());
  EXPECT_FALSE(validate(decoded, Fork::kCancun, 5).has_value());
}

TEST(Transaction, UnprotectedLegacyUsesV27Or28) {
  Transaction tx = eip155_example();
  tx.chain_id = 0;
  sign(tx, key_46());
  EXPECT_TRUE(tx.v == 27 || tx.v == 28);
  const Transaction decoded = decode(encode(tx)).value();
  EXPECT_EQ(decoded.chain_id, 0);
  EXPECT_EQ(validate(decoded, Fork::kFrontier, 1).value(), key_46().address());
  EXPECT_EQ(validate(decoded, Fork::kCancun, 1).value(), key_46().address());
}

TEST(Transaction, TypedRoundTrips) {
  Transaction access = eip155_example();
  access.type = Type::kAccessList;
  access.access_list = {{address("0x2000000000000000000000000000000000000002"), {Hash256{}}}};
  access.gas_limit = 30000;  // 21000 + 2400 + 1900
  Transaction dynamic = eip155_example();
  dynamic.type = Type::kDynamicFee;
  dynamic.gas_price = 0;  // not a field of type 2
  dynamic.max_priority_fee_per_gas = 1;
  dynamic.max_fee_per_gas = 2;
  dynamic.to.reset();
  dynamic.data = Bytes(40, 0x60);
  dynamic.gas_limit = 100000;
  for (Transaction tx : {access, dynamic, blob_tx()}) {
    sign(tx, key_46());
    const Bytes raw = encode(tx);
    EXPECT_EQ(raw[0], static_cast<Byte>(tx.type));
    const Transaction decoded = decode(raw).value();
    EXPECT_EQ(decoded, tx);
    const auto sender = validate(decoded, Fork::kCancun, 1);
    ASSERT_TRUE(sender.has_value()) << sender.error().message;
    EXPECT_EQ(*sender, key_46().address());
    EXPECT_FALSE(validate(decoded, Fork::kIstanbul, 1).has_value()) << "typed before Berlin";
  }
}

TEST(Transaction, IntrinsicGasPerFork) {
  Transaction create;
  create.data.assign(33, 0x00);  // 2 non-zero bytes, 31 zero bytes, 2 words
  create.data[1] = 0x01;
  create.data[2] = 0x02;
  EXPECT_EQ(intrinsic_gas(create, Fork::kFrontier), 21000u + 2 * 68 + 31 * 4);
  EXPECT_EQ(intrinsic_gas(create, Fork::kHomestead), 53000u + 2 * 68 + 31 * 4);
  EXPECT_EQ(intrinsic_gas(create, Fork::kIstanbul), 53000u + 2 * 16 + 31 * 4);
  EXPECT_EQ(intrinsic_gas(create, Fork::kShanghai), 53000u + 2 * 16 + 31 * 4 + 2 * 2);
  const Transaction blob = blob_tx();  // a call: 2 data bytes, 1 address, 1 key
  EXPECT_EQ(intrinsic_gas(blob, Fork::kCancun), 21000u + 4 + 16 + 2400 + 1900);
}

TEST(Transaction, BlobRules) {
  const auto key = key_46();
  auto signed_tx = [&](Transaction tx) {
    sign(tx, key);
    return tx;
  };
  Transaction no_blobs = blob_tx();
  no_blobs.blob_versioned_hashes.clear();
  EXPECT_FALSE(validate(signed_tx(no_blobs), Fork::kCancun, 1).has_value());
  Transaction bad_version = blob_tx();
  bad_version.blob_versioned_hashes[0][0] = 0x02;
  EXPECT_FALSE(validate(signed_tx(bad_version), Fork::kCancun, 1).has_value());
  Transaction too_many = blob_tx();
  too_many.blob_versioned_hashes.resize(kMaxBlobsPerTransaction + 1,
                                        too_many.blob_versioned_hashes[0]);
  EXPECT_FALSE(validate(signed_tx(too_many), Fork::kCancun, 1).has_value());

  Transaction create = blob_tx();
  create.to.reset();
  EXPECT_FALSE(decode(encode(signed_tx(create))).has_value());

  // The network form: 0x03 || rlp([tx_fields_list, blobs, commitments, proofs]).
  const Bytes raw = encode(signed_tx(blob_tx()));
  const Bytes inner(raw.begin() + 1, raw.end());
  std::vector<Bytes> wrapper{inner, rlp::encode_list({}), rlp::encode_list({}),
                             rlp::encode_list({})};
  Bytes network{0x03};
  const Bytes list = rlp::encode_list(wrapper);
  network.insert(network.end(), list.begin(), list.end());
  const auto rejected = decode(network);
  ASSERT_FALSE(rejected.has_value());
  EXPECT_NE(rejected.error().message.find("network form"), std::string::npos);
}

TEST(Transaction, FeeAndNonceLimits) {
  Transaction tip_above_cap = blob_tx();
  tip_above_cap.max_priority_fee_per_gas = 101;
  sign(tip_above_cap, key_46());
  EXPECT_FALSE(validate(tip_above_cap, Fork::kCancun, 1).has_value());

  Transaction max_nonce = eip155_example();
  max_nonce.nonce = ~std::uint64_t{0};
  sign(max_nonce, key_46());
  EXPECT_FALSE(validate(max_nonce, Fork::kCancun, 1).has_value());

  Transaction too_big = eip155_example();
  too_big.to.reset();
  too_big.gas_limit = 10'000'000;
  too_big.data.assign(kMaxInitcodeSize + 1, 0);
  sign(too_big, key_46());
  EXPECT_FALSE(validate(too_big, Fork::kShanghai, 1).has_value());
  EXPECT_TRUE(validate(too_big, Fork::kParis, 1).has_value());
}

TEST(Transaction, MalformedInput) {
  EXPECT_FALSE(decode({}).has_value());
  EXPECT_FALSE(decode(hex_or_throw("0x05c0")).has_value());  // unknown type
  EXPECT_FALSE(decode(hex_or_throw("0x04c0")).has_value());  // set-code without its fields
  EXPECT_FALSE(decode(hex_or_throw("0x80")).has_value());    // a string, not a list
  EXPECT_FALSE(decode(hex_or_throw("0xc0")).has_value());    // no fields
  EXPECT_FALSE(decode(hex_or_throw("0x02c0")).has_value());
}

TEST(Transaction, ForkNames) {
  EXPECT_EQ(parse_fork("EIP158").value(), Fork::kSpuriousDragon);
  EXPECT_EQ(parse_fork("ConstantinopleFix").value(), Fork::kPetersburg);
  EXPECT_EQ(parse_fork("Cancun").value(), Fork::kCancun);
  EXPECT_EQ(fork_name(Fork::kTangerineWhistle), "TangerineWhistle");
  EXPECT_EQ(parse_fork("Prague").value(), Fork::kPrague);
  EXPECT_EQ(fork_name(Fork::kOsaka), "Osaka");
  EXPECT_FALSE(parse_fork("Amsterdam").has_value());
}

}  // namespace
}  // namespace plexus::tx

namespace plexus::tx {
namespace {

// Every truncation and every single-byte change of valid encodings must decode to an error or
// to a transaction, never crash (run under the sanitizer build too).
TEST(Transaction, MutatedEncodingsNeverCrash) {
  std::vector<Transaction> samples{eip155_example(), blob_tx()};
  samples[0].data = Bytes(70, 0x11);  // long enough for a two-byte length prefix
  for (Transaction& tx : samples) sign(tx, key_46());
  int decoded = 0;
  for (const Transaction& tx : samples) {
    const Bytes raw = encode(tx);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const Bytes cut(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(i));
      EXPECT_FALSE(decode(cut).has_value()) << "truncated at " << i;
      for (const Byte delta : {Byte{1}, Byte{0x80}, Byte{0xff}}) {
        Bytes changed = raw;
        changed[i] = static_cast<Byte>(changed[i] + delta);
        if (auto t = decode(changed)) {
          ++decoded;
          (void)validate(*t, Fork::kCancun, 1);
          (void)intrinsic_gas(*t, Fork::kCancun);
        }
      }
    }
  }
  EXPECT_GT(decoded, 0);  // changed payload bytes still decode; only validation catches them
}

}  // namespace
}  // namespace plexus::tx
