// Cross-subnet messages: the byte format of docs/MESSAGING.md, the quorum arithmetic and every
// rule a destination applies before delivery.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "messaging/verify.hpp"

namespace plexus::messaging {
namespace {

SubnetKey subnet(Byte tag) {
  SubnetKey key;
  key[0] = tag;
  key[31] = tag;
  return key;
}

AddressedCall sample_call(std::uint64_t nonce = 7) {
  AddressedCall call;
  call.nonce = nonce;
  call.sender[19] = 0x51;
  call.destination = subnet(0xde);
  call.receiver[0] = 0x42;
  call.body = Bytes{0xca, 0xfe};
  return call;
}

UnsignedMessage sample_message(std::uint64_t nonce = 7) {
  return UnsignedMessage{.network_id = 0x01020304,
                         .source = subnet(0x5c),
                         .payload = encode_addressed_call(sample_call(nonce))};
}

TEST(MessageFormat, FieldsSitAtTheirDocumentedOffsets) {
  const Bytes call = encode_addressed_call(sample_call());
  ASSERT_EQ(call.size(), kAddressedCallHeaderSize + 2);
  EXPECT_EQ(call[0], kAddressedCall);
  EXPECT_EQ(to_hex(BytesView(call).subspan(1, 8)), "0x0000000000000007");
  EXPECT_EQ(call[28], 0x51);                                        // sender's last byte
  EXPECT_EQ(call[29], 0xde);                                        // destination's first
  EXPECT_EQ(call[61], 0x42);                                        // receiver's first
  EXPECT_EQ(to_hex(BytesView(call).subspan(81, 4)), "0x00000002");  // body length
  EXPECT_EQ(to_hex(BytesView(call).subspan(85)), "0xcafe");

  const UnsignedMessage m = sample_message();
  const Bytes bytes = encode_unsigned(m);
  ASSERT_EQ(bytes.size(), kUnsignedHeaderSize + call.size());
  EXPECT_EQ(to_hex(BytesView(bytes).subspan(0, 5)), "0x0001020304");
  EXPECT_EQ(bytes[5], 0x5c);
  EXPECT_EQ(bytes[36], 0x5c);
  EXPECT_EQ(to_hex(BytesView(bytes).subspan(37, 4)), "0x00000057");  // 87-byte payload
  EXPECT_EQ(decode_unsigned(bytes).value(), m);
  EXPECT_EQ(decode_addressed_call(m.payload).value(), sample_call());
  EXPECT_EQ(message_id(m), keccak256(bytes));
  EXPECT_EQ(to_hex(BytesView(signing_bytes(message_id(m))).subspan(0, 17)),
            to_hex(BytesView(reinterpret_cast<const Byte*>("plexus-message-v0"), 17)));
}

TEST(MessageFormat, MalformedBytesAreRefusedByName) {
  const Bytes bytes = encode_unsigned(sample_message());
  EXPECT_EQ(decode_unsigned(BytesView(bytes).first(20)).error().message,
            "message: truncated at its source subnet");
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(decode_unsigned(longer).error().message, "message: 1 bytes after its end");
  Bytes version = bytes;
  version[0] = 1;
  EXPECT_EQ(decode_unsigned(version).error().message, "message: unknown version 1");
  EXPECT_EQ(decode_unsigned(bytes, 86).error().message,
            "message: payload of 87 bytes exceeds the limit of 86");
  Bytes kind = encode_addressed_call(sample_call());
  kind[0] = 9;
  EXPECT_EQ(decode_addressed_call(kind).error().message, "message payload: unknown kind 9");
  Bytes huge_body = encode_addressed_call(sample_call());
  huge_body[81] = 0xff;  // a body length far beyond the bytes
  EXPECT_EQ(decode_addressed_call(huge_body).error().message,
            "addressed call: truncated at its body");
}

// A source subnet of `weights.size()` validators with BLS keys, in certificate order, and a
// destination that knows it at platform height 10.
class MessageQuorum : public ::testing::Test {
 protected:
  void make_set(const std::vector<std::uint64_t>& weights) {
    // Hex keys: GCC 12 warns wrongly on sorting byte vectors.
    std::vector<std::pair<std::string, std::size_t>> by_key;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      Bytes ikm(32, 0);
      ikm[0] = static_cast<Byte>(i);
      ikm[1] = static_cast<Byte>(i >> 8);
      keys_.push_back(bls::SecretKey::key_gen(ikm).value());
      by_key.emplace_back(to_hex(keys_.back().public_key().to_bytes().view()), i);
    }
    std::sort(by_key.begin(), by_key.end());
    for (const auto& [key, i] : by_key) {
      order_.push_back(i);
      set_.push_back({bls::PublicKey::from_bytes(from_hex(key).value()).value(), weights[i]});
    }
    here_.network_id = 0x01020304;
    here_.subnet = subnet(0xde);
    here_.validators = [this](const SubnetKey& source, std::uint64_t height)
        -> Result<std::optional<std::vector<consensus::CertificateSigner>>> {
      if (source != subnet(0x5c)) return std::nullopt;
      if (height == 10) return set_;
      if (height == 12 && !later_.empty()) return later_;
      return std::nullopt;
    };
    here_.platform_height = 10;
    here_.delivered = [this](const SubnetKey&, std::uint64_t nonce) {
      return delivered_.contains(nonce);
    };
  }

