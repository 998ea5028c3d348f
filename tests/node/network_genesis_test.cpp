// The network genesis file: its bft part (consensus, leader timeout, validators) round-trips,
// and each way a validator list can be wrong is refused naming the key.
#include <gtest/gtest.h>

#include "core/bls/bls.hpp"
#include "core/hex.hpp"
#include "node/network_genesis.hpp"

namespace plexus::node {
namespace {

std::string key_hex(Byte seed) {
  const auto sk = bls::SecretKey::key_gen(Bytes(32, seed)).value();
  return to_hex(sk.public_key().to_bytes());
}

std::string pop_hex(Byte seed) {
  return to_hex(bls::pop_prove(bls::SecretKey::key_gen(Bytes(32, seed)).value()).to_bytes());
}

// A validator entry's key and proof of possession, as JSON members.
std::string keys(Byte seed, Byte pop_seed = 0) {
  return R"("bls_key": ")" + key_hex(seed) + R"(", "bls_pop": ")" +
         pop_hex(pop_seed == 0 ? seed : pop_seed) + R"(")";
}

std::string genesis_with(const std::string& validators) {
  return R"({"timestamp": 1700000000, "consensus": "bft", "leader_timeout_ms": 300,
             "validators": )" + validators + "}";
}

TEST(NetworkGenesis, BftValidatorsRoundTripSortedByNodeId) {
  const std::string text = genesis_with(
      R"([{"node_id": "0x0200000000000000000000000000000000000000", )" + keys(1) +
      R"(, "weight": 5}, {"node_id": "0x0100000000000000000000000000000000000000", )" + keys(2) +
      "}]");
  const auto parsed = parse_network_genesis(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->validators.size(), 2u);
  EXPECT_EQ(parsed->validators[0].node_id[0], 1) << "sorted by node id";
  EXPECT_EQ(parsed->validators[0].weight, 1u) << "weight defaults to 1";
  EXPECT_EQ(parsed->validators[1].weight, 5u);
  EXPECT_EQ(parsed->leader_timeout_ms, 300u);
  const auto again = parse_network_genesis(genesis_json(*parsed));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->validators, parsed->validators);
  EXPECT_EQ(again->consensus, "bft");
  DevNetworkConfig config;
  apply_genesis(*again, config);
  EXPECT_EQ(config.consensus, platform::ConsensusKind::kBft);
  EXPECT_EQ(config.leader_timeout, std::chrono::milliseconds(300));
  NetworkGenesis snowman = *again;
  snowman.consensus = "snowman";
  const auto reread = parse_network_genesis(genesis_json(snowman));
  ASSERT_TRUE(reread) << reread.error().message;
  apply_genesis(*reread, config);
  EXPECT_EQ(config.consensus, platform::ConsensusKind::kSnowman);
}

TEST(NetworkGenesis, WrongValidatorListsAreRefusedByKey) {
  const auto refused = [](const std::string& text, const std::string& part) {
    const auto parsed = parse_network_genesis(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_NE(parsed.error().message.find(part), std::string::npos) << parsed.error().message;
  };
  const std::string id = R"("node_id": "0x0100000000000000000000000000000000000000")";
  refused(genesis_with("[]"), "at least one validator");
  refused(genesis_with("[{" + id + R"(, "bls_key": "0x1234"}])"), "48 bytes");
  refused(genesis_with("[{" + id + R"(, "bls_key": "0x)" + std::string(96, 'f') + R"("}])"),
          "not a valid BLS12-381 public key");
  refused(genesis_with("[{" + id + ", " + keys(1) + R"(, "stake": 1}])"), "validators[].stake");
  refused(genesis_with("[{" + id + R"(, "bls_key": ")" + key_hex(1) + R"("}])"),
          "validators[].bls_pop");
  refused(genesis_with("[{" + id + ", " + keys(1, 2) + "}]"), "not a proof of possession");
  refused(genesis_with("[{" + id + ", " + keys(1) + "}, {" + id + ", " + keys(2) + "}]"),
          "node id twice");
  refused(R"({"timestamp": 1, "consensus": "pbft"})", "\"dev\", \"bft\" or \"snowman\"");
  refused(R"({"timestamp": 1, "consensus": "snowman"})",
          "at least one validator under \"snowman\" consensus");
}

}  // namespace
}  // namespace plexus::node
