// The dispatch loop. Every instruction first passes the checks its static traits demand (stack
// underflow/overflow, base gas), all resolved at compile time per opcode, then runs inline or, for
// instructions that reach the Host, out of line. Dispatch is by computed goto (a GNU extension GCC
// and Clang accept in C++23 mode): one indirect jump per instruction site predicts better than
// the single shared jump of a switch.
#include <bit>
#include <limits>
#include <vector>

#include "core/deadline.hpp"
#include "core/uint256_ops.hpp"
#include "evm/frame.hpp"
#include "evm/instructions.hpp"
#include "evm/tracer.hpp"

namespace plexus::evm {
namespace {

// PUSHn immediate: N big-endian bytes at p (the padded code guarantees they are readable).
template <int N>
[[gnu::always_inline]] inline uint256 load_push(const Byte* p) noexcept {
  std::uint64_t w[4] = {};
  constexpr int kFull = N / 8;
  constexpr int kRest = N % 8;
  for (int i = 0; i < kFull; ++i) {
    std::uint64_t be;
    std::memcpy(&be, p + N - 8 * (i + 1), 8);
    w[i] = __builtin_bswap64(be);
  }
  if constexpr (kRest != 0) {
    std::uint64_t v = 0;
    for (int j = 0; j < kRest; ++j) v = (v << 8) | p[j];
    w[kFull] = v;
  }
  return uint256::from_limbs(w[0], w[1], w[2], w[3]);
}

// CALLDATALOAD reaching past the end of the input (zeros beyond it) or at a huge offset.
[[gnu::noinline]] uint256 calldata_word_slow(BytesView input, const uint256& offset) noexcept {
  if (!fits_uint64(offset) || offset.limb(0) >= input.size()) return 0;
  Byte word[32] = {};
  const std::size_t start = static_cast<std::size_t>(offset.limb(0));
  std::memcpy(word, input.data() + start, std::min<std::size_t>(32, input.size() - start));
  return load_be32(word);
}

// The first byte at or after p that is not a JUMPDEST, eight bytes at a time. p must be an
// instruction inside the code: the bytes after a JUMPDEST are instructions, not PUSH data, and the
// zero padding (at least 8 bytes) ends every run inside the readable range.
[[gnu::always_inline]] inline const Byte* skip_jumpdests(const Byte* p) noexcept {
  constexpr std::uint64_t kRun = 0x0101010101010101 * kJumpdest;
  for (;;) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (const std::uint64_t diff = w ^ kRun; diff != 0) {
      if constexpr (std::endian::native == std::endian::little)
        return p + std::countr_zero(diff) / 8;
      else
        return p + std::countl_zero(diff) / 8;
    }
    p += 8;
  }
}

// The low limb of m - 1 when the modulus m is a power of two from 2 to 2^64, else 0. Such an m
// divides 2^64, so ADDMOD and MULMOD reduce to the low limbs' wrapped sum or product masked with
// it: Huff and Solidity code use ADDMOD with 2^64 as a 64-bit add (blake2b_shifts: 25,000 a call),
// and the out-of-line addmod, even with its own power-of-two path, was about 110 instructions a
// call. (For m = 2^64 the low limb is 0 and the mask wraps to all ones.)
[[gnu::always_inline]] inline std::uint64_t low_power_of_two_mask(const uint256& m) noexcept {
  const std::uint64_t m0 = m.limb(0);
  const std::uint64_t m1 = m.limb(1);
  if ((m.limb(2) | m.limb(3)) != 0) return 0;
  const bool small = m1 == 0 && m0 > 1 && (m0 & (m0 - 1)) == 0;
  return small || (m1 == 1 && m0 == 0) ? m0 - 1 : 0;
}

struct Outcome {
  StatusCode status;
  std::int64_t gas;
};

// Out of line so the traced loop stays as compact as the untraced one.
[[gnu::noinline]] void trace_step(Frame& f, const Byte* pc, std::int64_t gas, const uint256* bottom,
                                  const uint256* sp) noexcept {
  const Byte* const code = f.code->padded.data();
  f.tracer->on_step(Step{.pc = static_cast<std::uint64_t>(pc - code),
                         .op = *pc,
                         .gas = gas,
                         .depth = f.msg->depth,
                         .stack = std::span<const uint256>(bottom, sp),
                         .memory = BytesView(f.memory.data(), f.memory.size()),
                         .return_data = f.return_data,
                         .address = &f.msg->recipient,
                         .host = f.host,
                         .refund = f.gas_refund});
}

// Three instantiations. kFast (untraced executions): stack and gas checked once per block
// (AnalyzedCode::entries), PUSH2 fused with a following JUMP or JUMPI, jumps landing past their
// JUMPDEST; whatever it cannot finish the fast way it hands to the checking loop. Checking
// (kFast false): every instruction checks its own stack and gas; with kTraced the tracer in
// f.tracer sees every instruction before it runs and the frame's end. The checking loop starts at
// offset `start` with `height` items on the stack (0 and 0 but for a hand-over).
template <bool kTraced, bool kFast>
Outcome run(Frame& f, std::int64_t gas, std::size_t start, std::size_t height) noexcept {
  static_assert(!(kTraced && kFast));
  static constexpr void* kTable[256] = {
      &&op_00, &&op_01, &&op_02, &&op_03, &&op_04, &&op_05, &&op_06, &&op_07, &&op_08, &&op_09,
      &&op_0a, &&op_0b, &&undef, &&undef, &&undef, &&undef, &&op_10, &&op_11, &&op_12, &&op_13,
      &&op_14, &&op_15, &&op_16, &&op_17, &&op_18, &&op_19, &&op_1a, &&op_1b, &&op_1c, &&op_1d,
      &&op_1e, &&undef, &&op_20, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&op_30, &&op_31,
      &&op_32, &&op_33, &&op_34, &&op_35, &&op_36, &&op_37, &&op_38, &&op_39, &&op_3a, &&op_3b,
      &&op_3c, &&op_3d, &&op_3e, &&op_3f, &&op_40, &&op_41, &&op_42, &&op_43, &&op_44, &&op_45,
      &&op_46, &&op_47, &&op_48, &&op_49, &&op_4a, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&op_50, &&op_51, &&op_52, &&op_53, &&op_54, &&op_55, &&op_56, &&op_57, &&op_58, &&op_59,
      &&op_5a, &&op_5b, &&op_5c, &&op_5d, &&op_5e, &&op_5f, &&op_60, &&op_61, &&op_62, &&op_63,
      &&op_64, &&op_65, &&op_66, &&op_67, &&op_68, &&op_69, &&op_6a, &&op_6b, &&op_6c, &&op_6d,
      &&op_6e, &&op_6f, &&op_70, &&op_71, &&op_72, &&op_73, &&op_74, &&op_75, &&op_76, &&op_77,
      &&op_78, &&op_79, &&op_7a, &&op_7b, &&op_7c, &&op_7d, &&op_7e, &&op_7f, &&op_80, &&op_81,
      &&op_82, &&op_83, &&op_84, &&op_85, &&op_86, &&op_87, &&op_88, &&op_89, &&op_8a, &&op_8b,
      &&op_8c, &&op_8d, &&op_8e, &&op_8f, &&op_90, &&op_91, &&op_92, &&op_93, &&op_94, &&op_95,
      &&op_96, &&op_97, &&op_98, &&op_99, &&op_9a, &&op_9b, &&op_9c, &&op_9d, &&op_9e, &&op_9f,
      &&op_a0, &&op_a1, &&op_a2, &&op_a3, &&op_a4, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef, &&undef,
      &&op_f0, &&op_f1, &&op_f2, &&op_f3, &&op_f4, &&op_f5, &&undef, &&undef, &&undef, &&undef,
      &&op_fa, &&undef, &&undef, &&op_fd, &&op_fe, &&op_ff,
  };
  const Byte* const code = f.code->padded.data();
  const BlockEntry* const entries = f.code->entries.data();
  const std::uint8_t* const jump_map = f.code->jump_map.data();
  const BlockEntry* const jump_blocks = f.code->jump_blocks.data();
  const std::size_t code_size = f.code->size;
  const Byte* pc = code + start;
  uint256* const bottom = f.stack.get();
  uint256* sp = bottom + height;  // one past the top item
  // An instruction adding an item overflows exactly when the stack is full (none adds more than
  // one): one compare against a loop-invariant pointer, as evmone does, instead of recomputing
  // bottom + limit - change at every PUSH and DUP.
  uint256* const stack_full = bottom + kStackLimit;
  StatusCode status = StatusCode::kSuccess;
  const Message& msg = *f.msg;

// Static requirements of opcode OP; all operands are constants, so each site keeps only the
// checks its opcode needs. Underflow is written `sp <= bottom + (n - 1)`, not `sp < bottom + n`:
// the same test, but for one-operand instructions (POP, DUP1, MLOAD, ISZERO, JUMP...) GCC then
// compares sp with bottom directly instead of computing bottom + 32 first.
#define CHECK(OP)                                                                           \
  do {                                                                                      \
    if constexpr (kFast) break;                                                             \
    constexpr OpTraits kT = kOpTraits[OP];                                                  \
    if (kT.stack_required > 0 && sp <= bottom + (kT.stack_required - 1)) [[unlikely]] {     \
      status = StatusCode::kStackUnderflow;                                                 \
      goto done;                                                                            \
    }                                                                                       \
    static_assert(kT.stack_change <= 1, "the overflow check assumes one new item at most"); \
    if (kT.stack_change > 0 && sp == stack_full) [[unlikely]] {                             \
      status = StatusCode::kStackOverflow;                                                  \
      goto done;                                                                            \
    }                                                                                       \
    if (kT.gas > 0 && (gas -= kT.gas) < 0) [[unlikely]] {                                   \
      status = StatusCode::kOutOfGas;                                                       \
      goto done;                                                                            \
    }                                                                                       \
  } while (0)
// Every handler jumps to the one dispatch block below. GCC folds that block's table load into
// its indirect jump (jmp *table(,op,8)) and then copies the block back into each handler; with a
// `goto* kTable[*pc]` written in every handler the load stayed a separate instruction, one more
// per executed instruction than evmone's loop (callgrind, JUMPDEST_n0).
#define DISPATCH() goto dispatch
// Fast: the block at pc is entered, with its entry E. Its gas and stack are checked here for
// every instruction up to its end; if they do not hold, the checking loop takes over at pc and
// fails at the exact instruction.
#define ENTER_WITH(E)                                                                    \
  do {                                                                                   \
    const BlockEntry e = (E);                                                            \
    const std::ptrdiff_t items = sp - bottom;                                            \
    if ((gas -= e.gas) < 0 || items < e.min_items || items > e.max_items) [[unlikely]] { \
      gas += e.gas;                                                                      \
      goto hand_over;                                                                    \
    }                                                                                    \
  } while (0)
#define ENTER_BLOCK() ENTER_WITH(entries[pc - code])
#define NEXT(OP, LEN)                                               \
  do {                                                              \
    sp += kOpTraits[OP].stack_change;                               \
    pc += (LEN);                                                    \
    if constexpr (kFast && kOpTraits[OP].ends_block) ENTER_BLOCK(); \
    DISPATCH();                                                     \
  } while (0)
// A taken jump (the stack already without its operands) to the offset DEST, failing if it is no
// JUMPDEST. Fast, the destination's block is entered and execution goes on past its JUMPDEST,
// whose gas the block holds: one dispatch fewer per jump.
#define JUMP_TO(DEST)                                                               \
  do {                                                                              \
    const std::uint64_t to = (DEST);                                                \
    if constexpr (kFast) {                                                          \
      const std::uint8_t index = to < code_size ? jump_map[to] : 0;                 \
      if (index == 0) END_FRAME(StatusCode::kBadJumpDestination);                   \
      pc = code + to;                                                               \
      ENTER_WITH(index != AnalyzedCode::kJumpEntryOverflow ? jump_blocks[index - 1] \
                                                           : entries[to]);          \
      pc += 1;                                                                      \
    } else {                                                                        \
      if (!f.code->is_jumpdest(to)) END_FRAME(StatusCode::kBadJumpDestination);     \
      pc = code + to;                                                               \
    }                                                                               \
    DISPATCH();                                                                     \
  } while (0)
// A failure. Fast, inside a block, the status may not be the one instruction-by-instruction
// execution reaches (a later instruction of the block could fail first with more gas), so the
// block's unspent gas is given back and the checking loop runs the instruction again; the failing
// paths change neither the stack nor the gas before they get here.
#define FAIL(STATUS)                                     \
  do {                                                   \
    status = (STATUS);                                   \
    if constexpr (kFast) {                               \
      if ((STATUS) != StatusCode::kSuccess) goto unwind; \
    }                                                    \
    goto done;                                           \
  } while (0)
// The frame ends with STATUS, final in both loops: success, or a failure reported by an
// instruction that ends its block (so the fast gas is the checking loop's), possibly after it
// reached the Host.
#define END_FRAME(STATUS) \
  do {                    \
    status = (STATUS);    \
    goto done;            \
  } while (0)
// Runs an out-of-line instruction taking the gas by reference; a local copy keeps `gas` itself
// from escaping to memory. Every such instruction ends its block.
#define RUN_WITH_GAS(OP, EXPR)                                                \
  do {                                                                        \
    static_assert(kOpTraits[OP].ends_block);                                  \
    std::int64_t g = gas;                                                     \
    if (const StatusCode s = (EXPR); s != StatusCode::kSuccess) END_FRAME(s); \
    gas = g;                                                                  \
  } while (0)
#define BINARY(HEX, EXPR)      \
  op_##HEX : {                 \
    CHECK(0x##HEX);            \
    const uint256& a = sp[-1]; \
    const uint256& b = sp[-2]; \
    sp[-2] = (EXPR);           \
    NEXT(0x##HEX, 1);          \
  }
#define REQUIRE_REV(REV) \
  if (f.rev < (REV)) FAIL(StatusCode::kUndefinedInstruction)
#define PUSH_CONTEXT(HEX)                    \
  op_##HEX : {                               \
    CHECK(0x##HEX);                          \
    instr::tx_context_value(f, sp, 0x##HEX); \
    NEXT(0x##HEX, 1);                        \
  }
#define PUSH_OP(N, HEX)           \
  op_##HEX : {                    \
    CHECK(0x##HEX);               \
    sp[0] = load_push<N>(pc + 1); \
    NEXT(0x##HEX, (N) + 1);       \
  }
#define DUP_OP(N, HEX) \
  op_##HEX : {         \
    CHECK(0x##HEX);    \
    sp[0] = sp[-(N)];  \
    NEXT(0x##HEX, 1);  \
  }
#define SWAP_OP(N, HEX)              \
  op_##HEX : {                       \
    CHECK(0x##HEX);                  \
    std::swap(sp[-1], sp[-1 - (N)]); \
    NEXT(0x##HEX, 1);                \
  }
#define LOG_OP(N, HEX)                              \
  op_##HEX : {                                      \
    CHECK(0x##HEX);                                 \
    RUN_WITH_GAS(0x##HEX, instr::log(f, sp, g, N)); \
    NEXT(0x##HEX, 1);                               \
  }
// MLOAD, MSTORE and MSTORE8: SIZE bytes at the offset in sp[-1], addressed as `at` in BODY. The
// common case (already addressable) runs BODY in its own copy, so its values need not survive the
// growth path's calls: with one shared tail GCC reloaded the offset from the stack on every MLOAD
// (callgrind). The failures jump to one out_of_gas block; a FAIL(kOutOfGas) per site made GCC
// load the status into a register before each check, on the common path.
#define MEMORY_ACCESS(HEX, SIZE, BODY)                                                \
  op_##HEX : {                                                                        \
    CHECK(0x##HEX);                                                                   \
    if (!fits_uint64(sp[-1]) || sp[-1].limb(0) > Memory::kMaxMemory) goto out_of_gas; \
    const std::uint64_t end = sp[-1].limb(0) + (SIZE);                                \
    if (end <= f.memory.size()) [[likely]] {                                          \
      Byte* const at = f.memory.data() + (end - (SIZE));                              \
      BODY;                                                                           \
      NEXT(0x##HEX, 1);                                                               \
    }                                                                                 \
    std::int64_t g = gas;                                                             \
    if (!grow_memory_into(f, g, end)) goto out_of_gas;                                \
    gas = g;                                                                          \
    Byte* const at = f.memory.data() + (end - (SIZE));                                \
    BODY;                                                                             \
    NEXT(0x##HEX, 1);                                                                 \
  }
#define HOST_OP(HEX, EXPR)       \
  op_##HEX : {                   \
    CHECK(0x##HEX);              \
    RUN_WITH_GAS(0x##HEX, EXPR); \
    NEXT(0x##HEX, 1);            \
  }

  if constexpr (kFast) ENTER_BLOCK();
dispatch:
  if constexpr (kTraced) trace_step(f, pc, gas, bottom, sp);
  goto* kTable[*pc];

op_00:
  END_FRAME(StatusCode::kSuccess);
  BINARY(01, a + b)
  BINARY(02, a * b)
  BINARY(03, a - b)
  BINARY(04, a / b)
  BINARY(05, sdiv(a, b))
  BINARY(06, a % b)
  BINARY(07, smod(a, b))
op_08 : {
  CHECK(0x08);
  if (const std::uint64_t mask = low_power_of_two_mask(sp[-3]))
    sp[-3] = (sp[-1].limb(0) + sp[-2].limb(0)) & mask;
  else
    sp[-3] = addmod(sp[-1], sp[-2], sp[-3]);
  NEXT(0x08, 1);
}
op_09 : {
  CHECK(0x09);
  if (const std::uint64_t mask = low_power_of_two_mask(sp[-3]))
    sp[-3] = (sp[-1].limb(0) * sp[-2].limb(0)) & mask;
  else
    sp[-3] = mulmod(sp[-1], sp[-2], sp[-3]);
  NEXT(0x09, 1);
}
op_0a : {
  CHECK(0x0a);
  if (const std::int64_t cost = 50 * static_cast<std::int64_t>(byte_width(sp[-2])); cost <= gas)
    gas -= cost;
  else
    FAIL(StatusCode::kOutOfGas);
  sp[-2] = exp(sp[-1], sp[-2]);
  NEXT(0x0a, 1);
}
op_0b : {
  CHECK(0x0b);
  if (fits_uint64(sp[-1]) && sp[-1].limb(0) < 31)
    signextend_in_place(static_cast<unsigned>(sp[-1].limb(0)), sp[-2]);
  NEXT(0x0b, 1);
}
  BINARY(10, a < b ? 1 : 0)
  BINARY(11, a > b ? 1 : 0)
  BINARY(12, slt(a, b) ? 1 : 0)
  BINARY(13, sgt(a, b) ? 1 : 0)
  BINARY(14, a == b ? 1 : 0)
op_15 : {
  CHECK(0x15);
  sp[-1] = sp[-1].is_zero() ? 1 : 0;
  NEXT(0x15, 1);
}
  BINARY(16, a & b)
  BINARY(17, a | b)
  BINARY(18, a ^ b)
op_19 : {
  CHECK(0x19);
  sp[-1] = ~sp[-1];
  NEXT(0x19, 1);
}
  BINARY(1a, byte_of(a, b))
  BINARY(1b, b << a)
  BINARY(1c, b >> a)
  BINARY(1d, sar(a, b))
op_1e : {  // CLZ (EIP-7939): 256 for zero
  REQUIRE_REV(Revision::kOsaka);
  CHECK(0x1e);
  sp[-1] = 256 - bit_width(sp[-1]);
  NEXT(0x1e, 1);
}
  HOST_OP(20, instr::keccak256(f, sp, g))
op_30 : {
  CHECK(0x30);
  sp[0] = from_address(msg.recipient);
  NEXT(0x30, 1);
}
  HOST_OP(31, instr::balance(f, sp, g))
  PUSH_CONTEXT(32)
op_33 : {
  CHECK(0x33);
  sp[0] = from_address(msg.sender);
  NEXT(0x33, 1);
}
op_34 : {
  CHECK(0x34);
  sp[0] = from_bytes32(msg.value);
  NEXT(0x34, 1);
}
op_35 : {
  CHECK(0x35);
  const std::size_t size = msg.input.size();
  // A whole word inside the input, inline (Solidity reads every argument this way).
  if (fits_uint64(sp[-1]) && size >= 32 && sp[-1].limb(0) <= size - 32) [[likely]]
    sp[-1] = load_be32(msg.input.data() + sp[-1].limb(0));
  else
    sp[-1] = calldata_word_slow(msg.input, sp[-1]);
  NEXT(0x35, 1);
}
op_36 : {
  CHECK(0x36);
  sp[0] = static_cast<std::uint64_t>(msg.input.size());
  NEXT(0x36, 1);
}
  HOST_OP(37, instr::calldatacopy(f, sp, g))
op_38 : {
  CHECK(0x38);
  sp[0] = static_cast<std::uint64_t>(f.code->size);
  NEXT(0x38, 1);
}
  HOST_OP(39, instr::codecopy(f, sp, g))
  PUSH_CONTEXT(3a)
  HOST_OP(3b, instr::extcodesize(f, sp, g))
  HOST_OP(3c, instr::extcodecopy(f, sp, g))
op_3d : {
  CHECK(0x3d);
  sp[0] = static_cast<std::uint64_t>(f.return_data.size());
  NEXT(0x3d, 1);
}
  HOST_OP(3e, instr::returndatacopy(f, sp, g))
  HOST_OP(3f, instr::extcodehash(f, sp, g))
op_40 : {
  CHECK(0x40);
  instr::blockhash(f, sp);
  NEXT(0x40, 1);
}
  PUSH_CONTEXT(41)
  PUSH_CONTEXT(42)
  PUSH_CONTEXT(43)
  PUSH_CONTEXT(44)
  PUSH_CONTEXT(45)
  PUSH_CONTEXT(46)
op_47 : {
  CHECK(0x47);
  instr::selfbalance(f, sp);
  NEXT(0x47, 1);
}
  PUSH_CONTEXT(48)
op_49 : {
  REQUIRE_REV(Revision::kCancun);
  CHECK(0x49);
  instr::blobhash(f, sp);
  NEXT(0x49, 1);
}
op_4a : {
  REQUIRE_REV(Revision::kCancun);
  CHECK(0x4a);
  instr::tx_context_value(f, sp, 0x4a);
  NEXT(0x4a, 1);
}
op_50 : {
  CHECK(0x50);
  NEXT(0x50, 1);
}
  MEMORY_ACCESS(51, 32, sp[-1] = load_be32(at))
  MEMORY_ACCESS(52, 32, store_be32(at, sp[-2]))
  MEMORY_ACCESS(53, 1, *at = static_cast<Byte>(sp[-2].limb(0)))
  HOST_OP(54, instr::sload(f, sp, g))
  HOST_OP(55, instr::sstore(f, sp, g))
op_56 : {
  CHECK(0x56);
  // Only jumps make loops: polling the thread's time budget here bounds every execution.
  if (deadline::expired()) [[unlikely]]
    END_FRAME(StatusCode::kInternalError);
  if (!fits_uint64(sp[-1])) END_FRAME(StatusCode::kBadJumpDestination);
  sp -= 1;
  JUMP_TO(sp[0].limb(0));
}
op_57 : {
  CHECK(0x57);
  if (!sp[-2].is_zero()) {
    if (deadline::expired()) [[unlikely]]
      END_FRAME(StatusCode::kInternalError);
    if (!fits_uint64(sp[-1])) END_FRAME(StatusCode::kBadJumpDestination);
    sp -= 2;
    JUMP_TO(sp[1].limb(0));
  }
  NEXT(0x57, 1);
}
op_58 : {
  CHECK(0x58);
  sp[0] = static_cast<std::uint64_t>(pc - code);
  NEXT(0x58, 1);
}
op_59 : {
  CHECK(0x59);
  sp[0] = static_cast<std::uint64_t>(f.memory.size());
  NEXT(0x59, 1);
}
op_5a : {
  CHECK(0x5a);
  sp[0] = static_cast<std::uint64_t>(gas);
  NEXT(0x5a, 1);
}
op_5b : {
  CHECK(0x5b);
  if constexpr (kFast) {
    // JUMPDESTs do not end blocks: the block's entry has charged the whole run.
    pc = skip_jumpdests(pc + 1);
    DISPATCH();
  }
  NEXT(0x5b, 1);
}
op_5c : {
  REQUIRE_REV(Revision::kCancun);
  CHECK(0x5c);
  instr::tload(f, sp);
  NEXT(0x5c, 1);
}
op_5d : {
  REQUIRE_REV(Revision::kCancun);
  CHECK(0x5d);
  static_assert(kOpTraits[0x5d].ends_block);
  if (const StatusCode s = instr::tstore(f, sp); s != StatusCode::kSuccess) END_FRAME(s);
  NEXT(0x5d, 1);
}
op_5e : {
  REQUIRE_REV(Revision::kCancun);
  CHECK(0x5e);
  RUN_WITH_GAS(0x5e, instr::mcopy(f, sp, g));
  NEXT(0x5e, 1);
}
op_5f : {
  REQUIRE_REV(Revision::kShanghai);
  CHECK(0x5f);
  sp[0] = 0;
  NEXT(0x5f, 1);
}
  PUSH_OP(1, 60)
op_61 : {
  // PUSH2 then JUMP or JUMPI: how Solidity and Vyper code jumps to a label. Fast, the two are one
  // instruction (the block's entry has checked both, the jump ends the block) and the item is
  // never written.
  if constexpr (kFast) {
    if (pc[3] == kJump) {
      if (deadline::expired()) [[unlikely]]
        END_FRAME(StatusCode::kInternalError);
      JUMP_TO((std::uint64_t{pc[1]} << 8) | pc[2]);
    }
    if (pc[3] == kJumpi) {
      sp -= 1;
      if (sp[0].is_zero()) {
        pc += 4;
        ENTER_BLOCK();
        DISPATCH();
      }
      if (deadline::expired()) [[unlikely]]
        END_FRAME(StatusCode::kInternalError);
      JUMP_TO((std::uint64_t{pc[1]} << 8) | pc[2]);
    }
  }
  CHECK(0x61);
  sp[0] = load_push<2>(pc + 1);
  NEXT(0x61, 3);
}
  PUSH_OP(3, 62)
  PUSH_OP(4, 63)
  PUSH_OP(5, 64)
  PUSH_OP(6, 65)
  PUSH_OP(7, 66)
  PUSH_OP(8, 67)
  PUSH_OP(9, 68)
  PUSH_OP(10, 69)
  PUSH_OP(11, 6a)
  PUSH_OP(12, 6b)
  PUSH_OP(13, 6c)
  PUSH_OP(14, 6d)
  PUSH_OP(15, 6e)
  PUSH_OP(16, 6f)
  PUSH_OP(17, 70)
  PUSH_OP(18, 71)
  PUSH_OP(19, 72)
  PUSH_OP(20, 73)
  PUSH_OP(21, 74)
  PUSH_OP(22, 75)
  PUSH_OP(23, 76)
  PUSH_OP(24, 77)
  PUSH_OP(25, 78)
  PUSH_OP(26, 79)
  PUSH_OP(27, 7a)
  PUSH_OP(28, 7b)
  PUSH_OP(29, 7c)
  PUSH_OP(30, 7d)
  PUSH_OP(31, 7e)
  PUSH_OP(32, 7f)
  DUP_OP(1, 80)
  DUP_OP(2, 81)
  DUP_OP(3, 82)
  DUP_OP(4, 83)
  DUP_OP(5, 84)
  DUP_OP(6, 85)
  DUP_OP(7, 86)
  DUP_OP(8, 87)
  DUP_OP(9, 88)
  DUP_OP(10, 89)
  DUP_OP(11, 8a)
  DUP_OP(12, 8b)
  DUP_OP(13, 8c)
  DUP_OP(14, 8d)
  DUP_OP(15, 8e)
  DUP_OP(16, 8f)
  SWAP_OP(1, 90)
  SWAP_OP(2, 91)
  SWAP_OP(3, 92)
  SWAP_OP(4, 93)
  SWAP_OP(5, 94)
  SWAP_OP(6, 95)
  SWAP_OP(7, 96)
  SWAP_OP(8, 97)
  SWAP_OP(9, 98)
  SWAP_OP(10, 99)
  SWAP_OP(11, 9a)
  SWAP_OP(12, 9b)
  SWAP_OP(13, 9c)
  SWAP_OP(14, 9d)
  SWAP_OP(15, 9e)
  SWAP_OP(16, 9f)
  LOG_OP(0, a0)
  LOG_OP(1, a1)
  LOG_OP(2, a2)
  LOG_OP(3, a3)
  LOG_OP(4, a4)
  HOST_OP(f0, instr::create(f, sp, g, false))
  HOST_OP(f1, instr::call(f, sp, g, kCall))
  HOST_OP(f2, instr::call(f, sp, g, kCallcode))
  HOST_OP(f4, instr::call(f, sp, g, kDelegatecall))
  HOST_OP(f5, instr::create(f, sp, g, true))
  HOST_OP(fa, instr::call(f, sp, g, kStaticcall))
op_f3 : {
  CHECK(0xf3);
  status = StatusCode::kSuccess;
  goto output;
}
op_fd : {
  CHECK(0xfd);
  status = StatusCode::kRevert;
  goto output;
}
op_fe:
  FAIL(StatusCode::kInvalidInstruction);
op_ff : {
  CHECK(0xff);
  RUN_WITH_GAS(0xff, instr::selfdestruct(f, sp, g));
  END_FRAME(StatusCode::kSuccess);
}
undef:
  FAIL(StatusCode::kUndefinedInstruction);
out_of_gas:
  FAIL(StatusCode::kOutOfGas);

output:
  // RETURN and REVERT: the output is memory[offset, offset + size).
  if (!check_memory(f, gas, sp[-1], sp[-2])) END_FRAME(StatusCode::kOutOfGas);
  if (!sp[-2].is_zero()) {
    f.output_offset = static_cast<std::size_t>(sp[-1].limb(0));
    f.output_size = static_cast<std::size_t>(sp[-2].limb(0));
  }
done:
  if constexpr (kTraced) f.tracer->on_frame_end(msg.depth, status, gas);
  return {status, gas};
unwind:
  __attribute__((unused));
  if constexpr (kFast) gas += block_gas_from(*f.code, pc - code);
hand_over:
  __attribute__((unused));
  if constexpr (kFast) return run<false, false>(f, gas, pc - code, sp - bottom);
  return {status, gas};  // not reached

#undef CHECK
#undef NEXT
#undef DISPATCH
#undef FAIL
#undef END_FRAME
#undef ENTER_BLOCK
#undef ENTER_WITH
#undef JUMP_TO
#undef RUN_WITH_GAS
#undef BINARY
#undef REQUIRE_REV
#undef PUSH_CONTEXT
#undef PUSH_OP
#undef DUP_OP
#undef SWAP_OP
#undef LOG_OP
#undef HOST_OP
#undef MEMORY_ACCESS
}

// Frames are reused per thread: a free list, not a per-depth array, so that re-entrant use at the
// same depth (a host running another EVM call from inside one) stays correct.
class FramePool {
 public:
  std::unique_ptr<Frame> acquire() {
    if (free_.empty()) return std::make_unique<Frame>();
    std::unique_ptr<Frame> f = std::move(free_.back());
    free_.pop_back();
    return f;
  }
  void release(std::unique_ptr<Frame> f) {
    f->memory.reset();
    f->return_data.clear();
    f->tx.reset();
    free_.push_back(std::move(f));
  }

 private:
  std::vector<std::unique_ptr<Frame>> free_;
};

thread_local FramePool frame_pool;

}  // namespace

ExecResult execute(Host& host, Revision rev, const Message& msg, const AnalyzedCode& code) {
  std::unique_ptr<Frame> f = frame_pool.acquire();
  f->host = &host;
  f->msg = &msg;
  f->rev = rev;
  f->code = &code;
  f->gas_refund = 0;
  f->output_offset = 0;
  f->output_size = 0;
  f->tracer = host.tracer();
  const Outcome out = f->tracer != nullptr ? run<true, false>(*f, msg.gas, 0, 0)
                                           : run<false, true>(*f, msg.gas, 0, 0);

  ExecResult result;
  result.status = out.status;
  if (out.status == StatusCode::kSuccess || out.status == StatusCode::kRevert) {
    result.gas_left = out.gas;
    if (f->output_size != 0)
      result.output.assign(f->memory.data() + f->output_offset,
                           f->memory.data() + f->output_offset + f->output_size);
  }
  if (out.status == StatusCode::kSuccess) result.gas_refund = f->gas_refund;
  frame_pool.release(std::move(f));
  return result;
}

ExecResult execute(Host& host, Revision rev, const Message& msg, BytesView code) {
  return execute(host, rev, msg, analyze(code));
}

}  // namespace plexus::evm
