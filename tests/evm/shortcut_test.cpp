// The untraced loop takes shortcuts the traced one does not (execute.cpp: stack and gas checked
// once per block, PUSH2 fused with a following JUMP or JUMPI, taken jumps landing past their
// JUMPDEST, runs of JUMPDESTs skipped at once, CALLDATALOAD of a whole word inline). The traced
// loop checks every instruction by itself, so it is the reference: both must end with the same
// status, gas and output at every gas limit, which puts each failure (out of gas, bad
// destination, stack, an opcode the revision lacks) at each possible point.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "evm/tracer.hpp"
#include "evm_test_util.hpp"

namespace plexus::evm::test {
namespace {

class CountingTracer : public Tracer {
 public:
  void on_step(const Step&) override { ++steps; }
  std::size_t steps = 0;
};

// Runs `code` for `msg` untraced and traced, each against a fresh host (the mock host does not
// revert a failed frame's writes), and expects the same end; returns the untraced result and adds
// the traced run's steps to `traced_steps`.
ExecResult expect_same_run(const Bytes& code, const Message& msg, Revision rev,
                           std::size_t& traced_steps) {
  MockHost fast_host;
  const ExecResult fast = execute(fast_host, rev, msg, code);
  MockHost reference_host;
  CountingTracer counting;
  reference_host.trace_with = &counting;
  const ExecResult reference = execute(reference_host, rev, msg, code);
  EXPECT_EQ(fast.status, reference.status) << "gas " << msg.gas;
  EXPECT_EQ(fast.gas_left, reference.gas_left) << "gas " << msg.gas;
  EXPECT_EQ(fast.output, reference.output) << "gas " << msg.gas;
  EXPECT_EQ(fast_host.accounts, reference_host.accounts) << "gas " << msg.gas;
  traced_steps += counting.steps;
  return fast;
}

Message test_message(const Bytes& input = {}) {
  Message msg;
  msg.recipient = addr(0xaa);
  msg.code_address = msg.recipient;
  msg.input = input;
  return msg;
}

// The same at every gas limit from 0 to `max_gas`; returns how many limits ended in success.
int expect_same_at_every_gas(const Bytes& code, std::int64_t max_gas, const Bytes& input = {},
                             Revision rev = Revision::kCancun) {
  Message msg = test_message(input);
  int successes = 0;
  std::size_t traced_steps = 0;
  for (std::int64_t gas = 0; gas <= max_gas; ++gas) {
    msg.gas = gas;
    if (expect_same_run(code, msg, rev, traced_steps).status == StatusCode::kSuccess) ++successes;
  }
  EXPECT_GT(traced_steps, 0u);
  return successes;
}

Bytes push2(std::uint16_t v) {
  return {static_cast<Byte>(kPush1 + 1), static_cast<Byte>(v >> 8), static_cast<Byte>(v)};
}

TEST(EvmShortcuts, Push2JumpToAJumpdest) {
  // 0: PUSH2 6, JUMP, INVALID, INVALID, 6: JUMPDEST, PUSH1 7, then return it.
  Asm a;
  a.bytes(push2(6)).op(kJump).op(kInvalid).op(kInvalid).op(kJumpdest).push(7).ret_top();
  EXPECT_GT(expect_same_at_every_gas(a.code(), 60), 0);
}

TEST(EvmShortcuts, Push2JumpToABadDestination) {
  // 4 is INVALID, 6 the data 0x5b of a PUSH1: neither is a JUMPDEST; 300 is past the end.
  for (const std::uint16_t dest : {4, 6, 300}) {
    Asm b;
    b.bytes(push2(dest)).op(kJump).op(kInvalid).push(0x5b).op(kJumpdest).op(kStop);
    EXPECT_EQ(expect_same_at_every_gas(b.code(), 20), 0) << dest;
  }
}

TEST(EvmShortcuts, Push2JumpiTakenNotTakenAndWithoutCondition) {
  for (const int cond : {0, 1, 2}) {
    Asm a;
    if (cond < 2) a.push(cond);  // 2: no condition at all (JUMPI underflows)
    Asm not_taken;
    not_taken.push(1).ret_top();
    const auto dest = static_cast<std::uint16_t>(a.size() + 4 + not_taken.size());
    a.bytes(push2(dest)).op(kJumpi).bytes(not_taken.code()).op(kJumpdest).push(2).ret_top();
    EXPECT_EQ(expect_same_at_every_gas(a.code(), 60) > 0, cond < 2) << cond;
  }
}

TEST(EvmShortcuts, Push2JumpOnAFullStack) {
  Asm a;
  for (int i = 0; i < 1024; ++i) a.op(kPush0);  // full: the PUSH2 overflows
  a.bytes(push2(static_cast<std::uint16_t>(a.size() + 4))).op(kJump).op(kJumpdest).op(kStop);
  EXPECT_EQ(expect_same_at_every_gas(a.code(), 2 * 1024 + 20), 0);
}

TEST(EvmShortcuts, JumpdestRuns) {
  // Runs of 1 to 20 JUMPDESTs, fallen into and jumped into, at the end of the code (the padding
  // ends them) and before another instruction.
  for (int n = 1; n <= 20; ++n) {
    for (const bool jumped_into : {false, true}) {
      for (const bool at_end : {false, true}) {
        Asm a;
        if (jumped_into) a.bytes(push2(4)).op(kJump);
        for (int i = 0; i < n; ++i) a.op(kJumpdest);
        if (!at_end) a.push(n).ret_top();
        EXPECT_GT(expect_same_at_every_gas(a.code(), 60), 0) << n << jumped_into << at_end;
      }
    }
  }
}

TEST(EvmShortcuts, JumpsIntoALongRunOfJumpdests) {
  // 300 JUMPDESTs in one block: 300 distinct entries, more than the jump map indexes, so the
  // first ones (the analysis indexes from the end) are looked up in the full table.
  for (const int k : {0, 100, 280, 299}) {
    Asm a;
    a.bytes(push2(static_cast<std::uint16_t>(5 + k))).op(kJump).op(kInvalid);
    for (int i = 0; i < 300; ++i) a.op(kJumpdest);
    a.push(7).ret_top();
    EXPECT_EQ(analyze(a.code()).jump_map[5], AnalyzedCode::kJumpEntryOverflow);
    EXPECT_GT(expect_same_at_every_gas(a.code(), 400), 0) << k;
  }
}

TEST(EvmShortcuts, JumpFromTheStackLandsPastTheJumpdest) {
  Asm a;
  a.push(9).op(kJump).op(kInvalid).push(0).op(kPop).op(kInvalid).op(kInvalid);
  a.op(kJumpdest).op(kGas).ret_top();  // GAS sees the JUMPDEST charged
  EXPECT_GT(expect_same_at_every_gas(a.code(), 60), 0);
  Asm b;  // JUMPI with the destination from the stack
  b.push(1).push(13).op(kJumpi).op(kInvalid).ops({kInvalid, kInvalid, kInvalid, kInvalid});
  b.ops({kInvalid, kInvalid, kInvalid}).op(kJumpdest).op(kGas).ret_top();
  EXPECT_GT(expect_same_at_every_gas(b.code(), 60), 0);
}

TEST(EvmShortcuts, CalldataloadAroundTheEndOfTheInput) {
  Bytes input(40);
  for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<Byte>(i + 1);
  for (const uint256& offset :
       {uint256(0), uint256(8), uint256(9), uint256(39), uint256(40), uint256(41),
        uint256(~std::uint64_t{0}), uint256(1) << 64, ~uint256(0)}) {
    Asm a;
    a.push(offset).op(kCalldataload).ret_top();
    EXPECT_GT(expect_same_at_every_gas(a.code(), 30, input), 0);
  }
  Asm whole;  // the inline path's value itself
  whole.push(8).op(kCalldataload).ret_top();
  Runner r;
  r.input = input;
  EXPECT_EQ(output_word(r.run(whole)), load_be32(input.data() + 8));
}

TEST(EvmShortcuts, FailureInsideABlockIsTheFirstOneWithAllTheGas) {
  // A block: memory growth (MLOAD at 0x400), then PUSH0, which London lacks. With the block's
  // gas taken at its entry the growth can fail for want of gas the later instructions hold; the
  // instruction-by-instruction result is the growth succeeding and PUSH0 failing (undefined).
  Asm a;
  a.push(0x400).op(kMload).op(kPush0).op(kPop).ops({kPush1, 1, kPush1, 2, kAdd}).ret_top();
  EXPECT_EQ(expect_same_at_every_gas(a.code(), 200, {}, Revision::kLondon), 0);
  EXPECT_GT(expect_same_at_every_gas(a.code(), 200), 0);
  Asm e;  // EXP's byte cost inside a block
  e.push(2).push(uint256(1) << 200).op(kExp).op(kPush0).op(kPop).ret_top();
  EXPECT_EQ(expect_same_at_every_gas(e.code(), 200, {}, Revision::kLondon), 0);
  EXPECT_GT(expect_same_at_every_gas(e.code(), 200), 0);
}

TEST(EvmShortcuts, GasSeenInsideBlocks) {
  Asm a;  // GAS after other instructions of its block, then more of them
  a.push(1).push(2).op(kAdd).op(kGas).op(kSwap1).op(kPop).op(kDup1).op(kAdd).ret_top();
  EXPECT_GT(expect_same_at_every_gas(a.code(), 80), 0);
  Asm s;  // SSTORE's 2300 stipend check and its cost, inside a block
  s.push(1).push(2).op(kAdd).push(0).op(kSstore).op(kGas).ret_top();
  EXPECT_GT(expect_same_at_every_gas(s.code(), 25'000), 0);
}

TEST(EvmShortcuts, StackFillingUpThroughALoop) {
  // 1,000 items in one block, then a loop pushing one more per pass until PUSH0 or PUSH2
  // overflows: the loop's block stops fitting at its entry before the overflow.
  Asm a;
  for (int i = 0; i < 1000; ++i) a.op(kPush0);
  const auto loop = static_cast<std::uint16_t>(a.size());
  a.op(kJumpdest).op(kPush0).bytes(push2(loop)).op(kJump);
  EXPECT_EQ(expect_same_at_every_gas(a.code(), 2'000 + 25 * 14 + 20), 0);
  Asm u;  // underflow: the loop pops one per pass from 20 items
  for (int i = 0; i < 20; ++i) u.op(kPush0);
  const auto pops = static_cast<std::uint16_t>(u.size());
  u.op(kJumpdest).op(kPop).bytes(push2(pops)).op(kJump);
  EXPECT_EQ(expect_same_at_every_gas(u.code(), 40 + 21 * 14 + 20), 0);
}

// Random programs from the instructions the shortcuts touch (jumps to real and false
// destinations, JUMPDEST runs, memory growth, stack limits, GAS, SSTORE, EXP, PUSH0 under
// London), each at every gas limit up to the gas it used (or 400) and with plenty. Seeded: a
// failure names the seed that reproduces it.
TEST(EvmShortcuts, RandomProgramsAgreeWithTheCheckingLoop) {
  std::mt19937_64 rng(20261206);
  const std::uint8_t alphabet[] = {
      kPush0,        kPush1,    kPush1,   kPush1 + 1, kDup1,    kDup1 + 2, kSwap1,
      kSwap1 + 3,    kPop,      kAdd,     kMul,       kExp,     kJump,     kJumpi,
      kJumpdest,     kJumpdest, kMload,   kMstore,    kMstore8, kGas,      kSstore,
      kCalldataload, kIszero,   kInvalid, kStop,      kPc,      kMsize,    0x0c};
  int long_runs = 0;  // programs that got past their first block
  for (int program = 0; program < 3000; ++program) {
    const std::uint64_t seed = rng();
    std::mt19937_64 gen(seed);
    Bytes code;
    for (int i = 0; i < 6; ++i) code.insert(code.end(), {kPush1, static_cast<Byte>(gen() % 40)});
    const std::size_t length = 20 + gen() % 60;
    while (code.size() < length) {
      const std::uint8_t op = alphabet[gen() % sizeof alphabet];
      code.push_back(op);
      if (op == kPush1) code.push_back(static_cast<Byte>(gen() % 4 == 0 ? gen() : gen() % 72));
      if (op == kPush1 + 1) {  // a jump destination inside the code, or memory at a distance
        const std::uint16_t v = static_cast<std::uint16_t>(gen() % 2 ? gen() % 80 : gen() % 3000);
        code.push_back(static_cast<Byte>(v >> 8));
        code.push_back(static_cast<Byte>(v));
      }
    }
    const Revision rev = gen() % 4 == 0 ? Revision::kLondon : Revision::kCancun;
    SCOPED_TRACE("seed " + std::to_string(seed));
    MockHost probe;
    Message msg = test_message();
    msg.gas = 100'000;
    const std::int64_t used = msg.gas - execute(probe, rev, msg, code).gas_left;
    if (used > 60 && used < msg.gas) ++long_runs;
    std::vector<std::int64_t> limits = {used, used + 1, std::int64_t{100'000}};
    for (std::int64_t gas = 0; gas < std::min<std::int64_t>(used, 400); ++gas)
      limits.push_back(gas);
    std::size_t steps = 0;
    for (const std::int64_t gas : limits) {
      msg.gas = gas;
      (void)expect_same_run(code, msg, rev, steps);
      if (HasFailure()) return;  // one seed's report is enough
    }
  }
  EXPECT_GT(long_runs, 100);
}

}  // namespace
}  // namespace plexus::evm::test
