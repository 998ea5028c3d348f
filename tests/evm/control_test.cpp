// Jumps, stack limits, undefined opcodes per revision, memory expansion and termination.
#include "evm_test_util.hpp"

namespace plexus::evm::test {
namespace {

TEST(EvmControl, JumpToJumpdest) {
  Runner r;
  // PUSH1 4 JUMP INVALID JUMPDEST PUSH1 7 ret_top
  const ExecResult res =
      r.run(Asm().push(4).op(kJump).op(kInvalid).op(kJumpdest).push(7).ret_top());
  EXPECT_EQ(output_word(res), 7);
  EXPECT_EQ(r.gas_used(res), 3 + 8 + 1 + 3 + 15);
}

TEST(EvmControl, InvalidJumpDestinations) {
  Runner r;
  // Into PUSH data: offset 3 holds 0x5b but is the immediate of PUSH1.
  EXPECT_EQ(r.run(Bytes{kPush1, 3, kJump, kPush1, kJumpdest}).status,
            StatusCode::kBadJumpDestination);
  EXPECT_EQ(r.run(Asm().push(100).op(kJump)).status, StatusCode::kBadJumpDestination);
  EXPECT_EQ(r.run(Asm().push(uint256(1) << 128).op(kJump)).status, StatusCode::kBadJumpDestination);
  EXPECT_EQ(r.run(Asm().push(1).op(kJump)).status, StatusCode::kBadJumpDestination);  // not 5b
  const ExecResult fail = r.run(Asm().push(100).op(kJump));
  EXPECT_EQ(fail.gas_left, 0);  // exceptional halts consume all gas
  // JUMPI with a false condition ignores the destination.
  EXPECT_EQ(r.run(Asm().push(0).push(100).op(kJumpi).push(9).ret_top()).output.back(), 9);
  // JUMPI taken: PUSH1 1 PUSH1 6 JUMPI INVALID? no: 0:60 01 2:60 06 4:57 5:fe 6:5b
  EXPECT_EQ(r.run(Bytes{kPush1, 1, kPush1, 6, kJumpi, kInvalid, kJumpdest}).status,
            StatusCode::kSuccess);
}

TEST(EvmControl, StackUnderflowAndOverflow) {
  Runner r;
  EXPECT_EQ(r.run(Bytes{kAdd}).status, StatusCode::kStackUnderflow);
  EXPECT_EQ(r.run(Asm().push(1).op(kAdd)).status, StatusCode::kStackUnderflow);
  EXPECT_EQ(r.run(Asm().push(1).op(kSwap1)).status, StatusCode::kStackUnderflow);
  EXPECT_EQ(r.run(Asm().push(1).op(kDup1 + 1)).status, StatusCode::kStackUnderflow);
  Bytes full(1024, kPush0);
  EXPECT_EQ(r.run(full).status, StatusCode::kSuccess);
  full.push_back(kPush0);
  const ExecResult over = r.run(full);
  EXPECT_EQ(over.status, StatusCode::kStackOverflow);
  EXPECT_EQ(over.gas_left, 0);
  full.back() = kDup1;
  EXPECT_EQ(r.run(full).status, StatusCode::kStackOverflow);
}

TEST(EvmControl, UndefinedOpcodesPerRevision) {
  Runner r;
  for (std::uint8_t op : {0x0c, 0x21, 0x4b, 0xa5, 0xf6, 0xfb})
    EXPECT_EQ(r.run(Bytes{op}).status, StatusCode::kUndefinedInstruction) << int(op);
  EXPECT_EQ(r.run(Bytes{kInvalid}).status, StatusCode::kInvalidInstruction);
  r.rev = Revision::kLondon;
  EXPECT_EQ(r.run(Bytes{kPush0}).status, StatusCode::kUndefinedInstruction);
  r.rev = Revision::kShanghai;
  EXPECT_EQ(r.run(Bytes{kPush0}).status, StatusCode::kSuccess);
  for (std::uint8_t op : {kTload, kTstore, kMcopy, kBlobhash, kBlobbasefee})
    EXPECT_EQ(r.run(Bytes{op}).status, StatusCode::kUndefinedInstruction) << int(op);
  r.rev = Revision::kCancun;
  EXPECT_EQ(r.run(Bytes{kBlobbasefee}).status, StatusCode::kSuccess);
}

TEST(EvmControl, MemoryExpansionCost) {
  Runner r;
  // MSTORE at 0: 1 word = 3 gas of expansion.
  const ExecResult one = r.run(Asm().push(1).push(0).op(kMstore));
  EXPECT_EQ(r.gas_used(one), 3 + 3 + 3 + 3);
  // MSTORE8 at 1023: 32 words: 3*32 + 32*32/512 = 98.
  const ExecResult kb = r.run(Asm().push(1).push(1023).op(kMstore8).op(kMsize).ret_top());
  EXPECT_EQ(output_word(kb), 1024);
  EXPECT_EQ(r.gas_used(kb), 3 + 3 + 3 + 98 + 2 + 12);  // ret_top's MSTORE needs no growth
  // Quadratic term: 1 MiB = 32768 words.
  r.msg.gas = 10'000'000;
  const ExecResult mb = r.run(Asm().push(0).push((1 << 20) - 32).op(kMstore));
  EXPECT_EQ(r.gas_used(mb), 3 + 3 + 3 + 3 * 32768 + 32768LL * 32768 / 512);
}

TEST(EvmControl, HugeMemoryOffsetsRunOutOfGasWithoutAllocating) {
  Runner r;
  const uint256 offsets[] = {uint256(1) << 32, uint256(1) << 63, uint256(1) << 200, uint256::max(),
                             uint256(0xffffffffu) - 10};
  for (const uint256& off : offsets) {
    EXPECT_EQ(r.run(Asm().push(1).push(off).op(kMstore)).status, StatusCode::kOutOfGas);
    EXPECT_EQ(r.run(Asm().push(off).op(kMload)).status, StatusCode::kOutOfGas);
    EXPECT_EQ(r.run(Asm().push(1).push(off).op(kMstore8)).status, StatusCode::kOutOfGas);
    EXPECT_EQ(r.run(Asm().push(off).push(0).op(kReturn)).status, StatusCode::kOutOfGas);
    EXPECT_EQ(r.run(Asm().push(off).push(0).push(0).op(kCalldatacopy)).status,
              StatusCode::kOutOfGas);
    EXPECT_EQ(r.run(Asm().push(off).push(0).op(kKeccak256)).status, StatusCode::kOutOfGas);
    EXPECT_EQ(r.run(Asm().push(off).push(0).push(0).op(kMcopy)).status, StatusCode::kOutOfGas);
    EXPECT_EQ(r.run(Asm().push(1).push(0).push(off).op(kMcopy)).status, StatusCode::kOutOfGas);
  }
  // A zero-sized range ignores its offset.
  EXPECT_EQ(r.run(Asm().push(0).push(uint256::max()).op(kReturn)).status, StatusCode::kSuccess);
  EXPECT_EQ(r.run(Asm().push(0).push(uint256::max()).push(uint256::max()).op(kCalldatacopy)).status,
            StatusCode::kSuccess);
}

TEST(EvmControl, OutOfGasIsExact) {
  Runner r;
  r.msg.gas = 8;  // PUSH1 PUSH1 ADD needs 9
  const ExecResult res = r.run(Asm().push(1).push(2).op(kAdd));
  EXPECT_EQ(res.status, StatusCode::kOutOfGas);
  EXPECT_EQ(res.gas_left, 0);
  r.msg.gas = 9;
  EXPECT_EQ(r.run(Asm().push(1).push(2).op(kAdd)).status, StatusCode::kSuccess);
}

TEST(EvmControl, ReturnAndRevert) {
  Runner r;
  r.host.warm_slots.insert({r.msg.recipient, Bytes32{}});
  Asm revert_code;
  revert_code.push(0xabcd).push(0).op(kMstore).push(2).push(30).op(kRevert);
  const ExecResult rev = r.run(revert_code);
  EXPECT_EQ(rev.status, StatusCode::kRevert);
  EXPECT_EQ(rev.output, (Bytes{0xab, 0xcd}));
  EXPECT_EQ(r.gas_used(rev), 3 + 3 + 6 + 3 + 3);
  EXPECT_EQ(rev.gas_refund, 0);
  const ExecResult stop = r.run(Bytes{kStop});
  EXPECT_EQ(stop.status, StatusCode::kSuccess);
  EXPECT_TRUE(stop.output.empty());
  EXPECT_EQ(stop.gas_left, r.msg.gas);
}

TEST(EvmControl, PcGasMsize) {
  Runner r;
  EXPECT_EQ(output_word(r.run(Asm().push(0).op(kPop).op(kPc).ret_top())), 3);
  const ExecResult g = r.run(Asm().op(kGas).ret_top());
  EXPECT_EQ(output_word(g), r.msg.gas - 2);
  EXPECT_EQ(output_word(r.run(Asm().op(kMsize).ret_top())), 0);
}

}  // namespace
}  // namespace plexus::evm::test
