// The wire forms: operations, signed operations and blocks round-trip, and malformed ones fail.
#include "core/hex.hpp"
#include "core/rlp.hpp"
#include "da/share.hpp"
#include "platform/block.hpp"
#include "platform/subnet_spec.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

TEST(OperationsTest, EveryKindRoundTripsThroughRlp) {
  AddValidator with_bls = validator_op(1, 3, 9);
  with_bls.bls_key = Bytes(kBlsKeySize, 4);
  with_bls.bls_pop = Bytes(kBlsPopSize, 5);
  CreateSubnet by_validators = subnet_spec("wasm", 7);
  by_validators.voting = {Voters::kValidators, 3000, 7000, 60, 30};
  CreateSubnet with_genesis = subnet_spec("move", 8);
  with_genesis.genesis = {{{addr(3), plx(7)}, {addr(4), uint256(1)}}, 60'000'000};
  with_genesis.consensus_params = encode_engine_timing({250, 2000});
  const Operation ops[] = {with_bls,
                           by_validators,
                           with_genesis,
                           AddSubnetValidator{"wasm", addr(1), 42, 5, 6},
                           Transfer{addr(2), plx(3)},
                           RemoveSubnetValidator{"wasm", addr(1)},
                           Delegate{addr(1), plx(25), 99},
                           ReportEquivocation{Bytes{1, 2, 3}},
                           Propose{"wasm", SetChainParam{ChainParam::kLeaderTimeoutMs, 900}, 77},
                           Propose{"wasm", EnableVm{VmKind::kMove}, 1},
                           Propose{"wasm", ScheduleUpgrade{"cancun-2"}, 2},
                           Propose{"wasm", SetValidatorRequirements{{5, 2, 9}}, 3},
                           Vote{"wasm", 4, true},
                           Vote{"wasm", 5, false}};
  for (const Operation& op : ops) EXPECT_EQ(decode_operation(encode_operation(op)).value(), op);
  EXPECT_FALSE(decode_operation(from_hex("c30a0102").value()));  // unknown kind
  EXPECT_FALSE(decode_operation(from_hex("c20301").value()));    // transfer: too few fields
}

// A subnet genesis is a trailing field: left out when it is the default (so operations signed
// before it existed keep their bytes), and refused when the default is written out (one
// encoding per operation).
TEST(OperationsTest, SubnetGenesisIsOptionalButCanonical) {
  const CreateSubnet plain = subnet_spec("wasm", 7);
  const Bytes encoded = encode_operation(plain);
  const auto items = rlp::list_items(rlp::decode(encoded).value()).value();
  EXPECT_EQ(items.size(), 10u);
  std::vector<Bytes> f;
  for (const rlp::Item& item : items) f.push_back(to_bytes(item.encoded));
  f.push_back(encode_subnet_genesis({}));
  EXPECT_EQ(decode_operation(rlp::encode_list(f)).error().message,
            "platform operation: a default subnet genesis is left out");
  f.back() = rlp::encode_list(std::vector<Bytes>{
      rlp::encode_list(std::vector<Bytes>{rlp::encode_uint(1)}), rlp::encode_uint(0)});
  EXPECT_EQ(decode_operation(rlp::encode_list(f)).error().message,
            "subnet genesis: expected a list");
  f.push_back(rlp::encode_uint(0));
  EXPECT_EQ(decode_operation(rlp::encode_list(f)).error().message,
            "platform operation: wrong field count");
}

// A subnet's message quorum rides in its genesis: left out when default, 6667..10000 otherwise.
TEST(OperationsTest, AMessageQuorumIsCanonicalAndInRange) {
  SubnetGenesis genesis;
  genesis.message_quorum_bps = 8000;
  const Bytes encoded = encode_subnet_genesis(genesis);
  EXPECT_EQ(decode_subnet_genesis(rlp::decode(encoded).value()).value(), genesis);
  EXPECT_EQ(rlp::list_items(rlp::decode(encode_subnet_genesis({})).value()).value().size(), 2u);
  const Bytes zero = rlp::encode_list(std::vector<Bytes>{rlp::encode_list(std::vector<Bytes>{}),
                                                         rlp::encode_uint(0), rlp::encode_uint(0)});
  EXPECT_EQ(decode_subnet_genesis(rlp::decode(zero).value()).error().message,
            "subnet genesis: a message quorum of 0 (the default) is left out");
  EXPECT_TRUE(check_subnet_genesis(genesis));
  genesis.message_quorum_bps = 6666;
  EXPECT_EQ(check_subnet_genesis(genesis).error().message,
            "platform: genesis: a message quorum of 6666 basis points is outside 6667..10000 (or "
            "0 for 6700)");
  genesis.message_quorum_bps = 10'001;
  EXPECT_FALSE(check_subnet_genesis(genesis));
}

