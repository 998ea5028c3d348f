// The dispatch loop. Every value is a 64-bit slot; a frame's locals start at fp and its operand
// stack follows them. Traps leave the loop through one exit, no exceptions; calls do not recurse
// natively, so call depth is limited by RuntimeLimits only.
#include "wasm/interpreter.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/deadline.hpp"
#include "wasm/numeric.hpp"
#include "wasm/opcode_list.inc"

namespace plexus::wasm {
namespace {
using u32 = std::uint32_t;
using i32 = std::int32_t;
using u64 = std::uint64_t;
using i64 = std::int64_t;
using f32 = float;
using f64 = double;
}  // namespace

Trap Interpreter::call_host(FunctionInstance* f, std::uint64_t* args, std::uint64_t* end) {
  const std::size_t np = f->type.params.size(), nr = f->type.results.size();
  if (args + std::max(np, nr) > end) return Trap::kCallStackExhausted;
  // Results overwrite the arguments' slots, so the host sees a copy of the arguments.
  s_.host_scratch_.assign(args, args + np);
  return f->host(s_.host_scratch_, std::span<std::uint64_t>(args, nr));
}

Trap Interpreter::run(FunctionInstance* f, std::uint64_t* base) {
  u64* const stack_end = s_.stack_.get() + s_.limits_.max_stack_slots;
  if (!f->code) return call_host(f, base, stack_end);
  CallFrame* const frames = s_.frames_.get();
  const u32 max_depth = s_.limits_.max_call_depth;
  u32 depth = 0;
  u64 gas = s_.gas_;
  Trap trap = Trap::kNone;
  ModuleInstance* inst = nullptr;
  const Instr* pc = nullptr;
  u64* fp = base;
  u64* sp = base;
  std::uint8_t* mem = nullptr;
  u64 mem_size = 0;
  GlobalInstance* const* globals = nullptr;
  FunctionInstance* callee = f;
  // Built per call (a few hundred stores): label addresses exist only inside this function.
  void* table[op::kCount];
  for (auto& entry : table) entry = &&op_invalid;
#define PLEXUS_WASM_TABLE_ENTRY(n) table[n] = &&op_##n;
  PLEXUS_WASM_OPCODES(PLEXUS_WASM_TABLE_ENTRY)
#undef PLEXUS_WASM_TABLE_ENTRY

#define TRAP(t)     \
  do {              \
    trap = (t);     \
    goto trapped;   \
  } while (0)
// Token-threaded dispatch (GNU labels as values, supported by GCC and clang): every handler ends
// in its own indirect jump, which branch predictors handle far better than one shared switch.
#define OPCODE(n) op_##n:
#define DISPATCH() goto* table[pc->op]
#define NEXT()      \
  do {              \
    ++pc;           \
    DISPATCH();     \
  } while (0)
#define BRANCH()                              \
  do {                                        \
    pc += static_cast<std::int32_t>(pc->a);   \
    DISPATCH();                               \
  } while (0)
#define RELOAD()                                         \
  do {                                                   \
    MemoryInstance* m0 = inst->memory0;                  \
    mem = m0 ? m0->data.data() : nullptr;                \
    mem_size = m0 ? m0->data.size() : 0;                 \
    globals = inst->globals.data();                      \
  } while (0)
#define UN(T, expr)                            \
  {                                            \
    const T a = num::from_slot<T>(sp[-1]);     \
    sp[-1] = num::to_slot(expr);               \
    NEXT();                                    \
  }
#define BIN(T, expr)                           \
  {                                            \
    const T b = num::from_slot<T>(sp[-1]);     \
    const T a = num::from_slot<T>(sp[-2]);     \
    --sp;                                      \
    sp[-1] = num::to_slot(expr);               \
    NEXT();                                    \
  }
#define TRUNC(F, I)                                                          \
  {                                                                          \
    I r;                                                                     \
    switch (num::trunc_checked<I>(num::from_slot<F>(sp[-1]), r)) {           \
      case num::TruncStatus::kNaN: TRAP(Trap::kInvalidConversion);           \
      case num::TruncStatus::kOverflow: TRAP(Trap::kIntegerOverflow);        \
      case num::TruncStatus::kOk: break;                                     \
    }                                                                        \
    sp[-1] = num::to_slot(r);                                                \
    NEXT();                                                                  \
  }
#define EFFECTIVE(slot, n)                                         \
  const u64 ea = static_cast<u64>(static_cast<u32>(slot)) + pc->a; \
  if (ea + (n) > mem_size) TRAP(Trap::kMemoryOutOfBounds)
#define LOAD(T, conv)              \
  {                                \
    EFFECTIVE(sp[-1], sizeof(T));  \
    T v;                           \
    std::memcpy(&v, mem + ea, sizeof(T)); \
    sp[-1] = (conv);               \
    NEXT();                        \
  }
#define STORE(T)                   \
  {                                \
    EFFECTIVE(sp[-2], sizeof(T));  \
    const T v = static_cast<T>(sp[-1]); \
    std::memcpy(mem + ea, &v, sizeof(T)); \
    sp -= 2;                       \
    NEXT();                        \
  }

enter : {
  // fp points at the callee's arguments; set up its locals and start at its first instruction.
  const CompiledFunction* code = callee->code;
  if (fp + code->max_height > stack_end) TRAP(Trap::kCallStackExhausted);
  std::fill(fp + code->num_params, fp + code->num_locals, u64{0});
  sp = fp + code->num_locals;
  pc = code->code.data();
  if (inst != callee->module) {
    inst = callee->module;
    RELOAD();
  }
}
  DISPATCH();
  {
    OPCODE(0x00) /* kUnreachable */
      TRAP(Trap::kUnreachable);
    OPCODE(0x0F) /* kReturn */ {
      // Results move down to the frame base; a forward copy is safe as fp <= sp - n.
      const u32 n = pc->a;
      const u64* src = sp - n;
      for (u32 i = 0; i < n; ++i) fp[i] = src[i];
      sp = fp + n;
      if (depth == 0) goto done;
      const CallFrame& fr = frames[--depth];
      pc = fr.pc;
      fp = fr.fp;
      inst = fr.inst;
      RELOAD();  // the callee may have grown the memory
      DISPATCH();
    }
    OPCODE(0x10) /* kCall */
      callee = inst->funcs[pc->a];
      goto do_call;
    OPCODE(0x11) /* kCallIndirect */ {
      const TableInstance* table = inst->tables[pc->b];
      const u32 idx = static_cast<u32>(*--sp);
      if (idx >= table->elems.size()) TRAP(Trap::kUndefinedElement);
      const u64 ref = table->elems[idx];
      if (ref == kNullRef) TRAP(Trap::kUninitializedElement);
      callee = reinterpret_cast<FunctionInstance*>(ref);
      if (callee->type_id != inst->type_ids[pc->a]) TRAP(Trap::kIndirectCallTypeMismatch);
      goto do_call;
    }
    OPCODE(0x1A) /* kDrop */
      --sp;
      NEXT();
    OPCODE(0x1B) /* kSelect */ {
      const u32 c = static_cast<u32>(sp[-1]);
      sp -= 2;
      if (!c) sp[-1] = sp[0];
      NEXT();
    }
    OPCODE(0x20) /* kLocalGet */
      *sp++ = fp[pc->a];
      NEXT();
    OPCODE(0x21) /* kLocalSet */
      fp[pc->a] = *--sp;
      NEXT();
    OPCODE(0x22) /* kLocalTee */
      fp[pc->a] = sp[-1];
      NEXT();
    OPCODE(0x23) /* kGlobalGet */
      *sp++ = globals[pc->a]->value;
      NEXT();
    OPCODE(0x24) /* kGlobalSet */
      globals[pc->a]->value = *--sp;
      NEXT();
    OPCODE(0x25) /* kTableGet */ {
      const auto& elems = inst->tables[pc->a]->elems;
      const u32 i = static_cast<u32>(sp[-1]);
      if (i >= elems.size()) TRAP(Trap::kTableOutOfBounds);
      sp[-1] = elems[i];
      NEXT();
    }
    OPCODE(0x26) /* kTableSet */ {
      auto& elems = inst->tables[pc->a]->elems;
      const u32 i = static_cast<u32>(sp[-2]);
      if (i >= elems.size()) TRAP(Trap::kTableOutOfBounds);
      elems[i] = sp[-1];
      sp -= 2;
      NEXT();
    }
    OPCODE(0x28) LOAD(u32, v)
    OPCODE(0x29) LOAD(u64, v)
    OPCODE(0x2A) LOAD(u32, v)
    OPCODE(0x2B) LOAD(u64, v)
    OPCODE(0x2C) LOAD(std::int8_t, static_cast<u32>(static_cast<i32>(v)))
    OPCODE(0x2D) LOAD(std::uint8_t, v)
    OPCODE(0x2E) LOAD(std::int16_t, static_cast<u32>(static_cast<i32>(v)))
    OPCODE(0x2F) LOAD(std::uint16_t, v)
    OPCODE(0x30) LOAD(std::int8_t, static_cast<u64>(static_cast<i64>(v)))
    OPCODE(0x31) LOAD(std::uint8_t, v)
    OPCODE(0x32) LOAD(std::int16_t, static_cast<u64>(static_cast<i64>(v)))
    OPCODE(0x33) LOAD(std::uint16_t, v)
    OPCODE(0x34) LOAD(std::int32_t, static_cast<u64>(static_cast<i64>(v)))
    OPCODE(0x35) LOAD(u32, v)
    OPCODE(0x36) STORE(u32)
    OPCODE(0x37) STORE(u64)
    OPCODE(0x38) STORE(u32)
    OPCODE(0x39) STORE(u64)
    OPCODE(0x3A) STORE(std::uint8_t)
    OPCODE(0x3B) STORE(std::uint16_t)
    OPCODE(0x3C) STORE(std::uint8_t)
    OPCODE(0x3D) STORE(std::uint16_t)
    OPCODE(0x3E) STORE(u32)
    OPCODE(0x3F) /* kMemorySize */
      *sp++ = mem_size / kPageSize;
      NEXT();
    OPCODE(0x40) /* kMemoryGrow */ {
      const u32 delta = static_cast<u32>(sp[-1]);
      const bool metered = inst->compiled->options.metering;
      const u64 cost = metered ? delta * inst->compiled->options.gas.memory_page : 0;
      if (cost > gas) TRAP(Trap::kOutOfGas);
      const std::int64_t old = s_.grow_memory(*inst->memory0, delta);
      if (old >= 0) gas -= cost;
      sp[-1] = static_cast<u32>(old);
      RELOAD();
      NEXT();
    }
#include "wasm/interp_numeric.inc"
    OPCODE(0xD1) /* kRefIsNull */
      sp[-1] = sp[-1] == kNullRef ? 1 : 0;
      NEXT();
    OPCODE(0xD2) /* kRefFunc */
      *sp++ = reinterpret_cast<std::uintptr_t>(inst->funcs[pc->a]);
      NEXT();
    OPCODE(0xE0) /* kConst */
      *sp++ = pc->b;
      NEXT();
    OPCODE(0xE1) /* kJump */
      BRANCH();
    OPCODE(0xE2) /* kJumpIf */
      if (static_cast<u32>(*--sp)) BRANCH();
      NEXT();
    OPCODE(0xE3) /* kJumpUnless */
      if (!static_cast<u32>(*--sp)) BRANCH();
      NEXT();
    OPCODE(0xE5) /* kBrIf */
      if (!static_cast<u32>(*--sp)) NEXT();
    OPCODE(0xE4) /* kBr */ {
      const u32 n = static_cast<u32>(pc->b >> 32);
      u64* dst = fp + static_cast<u32>(pc->b);
      const u64* src = sp - n;
      for (u32 i = 0; i < n; ++i) dst[i] = src[i];  // forward: dst is below src
      sp = dst + n;
      BRANCH();
    }
    OPCODE(0xE6) /* kBrTable */ {
      u32 idx = static_cast<u32>(*--sp);
      if (idx > pc->a) idx = pc->a;
      pc += 1 + idx;
      DISPATCH();
    }
    OPCODE(0xE8) /* kGas */
      // Charged per basic block, so every loop also polls the thread's time budget
      // (core/deadline.hpp): a call past it stops as if out of gas.
      if (pc->a > gas || deadline::expired()) TRAP(Trap::kOutOfGas);
      gas -= pc->a;
      NEXT();
    OPCODE(0xE9) /* kCanonF32 */
      if (std::isnan(num::from_slot<f32>(sp[-1]))) sp[-1] = 0x7FC00000u;
      NEXT();
    OPCODE(0xEA) /* kCanonF64 */
      if (std::isnan(num::from_slot<f64>(sp[-1]))) sp[-1] = 0x7FF8000000000000ull;
      NEXT();
#include "wasm/interp_bulk.inc"
#include "wasm/interp_fused.inc"
  op_invalid:
    TRAP(Trap::kUnreachable);  // the compiler never emits other opcodes
  }

do_call : {
  const std::size_t np = callee->type.params.size();
  u64* args = sp - np;
  if (!callee->code) {
    s_.gas_ = gas;  // the host function may charge gas through the store
    trap = call_host(callee, args, stack_end);
    gas = s_.gas_;
    if (trap != Trap::kNone) goto trapped;
    sp = args + callee->type.results.size();
    RELOAD();
    NEXT();
  }
  if (depth + 1 >= max_depth) TRAP(Trap::kCallStackExhausted);
  frames[depth++] = CallFrame{pc + 1, fp, inst};
  fp = args;
  goto enter;
}

trapped:
  s_.gas_ = gas;
  return trap;
done:
  s_.gas_ = gas;
  return Trap::kNone;
#undef TRAP
#undef OPCODE
#undef DISPATCH
#undef NEXT
#undef BRANCH
#undef RELOAD
#undef UN
#undef BIN
#undef TRUNC
#undef EFFECTIVE
#undef LOAD
#undef STORE
}

}  // namespace plexus::wasm
