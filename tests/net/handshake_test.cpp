// The handshake codec and each rule of verify_handshake, outside any connection.
#include <gtest/gtest.h>

#include "core/rlp.hpp"
#include "net/handshake.hpp"

namespace plexus::net {
namespace {

constexpr std::uint32_t kNetwork = 7;
constexpr std::uint64_t kNow = 1'700'000'000;

struct HandshakeTest : ::testing::Test {
  Identity alice = *Identity::generate();
  Identity mallory = *Identity::generate();
  Bytes binding = Bytes(kChannelBindingSize, 0x5a);
  HandshakeRules rules{.network_id = kNetwork, .protocol_version = kProtocolVersion,
                       .max_clock_skew_seconds = 60};

  Handshake from(const Identity& who, std::uint64_t now = kNow) {
    const auto address = sign_address(who, kNetwork, Endpoint{.host = "127.0.0.1", .port = 9651}, now);
    return make_handshake(who, kNetwork, address, now, binding);
  }
  std::expected<void, Refusal> check(const Handshake& h, const Identity& cert_owner,
                                     std::uint64_t now = kNow) {
    return verify_handshake(h, *certificate_key(cert_owner.certificate()), rules, now, binding);
  }
};

TEST_F(HandshakeTest, RoundTripsAndVerifies) {
  const Handshake h = from(alice);
  const auto decoded = decode_handshake(encode_handshake(h));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, h);
  EXPECT_TRUE(check(*decoded, alice));
}

TEST_F(HandshakeTest, WrongNetworkIsRefused) {
  rules.network_id = 8;
  const auto result = check(from(alice), alice);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().offense, Offense::kWrongNetwork);
  EXPECT_EQ(result.error().reason, "handshake: network id 7 is not ours (8)");
}

TEST_F(HandshakeTest, OtherProtocolVersionIsRefused) {
  rules.protocol_version = kProtocolVersion + 1;
  EXPECT_EQ(check(from(alice), alice).error().offense, Offense::kIncompatibleVersion);
}

TEST_F(HandshakeTest, ClaimedIdOfAnotherCertificateIsRefused) {
  // Mallory presents her own certificate but claims Alice's id (with Alice's recorded handshake).
  const auto result = check(from(alice), mallory);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().offense, Offense::kIdentityMismatch);
}

TEST_F(HandshakeTest, ClockSkewOverSixtySecondsIsRefusedBothWays) {
  EXPECT_TRUE(check(from(alice, kNow + 60), alice));
  EXPECT_TRUE(check(from(alice, kNow - 60), alice));
  EXPECT_EQ(check(from(alice, kNow + 61), alice).error().offense, Offense::kClockSkew);
  EXPECT_EQ(check(from(alice, kNow - 61), alice).error().offense, Offense::kClockSkew);
}

TEST_F(HandshakeTest, HandshakeFromAnotherConnectionIsAReplay) {
  const Handshake recorded = from(alice);
  binding.assign(kChannelBindingSize, 0x33);  // a new TLS session exports another value
  const auto result = check(recorded, alice);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().offense, Offense::kReplayedHandshake);
}

TEST_F(HandshakeTest, TamperedAddressIsRefused) {
  Handshake h = from(alice);
  h.address.endpoint.port = 1;
  EXPECT_EQ(check(h, alice).error().offense, Offense::kBadAddressSignature);
  Handshake future = from(alice);
  future.address = sign_address(alice, kNetwork, future.address.endpoint, kNow + 3600);
  EXPECT_EQ(check(future, alice).error().offense, Offense::kBadAddressSignature);
}

TEST_F(HandshakeTest, MalformedEncodingsAreRefused) {
  const Bytes good = encode_handshake(from(alice));
  for (std::size_t cut = 0; cut < good.size(); ++cut)
    EXPECT_FALSE(decode_handshake(BytesView(good).first(cut))) << cut;
  EXPECT_EQ(decode_handshake(rlp::encode_list(std::vector<Bytes>{})).error().message,
            "handshake: handshake needs 6 fields, got 0");
  // A port over 65535.
  Handshake h = from(alice);
  Bytes body;
  auto items = std::vector<Bytes>{rlp::encode_uint(kNetwork), rlp::encode_uint(kProtocolVersion),
                                  rlp::encode_string(h.node_id.view()), rlp::encode_uint(kNow)};
  items.push_back(rlp::encode_list(std::vector<Bytes>{rlp::encode_string(as_bytes("127.0.0.1")),
                                                      rlp::encode_uint(70000), rlp::encode_uint(kNow),
                                                      rlp::encode_string(h.signature.view())}));
  items.push_back(rlp::encode_string(h.signature.view()));
  EXPECT_EQ(decode_handshake(rlp::encode_list(items)).error().message,
            "handshake: port out of range");
}

}  // namespace
}  // namespace plexus::net