  // Signed by the validators at these positions of the certificate order.
  Bytes signed_by(const std::vector<std::size_t>& positions, const UnsignedMessage& m,
                  std::uint64_t height = 10) {
    const Bytes message = signing_bytes(message_id(m));
    std::vector<std::pair<std::size_t, bls::Signature>> shares;
    for (const std::size_t at : positions)
      shares.emplace_back(at, bls::sign(keys_[order_[at]], message));
    return encode_signed({m, height, certify_message(shares, set_.size()).value()});
  }

  static std::vector<std::size_t> first(std::size_t n) {
    std::vector<std::size_t> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = i;
    return out;
  }

  std::string refused(BytesView bytes) {
    const auto accepted = accept_message(bytes, here_);
    return accepted ? "accepted" : accepted.error().message;
  }

  std::vector<bls::SecretKey> keys_;
  std::vector<std::size_t> order_;  // certificate position -> index into keys_
  std::vector<consensus::CertificateSigner> set_;
  std::vector<consensus::CertificateSigner> later_;  // the source's set at height 12, if any
  std::set<std::uint64_t> delivered_;
  Destination here_;
};

TEST_F(MessageQuorum, SixtySevenOfAHundredIsEnoughAndSixtySixIsNot) {
  make_set(std::vector<std::uint64_t>(100, 1));
  const UnsignedMessage m = sample_message();
  EXPECT_EQ(refused(signed_by(first(66), m)),
            "message: certificate: the signers hold 66 of 100 weight; at least 6700/10000 is "
            "needed");
  const auto accepted = accept_message(signed_by(first(67), m), here_);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->id, message_id(m));
  EXPECT_EQ(accepted->source, subnet(0x5c));
  EXPECT_EQ(accepted->call, sample_call());
  // A subnet may ask for more, never for 2/3 or less.
  here_.quorum_bps = 6800;
  EXPECT_NE(refused(signed_by(first(67), m)).find("at least 6800/10000"), std::string::npos);
  here_.quorum_bps = 6666;
  EXPECT_EQ(refused(signed_by(first(67), m)),
            "message: a quorum of 6666 basis points is outside 6667..10000");
}

TEST_F(MessageQuorum, StakeNotHeadsDecides) {
  make_set({100, 1, 1, 1});  // one validator holds 97% of the stake
  const UnsignedMessage m = sample_message();
  std::size_t heavy = 0;
  while (set_[heavy].weight != 100) ++heavy;
  std::vector<std::size_t> light;
  for (std::size_t i = 0; i < 4; ++i)
    if (i != heavy) light.push_back(i);
  EXPECT_NE(refused(signed_by(light, m)).find("the signers hold 3 of 103 weight"),
            std::string::npos);
  EXPECT_EQ(refused(signed_by({heavy}, m)), "accepted");
}

