// Arithmetic, comparison, bitwise and PUSH/DUP/SWAP instructions, with their exact gas.
#include "core/uint256_ops.hpp"
#include "evm_test_util.hpp"

namespace plexus::evm::test {
namespace {

constexpr std::int64_t kRetTopGas = 15;  // PUSH 0, MSTORE (3 + 3 memory), PUSH, PUSH, RETURN
const uint256 kMax = uint256::max();
const uint256 kMinSigned = uint256(1) << 255;
// Every limb different and the top bit set: catches limbs swapped or carries lost between them.
const uint256 kMixed = uint256::from_limbs(0x0123456789abcdefULL, 0xfedcba9876543210ULL,
                                           0xffffffff00000001ULL, 0x8000000000000001ULL);

// Runs `b a OP` (a on top) and returns the result word.
uint256 binary(std::uint8_t op, const uint256& a, const uint256& b) {
  Runner r;
  return output_word(r.run(Asm().push(b).push(a).op(op).ret_top()));
}

// Runs `m b a OP` (ADDMOD, MULMOD) and returns the result word.
uint256 ternary(std::uint8_t op, const uint256& a, const uint256& b, const uint256& m) {
  Runner r;
  return output_word(r.run(Asm().push(m).push(b).push(a).op(op).ret_top()));
}

TEST(EvmArithmetic, AddSubMulWrap) {
  EXPECT_EQ(binary(kAdd, kMax, 2), 1);
  EXPECT_EQ(binary(kSub, 1, 2), kMax);  // a - b with a on top
  EXPECT_EQ(binary(kMul, kMinSigned, 2), 0);
  EXPECT_EQ(binary(kMul, 6, 7), 42);
}

// ADD and SUB run as add/sub-with-carry chains in the interpreter: a carry or borrow must cross
// every limb boundary, checked against the generic uint256 operators.
TEST(EvmArithmetic, AddSubCarryAcrossLimbs) {
  for (int limb = 0; limb < 4; ++limb) {
    const uint256 low = (uint256(1) << (64 * limb)) - 1;  // all ones below this limb
    const uint256 mixed = low ^ (uint256(0x5a5a5a5a5a5a5a5aULL) << 64 * (3 - limb));
    for (const uint256& a : {low, mixed, kMax, kMinSigned}) {
      for (const uint256& b : {uint256(1), low, mixed, kMax}) {
        EXPECT_EQ(binary(kAdd, a, b), a + b);
        EXPECT_EQ(binary(kSub, a, b), a - b);
      }
    }
  }
  EXPECT_EQ(binary(kAdd, (uint256(1) << 192) - 1, 1), uint256(1) << 192);
  EXPECT_EQ(binary(kSub, uint256(1) << 192, 1), (uint256(1) << 192) - 1);
}

TEST(EvmArithmetic, DivisionByZeroAndSigned) {
  EXPECT_EQ(binary(kDiv, 7, 0), 0);
  EXPECT_EQ(binary(kMod, 7, 0), 0);
  EXPECT_EQ(binary(kSdiv, 7, 0), 0);
  EXPECT_EQ(binary(kSmod, 7, 0), 0);
  EXPECT_EQ(binary(kDiv, 7, 2), 3);
  EXPECT_EQ(binary(kSdiv, kMinSigned, kMax), kMinSigned);
  EXPECT_EQ(binary(kSdiv, -uint256(8), 2), -uint256(4));
  EXPECT_EQ(binary(kSmod, -uint256(8), 3), -uint256(2));
}

TEST(EvmArithmetic, AddmodMulmod) {
  EXPECT_EQ(ternary(kAddmod, kMax, kMax, 10), from_bytes32(to_bytes32(addmod(kMax, kMax, 10))));
  EXPECT_EQ(ternary(kAddmod, 1, 2, 0), 0);
  EXPECT_EQ(ternary(kMulmod, kMax, kMax, 12), 9);
  EXPECT_EQ(ternary(kMulmod, 5, 6, 0), 0);
}

// MUL runs as an inline mul/imul chain in the interpreter: every partial product and carry
// between limbs is checked against the generic uint256 operator.
TEST(EvmArithmetic, MulAcrossLimbs) {
  for (int limb = 0; limb < 4; ++limb) {
    const uint256 low = (uint256(1) << (64 * limb)) - 1;
    const uint256 one_limb = uint256(0xffffffffffffffffULL) << (64 * limb);
    for (const uint256& a : {low, one_limb, kMixed, kMax, kMinSigned + 3}) {
      for (const uint256& b : {uint256(2), low, one_limb, kMixed, kMax}) {
        EXPECT_EQ(binary(kMul, a, b), a * b);
      }
    }
  }
}

// Power-of-two moduli up to 2^64 take a low-limb path in the interpreter, larger ones a masked
// path in addmod; both must agree with reducing the operands first (no power-of-two shortcut).
TEST(EvmArithmetic, AddmodMulmodPowerOfTwoModulus) {
  for (const unsigned bits : {1u, 7u, 63u, 64u, 65u, 128u, 255u}) {
    const uint256 m = uint256(1) << bits;
    for (const uint256& a : {uint256(3), kMixed, kMax, m - 1, m + 5}) {
      for (const uint256& b : {uint256(1), kMixed, kMax, m}) {
        EXPECT_EQ(ternary(kAddmod, a, b, m), (a % m + b % m) % m) << bits;
        if (bits <= 128) {
          EXPECT_EQ(ternary(kMulmod, a, b, m), ((a % m) * (b % m)) % m) << bits;
        }
      }
    }
  }
  EXPECT_EQ(ternary(kAddmod, kMax, kMax, uint256(1) << 64), uint256(0xfffffffffffffffeULL));
  EXPECT_EQ(ternary(kMulmod, kMax, kMax, uint256(1) << 64), 1);
  EXPECT_EQ(ternary(kAddmod, kMax, 7, 1), 0);
}

TEST(EvmArithmetic, ExpChargesPerExponentByte) {
  Runner r;
  const ExecResult res = r.run(Asm().push(0x1234).push(3).op(kExp).ret_top());
  EXPECT_EQ(output_word(res), exp(3, 0x1234));
  EXPECT_EQ(r.gas_used(res), 3 + 3 + 10 + 50 * 2 + kRetTopGas);
  Runner zero;
  const ExecResult z = zero.run(Asm().push(0).push(3).op(kExp).ret_top());
  EXPECT_EQ(output_word(z), 1);
  EXPECT_EQ(zero.gas_used(z), 3 + 3 + 10 + kRetTopGas);
}

TEST(EvmArithmetic, ComparisonsAndBitwise) {
  EXPECT_EQ(binary(kLt, 1, 2), 1);
  EXPECT_EQ(binary(kGt, 1, 2), 0);
  EXPECT_EQ(binary(kSlt, kMax, 0), 1);
  EXPECT_EQ(binary(kSgt, kMax, 0), 0);
  EXPECT_EQ(binary(kEq, 5, 5), 1);
  EXPECT_EQ(binary(kAnd, 0xf0, 0x3c), 0x30);
  EXPECT_EQ(binary(kOr, 0xf0, 0x0f), 0xff);
  EXPECT_EQ(binary(kXor, 0xff, 0x0f), 0xf0);
  EXPECT_EQ(binary(kByte, 31, 0x1234), 0x34);
  EXPECT_EQ(binary(kByte, 32, 0x1234), 0);
  EXPECT_EQ(binary(kSignextend, 0, 0x80), kMax - 0x7f);
  Runner r;
  EXPECT_EQ(output_word(r.run(Asm().push(0).op(kIszero).ret_top())), 1);
  EXPECT_EQ(output_word(r.run(Asm().push(0).op(kNot).ret_top())), kMax);
}

TEST(EvmArithmetic, ShiftsOfAnyAmount) {
  EXPECT_EQ(binary(kShl, 4, 1), 16);  // value << shift, shift on top
  EXPECT_EQ(binary(kShl, 256, 1), 0);
  EXPECT_EQ(binary(kShr, 4, 0x100), 0x10);
  EXPECT_EQ(binary(kShr, kMax, kMax), 0);
  EXPECT_EQ(binary(kSar, 4, kMinSigned), uint256(0x1f) << 251);
  EXPECT_EQ(binary(kSar, 300, kMinSigned), kMax);
  EXPECT_EQ(binary(kSar, 300, 5), 0);
}

// SHL and SHR run as a switch on whole limbs with funnel shifts inside: every amount, including
// the limb boundaries and 0, must match the generic uint256 operators.
TEST(EvmArithmetic, ShiftsAcrossLimbs) {
  for (unsigned shift = 0; shift <= 257; ++shift) {
    EXPECT_EQ(binary(kShl, shift, kMixed), kMixed << shift) << shift;
    EXPECT_EQ(binary(kShr, shift, kMixed), kMixed >> shift) << shift;
  }
  EXPECT_EQ(binary(kShl, uint256(1) << 64, kMixed), 0);
  EXPECT_EQ(binary(kShr, uint256(1) << 64, kMixed), 0);
}

TEST(EvmArithmetic, PushDupSwap) {
  Runner r;
  // PUSH2 at the very end of the code reads its missing byte as zero.
  const ExecResult trunc = r.run(Bytes{kPush1 + 1, 0x01});
  EXPECT_EQ(trunc.status, StatusCode::kSuccess);
  EXPECT_EQ(output_word(r.run(Asm().push(1).push(2).op(kDup1 + 1).ret_top())), 1);
  EXPECT_EQ(output_word(r.run(Asm().push(1).push(2).op(kSwap1).ret_top())), 1);
  Asm deep;
  for (int i = 0; i < 17; ++i) deep.push(i + 1);
  EXPECT_EQ(output_word(r.run(Asm(deep).op(kDup16).ret_top())), 2);
  EXPECT_EQ(output_word(r.run(Asm(deep).op(kSwap16).ret_top())), 1);
  const uint256 big = kMax - 12345;
  EXPECT_EQ(output_word(r.run(Asm().push(big).ret_top())), big);
}

TEST(EvmArithmetic, ExactGasOfStraightLineCode) {
  Runner r;
  const ExecResult res = r.run(Asm().push(1).push(2).op(kAdd).op(kPop).op(kStop));
  EXPECT_EQ(res.status, StatusCode::kSuccess);
  EXPECT_EQ(r.gas_used(res), 3 + 3 + 3 + 2);
  r.rev = Revision::kShanghai;
  const ExecResult p0 = r.run(Bytes{kPush0, kPop});
  EXPECT_EQ(r.gas_used(p0), 2 + 2);
}

// EIP-7939 (Osaka): CLZ counts the leading zero bits of the top item, 256 for zero, for 5 gas;
// before Osaka 0x1e is undefined.
TEST(EvmArithmetic, ClzFromOsaka) {
  const auto clz = [](const uint256& v) {
    Runner r;
    r.rev = Revision::kOsaka;
    const ExecResult out = r.run(Asm().push(v).op(kClz).ret_top());
    EXPECT_EQ(r.gas_used(out), 3 + 5 + kRetTopGas);
    return output_word(out);
  };
  EXPECT_EQ(clz(0), 256);
  EXPECT_EQ(clz(1), 255);
  EXPECT_EQ(clz(kMax), 0);
  EXPECT_EQ(clz(kMinSigned), 0);
  EXPECT_EQ(clz(uint256(1) << 64), 191);
  EXPECT_EQ(clz(uint256(0xff) << 130), 118);
  Runner prague;
  prague.rev = Revision::kPrague;
  EXPECT_EQ(prague.run(Asm().push(1).op(kClz).ret_top()).status,
            StatusCode::kUndefinedInstruction);
}

}  // namespace
}  // namespace plexus::evm::test
