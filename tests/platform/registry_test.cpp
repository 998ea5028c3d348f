#include "platform/registry.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "storage/memory_store.hpp"

namespace plexus::platform {
namespace {

constexpr std::uint64_t kNetwork = 1337;

secp256k1::PrivateKey key(Byte b) { return secp256k1::PrivateKey::from_seed(Bytes{b}); }

SignedOperation signed_by(Operation op, std::initializer_list<Byte> signers) {
  std::vector<secp256k1::PrivateKey> keys;
  for (const Byte b : signers) keys.push_back(key(b));
  return sign_operation(std::move(op), kNetwork, keys);
}

CreateSubnet subnet_spec(std::string name, std::uint64_t chain_id, std::uint32_t threshold = 1) {
  return CreateSubnet{.name = std::move(name),
                      .vm = VmKind::kWasm,
                      .chain_id = chain_id,
                      .consensus = ConsensusKind::kDev,
                      .owners = {key(1).address(), key(2).address()},
                      .threshold = threshold};
}

std::string refusal(const Result<void>& r) { return r ? "ok" : r.error().message; }

class RegistryTest : public ::testing::Test {
 protected:
  PlatformGenesis genesis() const {
    return PlatformGenesis{.network_id = kNetwork,
                           .balances = {{key(1).address(), plx(5000)}, {key(3).address(), plx(100)}},
                           .operations = {}};
  }
  kv::MemoryStore store_;
};

TEST_F(RegistryTest, OperationsRoundTripThroughRlp) {
  const Operation ops[] = {AddValidator{key(1).address(), plx(2000)}, subnet_spec("wasm", 7),
                           AddSubnetValidator{"wasm", key(1).address()}};
  for (const Operation& op : ops) EXPECT_EQ(decode_operation(encode_operation(op)).value(), op);
  EXPECT_FALSE(decode_operation(from_hex("c3050102").value()));  // unknown kind
  const SignedOperation signed_op = signed_by(subnet_spec("wasm", 7), {1, 2});
  const auto decoded = decode_signed(encode_signed(signed_op)).value();
  EXPECT_EQ(decoded.operation, signed_op.operation);
  EXPECT_EQ(decoded.signatures, signed_op.signatures);
  EXPECT_FALSE(decode_signed(from_hex("c0").value()));
}

TEST_F(RegistryTest, ValidatorsStakeAtLeastTheMinimumFromTheirBalance) {
  auto registry = PlatformRegistry::open(store_, genesis()).value();
  const Address v = key(1).address();
  EXPECT_EQ(refusal(registry->apply(signed_by(AddValidator{v, plx(1999)}, {1}))),
            "platform: stake below the minimum of 2000 PLX");
  EXPECT_EQ(refusal(registry->apply(signed_by(AddValidator{v, plx(2000)}, {2}))),
            "platform: a validator must sign its own registration");
  EXPECT_EQ(refusal(registry->apply(signed_by(AddValidator{key(3).address(), plx(2000)}, {3}))),
            "platform: insufficient PLX balance for the stake");
  EXPECT_EQ(refusal(registry->apply(signed_by(AddValidator{v, plx(2000)}, {1}))), "ok");
  EXPECT_EQ(registry->balance(v), plx(3000));
  EXPECT_EQ(refusal(registry->apply(signed_by(AddValidator{v, plx(2000)}, {1}))),
            "platform: already a validator");
  ASSERT_EQ(registry->validators().size(), 1u);
  EXPECT_EQ(registry->validators()[0].stake, plx(2000));
}

TEST_F(RegistryTest, SubnetsNeedTheirOwnersSignaturesAndUniqueNamesAndChainIds) {
  auto registry = PlatformRegistry::open(store_, genesis()).value();
  EXPECT_EQ(refusal(registry->apply(signed_by(subnet_spec("wasm", 7, 2), {1}))),
            "platform: needs signatures of 2 owners");
  EXPECT_EQ(refusal(registry->apply(signed_by(subnet_spec("Bad Name", 7), {1}))),
            "platform: subnet names are 1 to 32 characters of a-z, 0-9 and '-'");
  EXPECT_EQ(refusal(registry->apply(signed_by(subnet_spec("wasm", 7, 2), {1, 2}))), "ok");
  EXPECT_EQ(refusal(registry->apply(signed_by(subnet_spec("wasm", 8), {1}))),
            "platform: subnet wasm already exists");
  EXPECT_EQ(refusal(registry->apply(signed_by(subnet_spec("other", 7), {1}))),
            "platform: chain id 7 is used by subnet wasm");
  // Subnet validators must be primary validators, added by the owners.
  const Address v = key(1).address();
  EXPECT_EQ(refusal(registry->apply(signed_by(AddSubnetValidator{"wasm", v}, {1, 2}))),
            "platform: not a primary-network validator");
  ASSERT_TRUE(registry->apply(signed_by(AddValidator{v, plx(2000)}, {1})));
  EXPECT_EQ(refusal(registry->apply(signed_by(AddSubnetValidator{"wasm", v}, {1}))),
            "platform: needs signatures of 2 owners");
  EXPECT_EQ(refusal(registry->apply(signed_by(AddSubnetValidator{"wasm", v}, {1, 2}))), "ok");
  EXPECT_EQ(registry->subnet("wasm")->validators, std::vector<Address>{v});
}

TEST_F(RegistryTest, SignaturesDoNotReplayOnAnotherNetwork) {
  auto registry = PlatformRegistry::open(store_, genesis()).value();
  const std::vector<secp256k1::PrivateKey> keys = {key(1)};
  const SignedOperation foreign =
      sign_operation(AddValidator{key(1).address(), plx(2000)}, kNetwork + 1, keys);
  EXPECT_EQ(refusal(registry->apply(foreign)),
            "platform: a validator must sign its own registration");
}

TEST_F(RegistryTest, GenesisAndAcceptedOperationsSurviveReopen) {
  PlatformGenesis g = genesis();
  g.operations.push_back(signed_by(AddValidator{key(1).address(), plx(2000)}, {1}));
  g.operations.push_back(signed_by(subnet_spec("evm", 31337), {1}));
  {
    auto registry = PlatformRegistry::open(store_, g).value();
    ASSERT_TRUE(registry->apply(signed_by(AddSubnetValidator{"evm", key(1).address()}, {1})));
  }
  auto reopened = PlatformRegistry::open(store_, g).value();
  EXPECT_EQ(reopened->validators().size(), 1u);
  EXPECT_EQ(reopened->balance(key(1).address()), plx(3000));
  ASSERT_TRUE(reopened->subnet("evm"));
  EXPECT_EQ(reopened->subnet("evm")->spec.chain_id, 31337u);
  EXPECT_EQ(reopened->subnet("evm")->validators.size(), 1u);

  PlatformGenesis other = g;
  other.network_id = 9;
  EXPECT_FALSE(PlatformRegistry::open(store_, other));
}

TEST_F(RegistryTest, ABadGenesisOperationFailsOpening) {
  PlatformGenesis g = genesis();
  g.operations.push_back(signed_by(AddValidator{key(3).address(), plx(2000)}, {3}));
  const auto registry = PlatformRegistry::open(store_, g);
  ASSERT_FALSE(registry);
  EXPECT_EQ(registry.error().message, "platform: insufficient PLX balance for the stake");
}

}  // namespace
}  // namespace plexus::platform
