// Quorum certificates: encoding, quorum arithmetic and every way a certificate can be wrong.
#include "consensus/certificate.hpp"

#include <gtest/gtest.h>

#include "core/rlp.hpp"

namespace plexus::consensus {
namespace {

bls::SecretKey key(std::uint8_t i) {
  return bls::SecretKey::key_gen(Bytes(32, static_cast<Byte>(i + 1))).value();
}

// Four validators with weights 10, 20, 30, 40 (total 100), in certificate order.
struct Fixture {
  Fixture() {
    platform::ValidatorSet set;
    for (std::uint8_t i = 0; i < 4; ++i) {
      const auto pk = key(i).public_key().to_bytes();
      set.push_back({Address::right_aligned(Bytes{i}), std::uint64_t{10} * (i + 1u),
                     Bytes(pk.bytes.begin(), pk.bytes.end())});
    }
    set.push_back({Address::right_aligned(Bytes{9}), 1000, {}});  // no BLS key: never a signer
    order = certificate_order(set).value();
  }
  // The secret key of the validator at certificate position `index`.
  bls::SecretKey secret_at(std::size_t index) const {
    for (std::uint8_t i = 0; i < 4; ++i)
      if (key(i).public_key() == order[index].key) return key(i);
    return key(0);
  }
  Certificate signed_by(std::initializer_list<std::size_t> indexes, BytesView message) const {
    std::vector<std::pair<std::size_t, bls::Signature>> sigs;
    for (const std::size_t i : indexes) sigs.emplace_back(i, bls::sign(secret_at(i), message));
    return make_certificate(sigs, order.size()).value();
  }
  std::uint64_t weight(std::initializer_list<std::size_t> indexes) const {
    std::uint64_t w = 0;
    for (const std::size_t i : indexes) w += order[i].weight;
    return w;
  }
  std::vector<CertificateSigner> order;
};

const Bytes kMessage = {'b', 'l', 'o', 'c', 'k'};

TEST(Certificate, OrderedByKeyWithoutKeylessValidators) {
  Fixture f;
  ASSERT_EQ(f.order.size(), 4u);
  for (std::size_t i = 1; i < f.order.size(); ++i)
    EXPECT_LT(f.order[i - 1].key.to_bytes(), f.order[i].key.to_bytes());
}

TEST(Certificate, MoreThanTwoThirdsVerifiesAndRoundTrips) {
  Fixture f;
  // Find three signers holding more than 2/3 of 100: any three including the weight-40 one do.
  std::vector<std::size_t> heavy;
  for (std::size_t i = 0; i < 4; ++i)
    if (f.order[i].weight >= 20) heavy.push_back(i);
  ASSERT_EQ(heavy.size(), 3u);  // 20 + 30 + 40 = 90
  const Certificate cert = f.signed_by({heavy[0], heavy[1], heavy[2]}, kMessage);
  ASSERT_TRUE(verify_certificate(cert, kMessage, f.order));
  const Certificate decoded = decode_certificate(encode_certificate(cert)).value();
  EXPECT_EQ(decoded.signers, cert.signers);
  EXPECT_TRUE(verify_certificate(decoded, kMessage, f.order));
  EXPECT_FALSE(verify_certificate(cert, Bytes{'o', 't', 'h', 'e', 'r'}, f.order));
}

TEST(Certificate, ExactlyTwoThirdsOrLessIsRefusedNamingTheWeights) {
  Fixture f;
  // Weights 10 + 20 + 30 = 60 of 100.
  std::vector<std::size_t> light;
  for (std::size_t i = 0; i < 4; ++i)
    if (f.order[i].weight <= 30) light.push_back(i);
  const Certificate cert = f.signed_by({light[0], light[1], light[2]}, kMessage);
  const auto refused = verify_certificate(cert, kMessage, f.order);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("hold 60 of 100"), std::string::npos)
      << refused.error().message;
  // A subnet may ask for more than 2/3 (60 is not more than 3/4 either), never for less.
  EXPECT_FALSE(verify_certificate(cert, kMessage, f.order, Quorum{3, 4}));
  const auto lower = verify_certificate(cert, kMessage, f.order, Quorum{1, 2});
  ASSERT_FALSE(lower);
  EXPECT_NE(lower.error().message.find("below 2/3"), std::string::npos);
}

TEST(Certificate, ForgedSignersBadBitsetsAndNoSignersAreRefused) {
  Fixture f;
  Certificate cert = f.signed_by({0, 1, 2, 3}, kMessage);
  ASSERT_TRUE(verify_certificate(cert, kMessage, f.order));
  // A signer named who did not sign: the aggregate no longer matches the keys.
  Certificate three = f.signed_by({0, 1, 2}, kMessage);
  three.signers[0] |= 0x08;
  auto refused = verify_certificate(three, kMessage, f.order);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("does not verify"), std::string::npos);
  // A bit past the set, or a byte too many.
  Certificate past = cert;
  past.signers[0] |= 0x10;
  EXPECT_NE(verify_certificate(past, kMessage, f.order).error().message.find("validator 4"),
            std::string::npos);
  Certificate longer = cert;
  longer.signers.push_back(0);
  EXPECT_NE(verify_certificate(longer, kMessage, f.order).error().message.find("bytes"),
            std::string::npos);
  Certificate none = cert;
  none.signers[0] = 0;
  EXPECT_NE(verify_certificate(none, kMessage, f.order).error().message.find("no signers"),
            std::string::npos);
  // The same signer twice cannot even be built.
  const std::pair<std::size_t, bls::Signature> twice[] = {{1, bls::sign(f.secret_at(1), kMessage)},
                                                          {1, bls::sign(f.secret_at(1), kMessage)}};
  EXPECT_FALSE(make_certificate(twice, f.order.size()));
}

TEST(Certificate, GarbageDoesNotDecode) {
  EXPECT_FALSE(decode_certificate(Bytes{0xc0}));
  EXPECT_FALSE(decode_certificate(Bytes{0x01, 0x02}));
  const Bytes bad_signature[] = {rlp::encode_string(Bytes{0x0f}), rlp::encode_string(Bytes(96, 0))};
  EXPECT_FALSE(decode_certificate(rlp::encode_list(bad_signature)));
}

}  // namespace
}  // namespace plexus::consensus
