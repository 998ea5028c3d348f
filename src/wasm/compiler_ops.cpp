// Non-control instructions: their typing rules, gas class and internal encoding.
#include "wasm/function_compiler.hpp"

namespace plexus::wasm::detail {
namespace {

struct Sig {
  Ty in1 = kUnknownTy;
  Ty in2 = kUnknownTy;  // kUnknownTy: unary
  Ty out = kUnknownTy;
  bool valid = false;
};

constexpr Sig unary(Ty in, Ty out) { return {in, kUnknownTy, out, true}; }
constexpr Sig binary(Ty in, Ty out) { return {in, in, out, true}; }

// Signatures of the numeric opcodes 0x45..0xC4.
Sig numeric_sig(std::uint8_t op) {
  using enum Ty;
  if (op == 0x45) return unary(kI32, kI32);
  if (op >= 0x46 && op <= 0x4F) return binary(kI32, kI32);
  if (op == 0x50) return unary(kI64, kI32);
  if (op >= 0x51 && op <= 0x5A) return binary(kI64, kI32);
  if (op >= 0x5B && op <= 0x60) return binary(kF32, kI32);
  if (op >= 0x61 && op <= 0x66) return binary(kF64, kI32);
  if (op >= 0x67 && op <= 0x69) return unary(kI32, kI32);
  if (op >= 0x6A && op <= 0x78) return binary(kI32, kI32);
  if (op >= 0x79 && op <= 0x7B) return unary(kI64, kI64);
  if (op >= 0x7C && op <= 0x8A) return binary(kI64, kI64);
  if (op >= 0x8B && op <= 0x91) return unary(kF32, kF32);
  if (op >= 0x92 && op <= 0x98) return binary(kF32, kF32);
  if (op >= 0x99 && op <= 0x9F) return unary(kF64, kF64);
  if (op >= 0xA0 && op <= 0xA6) return binary(kF64, kF64);
  if (op >= 0xC0 && op <= 0xC1) return unary(kI32, kI32);
  if (op >= 0xC2 && op <= 0xC4) return unary(kI64, kI64);
  static constexpr Sig kConversions[] = {
      unary(kI64, kI32),                                        // A7 i32.wrap_i64
      unary(kF32, kI32), unary(kF32, kI32),                     // A8 A9 i32.trunc_f32
      unary(kF64, kI32), unary(kF64, kI32),                     // AA AB i32.trunc_f64
      unary(kI32, kI64), unary(kI32, kI64),                     // AC AD i64.extend_i32
      unary(kF32, kI64), unary(kF32, kI64),                     // AE AF i64.trunc_f32
      unary(kF64, kI64), unary(kF64, kI64),                     // B0 B1 i64.trunc_f64
      unary(kI32, kF32), unary(kI32, kF32),                     // B2 B3 f32.convert_i32
      unary(kI64, kF32), unary(kI64, kF32),                     // B4 B5 f32.convert_i64
      unary(kF64, kF32),                                        // B6 f32.demote_f64
      unary(kI32, kF64), unary(kI32, kF64),                     // B7 B8 f64.convert_i32
      unary(kI64, kF64), unary(kI64, kF64),                     // B9 BA f64.convert_i64
      unary(kF32, kF64),                                        // BB f64.promote_f32
      unary(kF32, kI32), unary(kF64, kI64),                     // BC BD reinterpret to int
      unary(kI32, kF32), unary(kI64, kF64),                     // BE BF reinterpret to float
  };
  if (op >= 0xA7 && op <= 0xBF) return kConversions[op - 0xA7];
  return {};
}

// Float operations whose NaN results differ between machines (sign and payload).
bool produces_nan(std::uint8_t op) {
  return (op >= 0x8D && op <= 0x97) || (op >= 0x9B && op <= 0xA5) || op == 0xB6 || op == 0xBB;
}

bool is_division(std::uint8_t op) {
  return (op >= 0x6D && op <= 0x70) || (op >= 0x7F && op <= 0x82);
}

bool is_float(std::uint8_t op) {
  return (op >= 0x5B && op <= 0x66) || (op >= 0x8B && op <= 0xA6) ||
         (op >= 0xA8 && op <= 0xBB && op != 0xAC && op != 0xAD);
}

// log2 of the access size of loads and stores 0x28..0x3E (their natural alignment).
constexpr std::uint8_t kNaturalAlign[] = {2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2,
                                          2, 3, 2, 3, 0, 1, 0, 1, 2};
constexpr Ty kMemType[] = {Ty::kI32, Ty::kI64, Ty::kF32, Ty::kF64, Ty::kI32, Ty::kI32,
                           Ty::kI32, Ty::kI32, Ty::kI64, Ty::kI64, Ty::kI64, Ty::kI64,
                           Ty::kI64, Ty::kI64, Ty::kI32, Ty::kI64, Ty::kF32, Ty::kF64,
                           Ty::kI32, Ty::kI32, Ty::kI64, Ty::kI64, Ty::kI64};

}  // namespace

Result<void> FunctionCompiler::simple_op(std::uint8_t opcode) {
  const GasSchedule& gas = options_.gas;
  switch (opcode) {
    case 0x1A:
      PLEXUS_CHECK(pop());
      emit(op::kDrop);
      return {};
    case 0x1B: {
      PLEXUS_CHECK(pop(Ty::kI32));
      PLEXUS_TRY(const Ty t1, pop());
      PLEXUS_TRY(const Ty t2, pop());
      if (is_ref(t1) || is_ref(t2) || t1 == Ty::kV128 || t2 == Ty::kV128)
        return invalid("type mismatch (select needs a numeric type)");
      if (t1 != t2 && t1 != kUnknownTy && t2 != kUnknownTy) return invalid("type mismatch");
      push(t1 == kUnknownTy ? t2 : t1);
      emit(op::kSelect);
      return {};
    }
    case 0x1C: {
      PLEXUS_TRY(const auto n, r_.u32());
      if (n != 1) return invalid("invalid result arity");
      PLEXUS_TRY(const auto raw, r_.u8());
      const auto t = static_cast<ValType>(raw);
      if (t != Ty::kI32 && t != Ty::kI64 && t != Ty::kF32 && t != Ty::kF64 && !is_ref(t))
        return r_.error("malformed value type");
      PLEXUS_CHECK(pop(Ty::kI32));
      PLEXUS_CHECK(pop(t));
      PLEXUS_CHECK(pop(t));
      push(t);
      emit(op::kSelect);
      return {};
    }
    case 0x20: case 0x21: case 0x22: {
      PLEXUS_TRY(const auto idx, r_.u32());
      if (idx >= locals_.size()) return invalid("unknown local");
      const Ty t = locals_[idx];
      if (opcode != 0x20) PLEXUS_CHECK(pop(t));
      if (opcode != 0x21) push(t);
      emit(opcode, idx);
      return {};
    }
    case 0x23: case 0x24: {
      PLEXUS_TRY(const auto idx, r_.u32());
      if (idx >= m_.all_globals.size()) return invalid("unknown global");
      const GlobalType& g = m_.all_globals[idx];
      if (opcode == 0x23) {
        push(g.type);
      } else {
        if (!g.mut) return invalid("global is immutable");
        PLEXUS_CHECK(pop(g.type));
      }
      emit(opcode, idx, 0, gas.global);
      return {};
    }
    case 0x25: case 0x26: {
      PLEXUS_TRY(const auto idx, r_.u32());
      if (idx >= m_.all_tables.size()) return invalid("unknown table");
      const ValType t = m_.all_tables[idx].elem;
      if (opcode == 0x25) {
        PLEXUS_CHECK(pop(Ty::kI32));
        push(t);
      } else {
        PLEXUS_CHECK(pop(t));
        PLEXUS_CHECK(pop(Ty::kI32));
      }
      emit(opcode, idx, 0, gas.global);
      return {};
    }
    case 0x41: {
      PLEXUS_TRY(const auto v, r_.s32());
      push(Ty::kI32);
      emit(op::kConst, 0, static_cast<std::uint32_t>(v));
      return {};
    }
    case 0x42: {
      PLEXUS_TRY(const auto v, r_.s64());
      push(Ty::kI64);
      emit(op::kConst, 0, static_cast<std::uint64_t>(v));
      return {};
    }
    case 0x43: {
      PLEXUS_TRY(const auto v, r_.f32_bits());
      push(Ty::kF32);
      emit(op::kConst, 0, v);
      return {};
    }
    case 0x44: {
      PLEXUS_TRY(const auto v, r_.f64_bits());
      push(Ty::kF64);
      emit(op::kConst, 0, v);
      return {};
    }
    case 0xD0: {
      PLEXUS_TRY(const auto raw, r_.u8());
      if (raw != 0x70 && raw != 0x6F) return r_.error("malformed reference type");
      push(static_cast<ValType>(raw));
      emit(op::kConst, 0, kNullRef);
      return {};
    }
    case 0xD1: {
      PLEXUS_TRY(const Ty t, pop());
      if (!is_ref(t) && t != kUnknownTy) return invalid("type mismatch (reference expected)");
      push(Ty::kI32);
      emit(op::kRefIsNull);
      return {};
    }
    case 0xD2: {
      PLEXUS_TRY(const auto idx, r_.u32());
      if (idx >= m_.func_types.size()) return invalid("unknown function");
      if (!declared_refs_[idx]) return invalid("undeclared function reference");
      push(Ty::kFuncRef);
      emit(op::kRefFunc, idx);
      return {};
    }
    default:
      break;
  }
  const Sig sig = numeric_sig(opcode);
  if (!sig.valid) return r_.error("illegal opcode " + std::to_string(opcode));
  if (sig.in2 != kUnknownTy) PLEXUS_CHECK(pop(sig.in2));
  PLEXUS_CHECK(pop(sig.in1));
  push(sig.out);
  const std::uint32_t cost =
      is_division(opcode) ? gas.division : is_float(opcode) ? gas.floating : gas.base;
  emit(opcode, 0, 0, cost);
  if (options_.canonicalize_nans && produces_nan(opcode))
    emit(sig.out == Ty::kF32 ? op::kCanonF32 : op::kCanonF64, 0, 0, 0);
  return {};
}

Result<void> FunctionCompiler::memory_op(std::uint8_t opcode) {
  if (opcode >= 0x3F) {
    PLEXUS_TRY(const auto zero, r_.u8());
    if (zero != 0) return r_.error("zero byte expected");
    if (m_.all_memories.empty()) return invalid("unknown memory 0");
    if (opcode == 0x40) PLEXUS_CHECK(pop(Ty::kI32));
    push(Ty::kI32);
    emit(opcode, 0, 0, options_.gas.memory);
    return {};
  }
  PLEXUS_TRY(const auto align, r_.u32());
  PLEXUS_TRY(const auto offset, r_.u32());
  // An alignment exponent of 32 or more cannot describe a 32-bit memory access at all.
  if (align >= 32) return r_.error("malformed memop flags");
  if (m_.all_memories.empty()) return invalid("unknown memory 0");
  const auto k = opcode - 0x28;
  if (align > kNaturalAlign[k]) return invalid("alignment must not be larger than natural");
  if (opcode <= 0x35) {
    PLEXUS_CHECK(pop(Ty::kI32));
    push(kMemType[k]);
  } else {
    PLEXUS_CHECK(pop(kMemType[k]));
    PLEXUS_CHECK(pop(Ty::kI32));
  }
  emit(opcode, offset, 0, options_.gas.memory);
  return {};
}

Result<void> FunctionCompiler::fc_op(std::uint32_t sub) {
  using enum Ty;
  const std::uint32_t code = op::kFcBase + sub;
  const auto pop3 = [&]() -> Result<void> {
    for (int i = 0; i < 3; ++i) PLEXUS_CHECK(pop(kI32));
    return {};
  };
  const auto zero_byte = [&]() -> Result<void> {
    PLEXUS_TRY(const auto zero, r_.u8());
    if (zero != 0) return r_.error("zero byte expected");
    if (m_.all_memories.empty()) return invalid("unknown memory 0");
    return {};
  };
  const auto data_index = [&]() -> Result<std::uint32_t> {
    PLEXUS_TRY(const auto idx, r_.u32());
    // Without a data count section, a module with data segments is malformed (they come after
    // the code); one without any has no segment the index could name.
    if (!m_.data_count && !m_.data.empty()) return r_.error("data count section required");
    if (!m_.data_count) return invalid("unknown data segment");
    if (idx >= *m_.data_count) return invalid("unknown data segment");
    return idx;
  };
  const auto table_index = [&]() -> Result<std::uint32_t> {
    PLEXUS_TRY(const auto idx, r_.u32());
    if (idx >= m_.all_tables.size()) return invalid("unknown table");
    return idx;
  };
  const auto elem_index = [&]() -> Result<std::uint32_t> {
    PLEXUS_TRY(const auto idx, r_.u32());
    if (idx >= m_.elements.size()) return invalid("unknown elem segment");
    return idx;
  };
  switch (sub) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: {
      PLEXUS_CHECK(pop(sub < 2 || (sub >= 4 && sub < 6) ? kF32 : kF64));
      push(sub < 4 ? kI32 : kI64);
      emit(code, 0, 0, options_.gas.floating);
      return {};
    }
    case 8: {
      PLEXUS_TRY(const auto idx, data_index());
      PLEXUS_CHECK(zero_byte());
      PLEXUS_CHECK(pop3());
      emit(code, idx, 0, options_.gas.memory);
      return {};
    }
    case 9: {
      PLEXUS_TRY(const auto idx, data_index());
      emit(code, idx);
      return {};
    }
    case 10:
      PLEXUS_CHECK(zero_byte());
      PLEXUS_CHECK(zero_byte());
      PLEXUS_CHECK(pop3());
      emit(code, 0, 0, options_.gas.memory);
      return {};
    case 11:
      PLEXUS_CHECK(zero_byte());
      PLEXUS_CHECK(pop3());
      emit(code, 0, 0, options_.gas.memory);
      return {};
    case 12: {
      PLEXUS_TRY(const auto elem, elem_index());
      PLEXUS_TRY(const auto table, table_index());
      if (m_.elements[elem].type != m_.all_tables[table].elem) return invalid("type mismatch");
      PLEXUS_CHECK(pop3());
      emit(code, elem, table, options_.gas.global);
      return {};
    }
    case 13: {
      PLEXUS_TRY(const auto elem, elem_index());
      emit(code, elem);
      return {};
    }
    case 14: {
      PLEXUS_TRY(const auto dst, table_index());
      PLEXUS_TRY(const auto src, table_index());
      if (m_.all_tables[dst].elem != m_.all_tables[src].elem) return invalid("type mismatch");
      PLEXUS_CHECK(pop3());
      emit(code, dst, src, options_.gas.global);
      return {};
    }
    case 15: case 16: case 17: {
      PLEXUS_TRY(const auto table, table_index());
      const ValType t = m_.all_tables[table].elem;
      if (sub == 15) {
        PLEXUS_CHECK(pop(kI32));
        PLEXUS_CHECK(pop(t));
        push(kI32);
      } else if (sub == 16) {
        push(kI32);
      } else {
        PLEXUS_CHECK(pop(kI32));
        PLEXUS_CHECK(pop(t));
        PLEXUS_CHECK(pop(kI32));
      }
      emit(code, table, 0, options_.gas.global);
      return {};
    }
    default:
      return r_.error("illegal opcode 0xFC " + std::to_string(sub));
  }
}

}  // namespace plexus::wasm::detail
