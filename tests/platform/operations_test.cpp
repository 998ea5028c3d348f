// The wire forms: operations, signed operations and blocks round-trip, and malformed ones fail.
#include "core/hex.hpp"
#include "platform/block.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

TEST(OperationsTest, EveryKindRoundTripsThroughRlp) {
  AddValidator with_bls = validator_op(1, 3, 9);
  with_bls.bls_key = Bytes(kBlsKeySize, 4);
  with_bls.bls_pop = Bytes(kBlsPopSize, 5);
  const Operation ops[] = {with_bls, subnet_spec("wasm", 7),
                           AddSubnetValidator{"wasm", addr(1), 42}, Transfer{addr(2), plx(3)},
                           RemoveSubnetValidator{"wasm", addr(1)}};
  for (const Operation& op : ops) EXPECT_EQ(decode_operation(encode_operation(op)).value(), op);
  EXPECT_FALSE(decode_operation(from_hex("c3050102").value()));  // unknown kind
  EXPECT_FALSE(decode_operation(from_hex("c20301").value()));    // transfer: too few fields
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
  PlatformBlock block{4, Hash256{}, 99, {sign(Transfer{addr(2), 1}, {1}, 0)}};
  block.parent_hash[0] = 1;
  EXPECT_EQ(decode_block(encode_block(block)).value(), block);
  PlatformBlock later = block;
  later.timestamp = 100;
  EXPECT_NE(later.hash(), block.hash());
  EXPECT_FALSE(decode_block(from_hex("c0").value()));
}

}  // namespace
}  // namespace plexus::platform::testing
