// One instruction of the interpreter. Operand types and stack heights were established by the
// verifier, so the value accessors here do not re-check them.
#include "move/vm/arithmetic.hpp"
#include "move/vm/machine.hpp"
#include "move/vm/type_depth.hpp"

namespace plexus::move::detail {

VmResult<Flow> Machine::step(Frame& f, const Instruction& ins) {
  MOVE_CHECK(gas_.charge(1));
  const BinaryTables& t = f.module->module;
  auto& locals = f.locals->elems;
  switch (ins.op) {
    case Opcode::Pop:
      pop();
      return Flow::kNext;
    case Opcode::Ret:
      // A local may hold a reference into the locals themselves; emptying them breaks that
      // cycle so the frame's values are freed.
      f.locals->elems.clear();
      frames_.pop_back();
      return Flow::kReturn;
    case Opcode::BrTrue:
    case Opcode::BrFalse: {
      const bool c = pop().as_bool();
      if (c != (ins.op == Opcode::BrTrue)) return Flow::kNext;
      f.pc = ins.a;
      return Flow::kJump;
    }
    case Opcode::Branch:
      f.pc = ins.a;
      return Flow::kJump;
    case Opcode::Nop:
      return Flow::kNext;
    case Opcode::LdU8:
      MOVE_CHECK(push(Value::integer(ValueKind::kU8, ins.a)));
      return Flow::kNext;
    case Opcode::LdU16:
      MOVE_CHECK(push(Value::integer(ValueKind::kU16, ins.a)));
      return Flow::kNext;
    case Opcode::LdU32:
      MOVE_CHECK(push(Value::integer(ValueKind::kU32, ins.a)));
      return Flow::kNext;
    case Opcode::LdU64:
      MOVE_CHECK(push(Value::u64(ins.b)));
      return Flow::kNext;
    case Opcode::LdU128:
    case Opcode::LdU256:
      MOVE_CHECK(push(wide_literal(*f.code, ins)));
      return Flow::kNext;
    case Opcode::LdTrue:
      MOVE_CHECK(push(Value::boolean(true)));
      return Flow::kNext;
    case Opcode::LdFalse:
      MOVE_CHECK(push(Value::boolean(false)));
      return Flow::kNext;
    case Opcode::LdConst: {
      MOVE_TRY(auto v, decode_constant(t.constant_pool[ins.a], t.address_length));
      MOVE_CHECK(push(std::move(v)));
      return Flow::kNext;
    }
    case Opcode::CopyLoc:
      MOVE_CHECK(push(deep_copy(locals[ins.a])));
      return Flow::kNext;
    case Opcode::MoveLoc: {
      Value v = std::move(locals[ins.a]);
      locals[ins.a] = Value{};
      MOVE_CHECK(push(std::move(v)));
      return Flow::kNext;
    }
    case Opcode::StLoc:
      locals[ins.a] = pop();
      return Flow::kNext;
    case Opcode::MutBorrowLoc:
    case Opcode::ImmBorrowLoc:
      MOVE_CHECK(push(Value::ref(f.locals, ins.a)));
      return Flow::kNext;
    case Opcode::ReadRef: {
      const Value r = pop();
      MOVE_TRY(const Value* v, target(r));
      MOVE_CHECK(push(deep_copy(*v)));
      return Flow::kNext;
    }
    case Opcode::WriteRef: {
      const Value r = pop();
      MOVE_TRY(Value * v, target(r));
      *v = pop();
      return Flow::kNext;
    }
    case Opcode::FreezeRef:
      return Flow::kNext;
    case Opcode::Add:
    case Opcode::Sub:
    case Opcode::Mul:
    case Opcode::Mod:
    case Opcode::Div:
    case Opcode::BitOr:
    case Opcode::BitAnd:
    case Opcode::Xor:
    case Opcode::Shl:
    case Opcode::Shr:
    case Opcode::Lt:
    case Opcode::Gt:
    case Opcode::Le:
    case Opcode::Ge: {
      const Value b = pop();
      const Value a = pop();
      MOVE_TRY(auto r, integer_op(ins.op, a, b));
      MOVE_CHECK(push(std::move(r)));
      return Flow::kNext;
    }
    case Opcode::CastU8:
    case Opcode::CastU16:
    case Opcode::CastU32:
    case Opcode::CastU64:
    case Opcode::CastU128:
    case Opcode::CastU256: {
      MOVE_TRY(auto r, integer_cast(ins.op, pop()));
      MOVE_CHECK(push(std::move(r)));
      return Flow::kNext;
    }
    case Opcode::Or:
    case Opcode::And: {
      const bool b = pop().as_bool();
      const bool a = pop().as_bool();
      MOVE_CHECK(push(Value::boolean(ins.op == Opcode::Or ? (a || b) : (a && b))));
      return Flow::kNext;
    }
    case Opcode::Not:
      MOVE_CHECK(push(Value::boolean(!pop().as_bool())));
      return Flow::kNext;
    case Opcode::Eq:
    case Opcode::Neq: {
      const Value b = pop();
      const Value a = pop();
      MOVE_CHECK(push(Value::boolean(equals(a, b) == (ins.op == Opcode::Eq))));
      return Flow::kNext;
    }
    case Opcode::Abort: {
      VmError e{StatusCode::ABORTED, {}, {}, pop().as_u64()};
      return std::unexpected(std::move(e));
    }
    case Opcode::Call:
      return call(f, static_cast<TableIndex>(ins.a), {});
    case Opcode::CallGeneric: {
      const auto& fi = t.function_instantiations[ins.a];
      auto type_args = make_types(*f.module, t.signatures[fi.type_parameters], f.type_args);
      // The reference refuses instantiations that grow past a node budget, which bounds how
      // large types can get through recursive generic calls.
      std::uint64_t nodes = 1;
      for (const auto* list : {&f.type_args, &type_args})
        for (const auto& ty : *list) nodes += count_type_nodes(ty);
      if (nodes > kMaxTypeNodes) return vm_fail(StatusCode::TOO_MANY_TYPE_NODES);
      return call(f, fi.handle, std::move(type_args));
    }
    case Opcode::Exists:
    case Opcode::MutBorrowGlobal:
    case Opcode::ImmBorrowGlobal:
    case Opcode::MoveFrom:
    case Opcode::MoveTo:
      return global(ins.op, struct_type(f, static_cast<TableIndex>(ins.a), nullptr));
    case Opcode::ExistsGeneric:
    case Opcode::MutBorrowGlobalGeneric:
    case Opcode::ImmBorrowGlobalGeneric:
    case Opcode::MoveFromGeneric:
    case Opcode::MoveToGeneric: {
      const auto& si = t.struct_def_instantiations[ins.a];
      return global(ins.op, struct_type(f, si.handle, &t.signatures[si.type_parameters]));
    }
    case Opcode::VecPack:
    case Opcode::VecLen:
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow:
    case Opcode::VecPushBack:
    case Opcode::VecPopBack:
    case Opcode::VecUnpack:
    case Opcode::VecSwap:
      return vector_op(f, ins);
    default:
      return step_structs(f, ins);
  }
}

// Pack/unpack, field borrows and the enum opcodes.
VmResult<Flow> Machine::step_structs(Frame& f, const Instruction& ins) {
  const BinaryTables& t = f.module->module;
  auto borrow_field = [&](std::uint32_t field) -> VmResult<Flow> {
    const Value ref = pop();  // keeps the referenced container alive
    MOVE_TRY(const Value* s, target(ref));
    MOVE_TRY(const auto* fields, elements(*s));
    if (field >= fields->size()) return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR);
    MOVE_CHECK(push(Value::ref(s->container, field)));
    return Flow::kNext;
  };
  auto pack = [&](std::size_t n, const Type& type) -> VmResult<Flow> {
    MOVE_CHECK(check_type_depth(type));
    MOVE_CHECK(push(Value::make_struct(pop_n(n))));
    return Flow::kNext;
  };
  auto unpack = [&]() -> VmResult<Flow> {
    Value s = pop();
    MOVE_TRY(auto* fields, elements(s));
    for (auto& e : *fields) MOVE_CHECK(push(std::move(e)));
    return Flow::kNext;
  };
  auto variant_handle = [&](bool generic) -> const StructVariantHandle& {
    return t
        .struct_variant_handles[generic ? t.struct_variant_instantiations[ins.a].handle : ins.a];
  };
  switch (ins.op) {
    case Opcode::MutBorrowField:
    case Opcode::ImmBorrowField:
      return borrow_field(t.field_handles[ins.a].field);
    case Opcode::MutBorrowFieldGeneric:
    case Opcode::ImmBorrowFieldGeneric:
      return borrow_field(t.field_handles[t.field_instantiations[ins.a].handle].field);
    case Opcode::Pack:
      return pack(t.struct_defs[ins.a].fields.size(),
                  struct_type(f, static_cast<TableIndex>(ins.a), nullptr));
    case Opcode::PackGeneric: {
      const auto& si = t.struct_def_instantiations[ins.a];
      return pack(t.struct_defs[si.handle].fields.size(),
                  struct_type(f, si.handle, &t.signatures[si.type_parameters]));
    }
    case Opcode::Unpack:
    case Opcode::UnpackGeneric:
      return unpack();
    case Opcode::ImmBorrowVariantField:
    case Opcode::MutBorrowVariantField:
    case Opcode::ImmBorrowVariantFieldGeneric:
    case Opcode::MutBorrowVariantFieldGeneric: {
      const bool generic = ins.op == Opcode::ImmBorrowVariantFieldGeneric ||
                           ins.op == Opcode::MutBorrowVariantFieldGeneric;
      const auto& h =
          t.variant_field_handles[generic ? t.variant_field_instantiations[ins.a].handle : ins.a];
      MOVE_TRY(const Value* s, target(stack_.back()));
      MOVE_CHECK(elements(*s));
      if (std::find(h.variants.begin(), h.variants.end(), s->container->variant) ==
          h.variants.end())
        return vm_fail(StatusCode::STRUCT_VARIANT_MISMATCH);
      return borrow_field(h.field);
    }
    case Opcode::PackVariant:
    case Opcode::PackVariantGeneric: {
      const auto& h = variant_handle(ins.op == Opcode::PackVariantGeneric);
      const std::size_t n = t.struct_defs[h.owner].variants[h.variant].fields.size();
      MOVE_CHECK(push(Value::make_variant(pop_n(n), h.variant)));
      return Flow::kNext;
    }
    case Opcode::UnpackVariant:
    case Opcode::UnpackVariantGeneric: {
      const auto& h = variant_handle(ins.op == Opcode::UnpackVariantGeneric);
      MOVE_CHECK(elements(stack_.back()));
      if (stack_.back().container->variant != h.variant)
        return vm_fail(StatusCode::STRUCT_VARIANT_MISMATCH);
      return unpack();
    }
    case Opcode::TestVariant:
    case Opcode::TestVariantGeneric: {
      const auto& h = variant_handle(ins.op == Opcode::TestVariantGeneric);
      const Value r = pop();
      MOVE_TRY(const Value* v, target(r));
      MOVE_CHECK(elements(*v));
      const bool is = v->container->variant == h.variant;
      MOVE_CHECK(push(Value::boolean(is)));
      return Flow::kNext;
    }
    default:
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR,
                     "unhandled opcode " + std::string(opcode_name(ins.op)));
  }
}

}  // namespace plexus::move::detail