// A subnet's DA namespace rides in its genesis after the message quorum (written out as 0 when
// only the namespace is set); empty is the default and is left out; only blob namespaces pass.
TEST(OperationsTest, ADaNamespaceIsCanonicalAndABlobNamespace) {
  SubnetGenesis genesis;
  const da::Namespace ns = da::namespace_v0(Bytes{'e', 'v', 'm'});
  genesis.da_namespace = to_bytes(ns.view());
  const Bytes encoded = encode_subnet_genesis(genesis);
  EXPECT_EQ(rlp::list_items(rlp::decode(encoded).value()).value().size(), 4u);
  EXPECT_EQ(decode_subnet_genesis(rlp::decode(encoded).value()).value(), genesis);
  EXPECT_TRUE(check_subnet_genesis(genesis));
  const Bytes empty = rlp::encode_list(std::vector<Bytes>{rlp::encode_list(std::vector<Bytes>{}),
                                                          rlp::encode_uint(0), rlp::encode_uint(0),
                                                          rlp::encode_string(Bytes{})});
  EXPECT_EQ(decode_subnet_genesis(rlp::decode(empty).value()).error().message,
            "subnet genesis: an empty DA namespace (the default) is left out");
  genesis.da_namespace = to_bytes(da::tx_namespace().view());
  EXPECT_EQ(check_subnet_genesis(genesis).error().message,
            "platform: genesis: da_namespace: namespace: reserved namespaces cannot hold blobs");
  genesis.da_namespace = Bytes{'e', 'v', 'm'};
  EXPECT_EQ(check_subnet_genesis(genesis).error().message,
            "platform: genesis: da_namespace is 29 bytes, not 3");
  // Set in a CreateSubnet, it survives the operation's encoding.
  CreateSubnet op = subnet_spec("rollup", 9);
  op.genesis.da_namespace = to_bytes(ns.view());
  EXPECT_EQ(decode_operation(encode_operation(op)).value(), Operation{op});
}

