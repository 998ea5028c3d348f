// Signature shares: their wire form and its refusals, and the pool that makes a certificate once
// the signers hold the quorum, checks the aggregate once, and names the signer of a bad share.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/hex.hpp"
#include "core/rlp.hpp"
#include "messaging/share_pool.hpp"

namespace plexus::messaging {
namespace {

SubnetKey subnet(Byte first) {
  SubnetKey key;
  key[0] = first;
  return key;
}

class Shares : public ::testing::Test {
 protected:
  Shares() {
    for (Byte i = 0; i < 4; ++i)
      keys_.push_back(bls::SecretKey::key_gen(Bytes(32, 0x50 + i)).value());
    std::sort(keys_.begin(), keys_.end(), [](const auto& a, const auto& b) {
      return to_hex(a.public_key().to_bytes().view()) < to_hex(b.public_key().to_bytes().view());
    });
    for (const auto& k : keys_) set_.push_back({k.public_key(), 10});
    AddressedCall call;
    call.nonce = 3;
    call.destination = subnet(0xde);
    call.body = {7};
    message_ = encode_unsigned({1, subnet(0x5c), encode_addressed_call(call)});
  }

  ValidatorsAt validators() {
    return [this](const SubnetKey& source, std::uint64_t height)
               -> Result<std::optional<std::vector<consensus::CertificateSigner>>> {
      if (source != subnet(0x5c) || height != 4) return std::nullopt;
      return set_;
    };
  }

  std::vector<bls::SecretKey> keys_;  // in certificate order
  std::vector<consensus::CertificateSigner> set_;
  Bytes message_;
};

TEST_F(Shares, TheWireFormRoundTripsAndRefusesMalformedFrames) {
  const std::vector<MessageShare> shares = {sign_share(keys_[0], message_, 4),
                                            sign_share(keys_[1], message_, 4)};
  const auto decoded = decode_shares(encode_shares(shares), kDefaultMaxPayload);
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[1].message, message_);
  EXPECT_EQ((*decoded)[1].platform_height, 4u);
  EXPECT_EQ((*decoded)[1].bls_key, to_bytes(keys_[1].public_key().to_bytes().view()));

  EXPECT_EQ(decode_shares(rlp::encode_string(Bytes{1}), kDefaultMaxPayload).error().message,
            "message shares: not a list");
  MessageShare short_key = shares[0];
  short_key.bls_key.pop_back();
  EXPECT_EQ(
      decode_shares(encode_shares(std::vector{short_key}), kDefaultMaxPayload).error().message,
      "message share: a BLS key has 48 bytes, got 47");
  std::vector<MessageShare> flood(kMaxSharesPerFrame + 1, shares[0]);
  EXPECT_EQ(decode_shares(encode_shares(flood), kDefaultMaxPayload).error().message,
            "message shares: 257 in one frame, at most 256");
  MessageShare truncated = shares[0];
  truncated.message.resize(10);
  EXPECT_FALSE(decode_shares(encode_shares(std::vector{truncated}), kDefaultMaxPayload));
}

TEST_F(Shares, ThreeOfFourMakeACertificateTheDestinationAccepts) {
  SharePool pool(validators(), [](const SubnetKey&) { return kDefaultQuorumBps; });
  for (std::size_t i = 0; i < 2; ++i) {
    const auto added = pool.add(sign_share(keys_[i], message_, 4));
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_FALSE(added->certified) << "two of four hold 50%";
  }
  const auto third = pool.add(sign_share(keys_[3], message_, 4));
  ASSERT_TRUE(third && third->certified);
  EXPECT_EQ(pool.certified(third->id), third->certified);
  Destination here;
  here.network_id = 1;
  here.subnet = subnet(0xde);
  here.platform_height = 4;
  here.validators = validators();
  here.delivered = [](const SubnetKey&, std::uint64_t) { return false; };
  const auto accepted = accept_message(*third->certified, here);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->call.nonce, 3u);
}

TEST_F(Shares, ABadShareIsDroppedAndItsSignerNamed) {
  SharePool pool(validators(), [](const SubnetKey&) { return kDefaultQuorumBps; });
  ASSERT_TRUE(pool.add(sign_share(keys_[0], message_, 4)));
  ASSERT_TRUE(pool.add(sign_share(keys_[1], message_, 4)));
  // Validator 2's key with a signature on something else.
  MessageShare forged = sign_share(keys_[2], message_, 4);
  forged.signature = bls::sign(keys_[2], Bytes{1, 2, 3});
  const auto refused = pool.add(forged);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "message share: bad signature from " + to_hex(keys_[2].public_key().to_bytes().view()));
  // The good ones stay; a genuine third share completes the certificate.
  const auto third = pool.add(sign_share(keys_[3], message_, 4));
  ASSERT_TRUE(third && third->certified);
}

TEST_F(Shares, SharesThatCannotCountAreRefused) {
  SharePool pool(validators(), [](const SubnetKey&) { return kDefaultQuorumBps; });
  EXPECT_EQ(
      pool.add(sign_share(keys_[0], message_, 5)).error().message,
      "message share: platform height 5 is not known here for subnet " + to_hex(subnet(0x5c)));
  const auto outsider = bls::SecretKey::key_gen(Bytes(32, 0x77)).value();
  EXPECT_EQ(pool.add(sign_share(outsider, message_, 4)).error().message,
            "message share: key " + to_hex(outsider.public_key().to_bytes().view()) +
                " is not a validator of subnet " + to_hex(subnet(0x5c)) + " at platform height 4");
}

// A destination that asks more of its messages (here all the stake) gets a certificate only
// once every signer's share is in.
TEST_F(Shares, TheDestinationsQuorumDecides) {
  SharePool pool(validators(), [](const SubnetKey& destination) -> std::uint32_t {
    return destination == subnet(0xde) ? 10'000 : kDefaultQuorumBps;
  });
  for (std::size_t i = 0; i < 3; ++i) {
    const auto added = pool.add(sign_share(keys_[i], message_, 4));
    ASSERT_TRUE(added);
    EXPECT_FALSE(added->certified);
  }
  const auto last = pool.add(sign_share(keys_[3], message_, 4));
  ASSERT_TRUE(last && last->certified);
}

}  // namespace
}  // namespace plexus::messaging