TEST_F(MessageQuorum, EveryRuleRefusesByName) {
  make_set(std::vector<std::uint64_t>(4, 10));
  const UnsignedMessage m = sample_message();
  const Bytes good = signed_by(first(3), m);
  ASSERT_EQ(refused(good), "accepted");

  // A forged signer: the bitset names validator 3, whose share another key made.
  {
    const Bytes message = signing_bytes(message_id(m));
    std::vector<std::pair<std::size_t, bls::Signature>> shares;
    for (std::size_t at = 0; at < 3; ++at)
      shares.emplace_back(at, bls::sign(keys_[order_[at]], message));
    const auto outsider = bls::SecretKey::key_gen(Bytes(32, 0xee)).value();
    shares.emplace_back(3, bls::sign(outsider, message));
    const Bytes forged = encode_signed({m, 10, certify_message(shares, 4).value()});
    EXPECT_EQ(refused(forged),
              "message: certificate: the aggregate signature does not verify for the signers "
              "named");
  }
  // A duplicated signer cannot be written: one bit per validator.
  {
    const bls::Signature share = bls::sign(keys_[order_[0]], signing_bytes(message_id(m)));
    const std::pair<std::size_t, bls::Signature> twice[] = {{0, share}, {0, share}};
    EXPECT_EQ(certify_message(twice, 4).error().message, "certificate: signer 0 signed twice");
  }
  // A bitset longer than the set.
  {
    SignedMessage wide = decode_signed(good).value();
    wide.certificate.signers.push_back(0);
    EXPECT_EQ(refused(encode_signed(wide)),
              "message: certificate: the signer bitset has 2 bytes, a set of 4 needs 1");
    wide.certificate.signers.pop_back();
    wide.certificate.signers[0] |= 0x10;  // validator 4 of 4
    EXPECT_EQ(refused(encode_signed(wide)),
              "message: certificate: the signer bitset names validator 4 of a set of 4");
  }
  // Another network, another destination.
  UnsignedMessage other_network = m;
  other_network.network_id = 9;
  EXPECT_EQ(refused(signed_by(first(3), other_network)),
            "message: for network 9, this is network 16909060");
  AddressedCall elsewhere = sample_call();
  elsewhere.destination = subnet(0x77);
  UnsignedMessage misaddressed = m;
  misaddressed.payload = encode_addressed_call(elsewhere);
  EXPECT_EQ(refused(signed_by(first(3), misaddressed)),
            "message: addressed to subnet " + to_hex(subnet(0x77)) + ", not to this one (" +
                to_hex(subnet(0xde)) + ")");
  // A platform height after the delivering block's, and one this node does not know.
  EXPECT_EQ(refused(signed_by(first(3), m, 11)),
            "message: signed at platform height 11, after this block's platform height 10");
  here_.platform_height = 11;
  EXPECT_EQ(refused(signed_by(first(3), m, 11)),
            "message: signed at platform height 11, which this node does not know for subnet " +
                to_hex(subnet(0x5c)));
  here_.platform_height = 10;
  // Over the payload limit.
  here_.max_payload = 40;
  EXPECT_EQ(refused(good), "message: payload of 87 bytes exceeds the limit of 40");
  here_.max_payload = kDefaultMaxPayload;
  // Bytes after the certificate.
  Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_FALSE(accept_message(trailing, here_));
  // A replay: (source, nonce) delivered before.
  delivered_.insert(7);
  EXPECT_EQ(refused(good),
            "message: nonce 7 from subnet " + to_hex(subnet(0x5c)) + " was delivered already");
}

// The source's set changes between the certificate's height and the delivering block's: a
// certificate whose signers lost their stake stops counting, and the new set signs again.
TEST_F(MessageQuorum, ACertificateOfAnOldSetCountsItsStakeNow) {
  make_set(std::vector<std::uint64_t>(4, 10));
  const UnsignedMessage m = sample_message();
  const Bytes old_certificate = signed_by(first(3), m);
  // At height 12 two of the signers have left and a newcomer holds their stake.
  const auto newcomer = bls::SecretKey::key_gen(Bytes(32, 0x42)).value();
  later_ = {set_[0], set_[3], {newcomer.public_key(), 20}};
  std::sort(later_.begin(), later_.end(), [](const auto& a, const auto& b) {
    return to_hex(a.key.to_bytes().view()) < to_hex(b.key.to_bytes().view());
  });
  here_.platform_height = 12;
  EXPECT_EQ(refused(old_certificate),
            "message: the signers no longer hold 67.0% of the source's stake at platform height "
            "12: the message must be signed again");
  // Signers 0 and 3 and the newcomer sign at 12.
  const Bytes message = signing_bytes(message_id(m));
  std::vector<std::pair<std::size_t, bls::Signature>> shares;
  for (std::size_t at = 0; at < later_.size(); ++at) {
    const std::string key = to_hex(later_[at].key.to_bytes().view());
    if (key == to_hex(newcomer.public_key().to_bytes().view())) {
      shares.emplace_back(at, bls::sign(newcomer, message));
      continue;
    }
    for (std::size_t k = 0; k < keys_.size(); ++k)
      if (to_hex(keys_[k].public_key().to_bytes().view()) == key)
        shares.emplace_back(at, bls::sign(keys_[k], message));
  }
  const Bytes resigned = encode_signed({m, 12, certify_message(shares, later_.size()).value()});
  EXPECT_EQ(refused(resigned), "accepted");
  // Had the old signers kept their stake, the old certificate would still count.
  later_ = set_;
  EXPECT_EQ(refused(old_certificate), "accepted");
}

}  // namespace
}  // namespace plexus::messaging