TEST(OperationsTest, EngineTimingsAreCheckedAgainstGovernanceRanges) {
  EXPECT_EQ(decode_engine_timing(ConsensusKind::kBft, {}).value(), EngineTiming{});
  EXPECT_EQ(decode_engine_timing(ConsensusKind::kBft, encode_engine_timing({10, 600'000})).value(),
            (EngineTiming{10, 600'000}));
  EXPECT_EQ(
      decode_engine_timing(ConsensusKind::kDev, encode_engine_timing({0, 99})).error().message,
      "platform: consensus parameters: leader_timeout_ms 99 outside its allowed range "
      "100..600000 (or 0 for the node's default)");
  EXPECT_EQ(decode_engine_timing(ConsensusKind::kBft, encode_engine_timing({9, 0})).error().message,
            "platform: consensus parameters: block_time_ms 9 outside its allowed range 10..60000 "
            "(or 0 for the node's default)");
  EXPECT_EQ(decode_engine_timing(ConsensusKind::kBft, Bytes{0x01}).error().message,
            "platform: consensus parameters: rlp([block_time_ms, leader_timeout_ms]) expected");
  EXPECT_EQ(decode_engine_timing(ConsensusKind::kSnowman, encode_engine_timing({10, 100}))
                .error()
                .message,
            "platform: consensus parameters: rlp([k, alpha_preference, alpha_confidence, beta, "
            "proposer_window_ms]) expected");
}

TEST(OperationsTest, SnowmanParametersHaveValidatedRanges) {
  EXPECT_EQ(decode_snowman_spec({}).value(), SnowmanSpec{});
  SnowmanSpec spec;
  spec.k = 5;
  spec.alpha_preference = 3;
  spec.alpha_confidence = 4;
  spec.beta = 7;
  spec.proposer_window_ms = 250;
  EXPECT_EQ(decode_snowman_spec(encode_snowman_spec(spec)).value(), spec);
  EXPECT_TRUE(decode_engine_timing(ConsensusKind::kSnowman, encode_snowman_spec(spec)));
  const auto refused = [](SnowmanSpec s) { return decode_snowman_spec(encode_snowman_spec(s)); };
  SnowmanSpec half = spec;
  half.alpha_preference = 2;  // 2 of 5 is not a majority
  EXPECT_EQ(refused(half).error().message,
            "platform: consensus parameters: snowman alpha_preference 2 outside its allowed "
            "range 3..5");
  SnowmanSpec confidence = spec;
  confidence.alpha_confidence = 2;
  EXPECT_EQ(refused(confidence).error().message,
            "platform: consensus parameters: snowman alpha_confidence 2 outside its allowed "
            "range 3..5");
  SnowmanSpec big = spec;
  big.k = 101;
  EXPECT_EQ(refused(big).error().message,
            "platform: consensus parameters: snowman k 101 outside its allowed range 1..100");
  SnowmanSpec zero = spec;
  zero.beta = 0;
  EXPECT_EQ(refused(zero).error().message,
            "platform: consensus parameters: snowman beta 0 outside its allowed range 1..200");
  SnowmanSpec window = spec;
  window.proposer_window_ms = 5;
  EXPECT_FALSE(refused(window));
}

// Unknown VMs, consensus kinds, voters, chain parameters and actions fail to decode, so such an
// operation never reaches a block.
TEST(OperationsTest, UnknownKindsAreRefusedWithTheirName) {
  const auto with_field = [](const Operation& op, std::size_t index, Bytes value) {
    const Bytes encoded = encode_operation(op);
    const auto items = rlp::list_items(rlp::decode(encoded).value()).value();
    std::vector<Bytes> f;
    for (const rlp::Item& item : items) f.push_back(to_bytes(item.encoded));
    f[index] = std::move(value);
    return decode_operation(rlp::encode_list(f));
  };
  const CreateSubnet spec = subnet_spec("wasm", 7);
  EXPECT_EQ(with_field(spec, 2, rlp::encode_uint(8)).error().message,
            "platform operation: unknown VM in the VM set");
  EXPECT_EQ(with_field(spec, 4, rlp::encode_uint(3)).error().message,
            "platform operation: unknown consensus");
  const Bytes voting[] = {rlp::encode_uint(2), rlp::encode_uint(1), rlp::encode_uint(6000),
                          rlp::encode_uint(1), rlp::encode_uint(1)};
  EXPECT_EQ(with_field(spec, 9, rlp::encode_list(voting)).error().message,
            "platform operation: unknown kind of voters");
  const Propose propose{"wasm", EnableVm{VmKind::kEvm}, 1};
  const Bytes vm[] = {rlp::encode_uint(1), rlp::encode_uint(3)};
  EXPECT_EQ(with_field(propose, 2, rlp::encode_list(vm)).error().message,
            "governance action: unknown VM");
  const Bytes param[] = {rlp::encode_uint(0), rlp::encode_uint(5), rlp::encode_uint(1)};
  EXPECT_EQ(with_field(propose, 2, rlp::encode_list(param)).error().message,
            "governance action: unknown chain parameter");
  const Bytes action[] = {rlp::encode_uint(4), rlp::encode_uint(1)};
  EXPECT_EQ(with_field(propose, 2, rlp::encode_list(action)).error().message,
            "governance action: unknown kind");
  EXPECT_EQ(with_field(Vote{"wasm", 0, true}, 3, rlp::encode_uint(2)).error().message,
            "platform operation: a vote is 0 (no) or 1 (yes)");
}

TEST(OperationsTest, VmSetsAreBitSets) {
  const VmSet vms{VmKind::kMove, VmKind::kEvm};
  EXPECT_EQ(vms.bits(), 0b101);
  EXPECT_EQ(vms.list(), (std::vector<VmKind>{VmKind::kEvm, VmKind::kMove}));
  EXPECT_EQ(VmSet{VmKind::kWasm}.first(), VmKind::kWasm);
  EXPECT_EQ(VmSet::from_bits(0b011).value(), (VmSet{VmKind::kEvm, VmKind::kWasm}));
  EXPECT_EQ(VmSet::from_bits(0b1000).error().message,
            "platform operation: unknown VM in the VM set");
}

TEST(OperationsTest, SignedOperationsCarryIssuerAndNonce) {
  const SignedOperation signed_op = sign(subnet_spec("wasm", 7), {1, 2}, 6);
  EXPECT_EQ(signed_op.issuer, addr(1));
  EXPECT_EQ(signed_op.nonce, 6u);
  EXPECT_EQ(decode_signed(encode_signed(signed_op)).value(), signed_op);
  EXPECT_EQ(signers(signed_op, kNetwork).value(), (std::vector<Address>{addr(1), addr(2)}));
  // The nonce is signed: another nonce recovers other signers.
  SignedOperation renonced = signed_op;
  renonced.nonce = 7;
  EXPECT_NE(signers(renonced, kNetwork).value()[0], addr(1));
  EXPECT_FALSE(decode_signed(from_hex("c0").value()));
}

TEST(OperationsTest, BlocksRoundTripAndHashTheirContent) {
  PlatformBlock block{4, Hash256{}, 99, {sign(Transfer{addr(2), 1}, {1}, 0)}, Bytes{5}};
  block.parent_hash[0] = 1;
  EXPECT_EQ(decode_block(encode_block(block)).value(), block);
  PlatformBlock later = block;
  later.timestamp = 100;
  EXPECT_NE(later.hash(), block.hash());
  PlatformBlock other_signers = block;
  other_signers.uptime.signers = Bytes{7};
  EXPECT_NE(other_signers.hash(), block.hash());
  EXPECT_FALSE(decode_block(from_hex("c0").value()));
}

}  // namespace
}  // namespace plexus::platform::testing
