// The paranoid type checks of RuntimeChecks: a type stack that mirrors the operand stack.
#include "move/vm/runtime_type_checks.hpp"

#include "move/vm/entry_args.hpp"

namespace plexus::move::detail {
namespace {

auto invariant(std::string what) {
  return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, std::move(what));
}

VmResult<void> check_eq(const Type& got, const Type& want) {
  if (got != want)
    return invariant("type mismatch: expected " + type_tag(want) + ", got " + type_tag(got));
  return {};
}

VmResult<void> check_ability(const Type& t, std::uint8_t ability) {
  if (!type_abilities(t).has(ability)) return invariant("missing ability on " + type_tag(t));
  return {};
}

bool is_ref(const Type& t) {
  return t.kind == TypeKind::kReference || t.kind == TypeKind::kMutableReference;
}

Type ref_to(Type inner, bool mut) {
  return Type::of(mut ? TypeKind::kMutableReference : TypeKind::kReference, {std::move(inner)});
}

// The element type of `&vector<elem>` (`&mut` when `mut`), checked against `elem`.
VmResult<Type> vector_element(const Type& ref, const Type& elem, bool mut) {
  if (!(ref.kind == TypeKind::kMutableReference || (!mut && ref.kind == TypeKind::kReference)) ||
      ref.args.empty() || ref.args[0].kind != TypeKind::kVector)
    return invariant("expected a vector reference");
  MOVE_CHECK(check_eq(ref.args[0].args[0], elem));
  return ref.args[0].args[0];
}

Type struct_of(const LoadedModule& m, TableIndex def, const Signature* args,
               const std::vector<Type>& frame_args) {
  Type t{TypeKind::kStruct, &m, def, {}};
  if (args) t.args = make_types(m, *args, frame_args);
  return t;
}

std::vector<Type> field_types(const LoadedModule& m, const std::vector<FieldDefinition>& fields,
                              const std::vector<Type>& struct_args) {
  std::vector<Type> out;
  for (const auto& field : fields) out.push_back(make_type(m, field.type, struct_args));
  return out;
}

// A located error: the message names the function it is attributed to (none: `undefined`).
VmError located(VmError e, const LoadedModule* m, TableIndex def) {
  e.location = {def, 0};
  e.message = (m ? m->id.to_string() + "::" + m->function_name(def) : std::string("call")) + ": " +
              e.message;
  return e;
}

}  // namespace

VmResult<Type> RuntimeChecks::pop_type() {
  if (types_.empty()) return vm_fail(StatusCode::EMPTY_VALUE_STACK);
  Type t = std::move(types_.back());
  types_.pop_back();
  return t;
}

VmResult<void> RuntimeChecks::push_type(Type t) {
  types_.push_back(std::move(t));
  return {};
}

VmResult<void> RuntimeChecks::enter(const LoadedModule& m, TableIndex def,
                                    const std::vector<Type>& type_args) {
  if (!type_checks_) return {};
  const auto& d = m.module.function_defs[def];
  const auto& h = m.module.function_handles[d.function];
  auto locals = make_types(m, m.module.signatures[h.parameters], type_args);
  if (d.code)
    for (auto& t : make_types(m, m.module.signatures[d.code->locals], type_args))
      locals.push_back(std::move(t));
  local_types_.push_back(std::move(locals));
  return {};
}

VmResult<void> RuntimeChecks::before(const CheckFrame& f, const Instruction& ins,
                                     const std::vector<Value>& stack) {
  if (type_checks_) {
    if (types_.size() != stack.size()) return invariant("type and value stacks out of balance");
    MOVE_CHECK(pre_types(f, ins));
  }
  return guard(f, ins, stack);
}

VmResult<void> RuntimeChecks::after(const CheckFrame& f, const Instruction& ins,
                                    const std::vector<Value>& stack) {
  if (ins.op == Opcode::VecPack && !stack.empty()) {
    const auto& sig = f.module.module.signatures[ins.a];
    note_vector(stack.back(), make_type(f.module, sig[0], f.type_args));
  }
  if (!type_checks_) return {};
  return post_types(f, ins);
}

VmResult<void> RuntimeChecks::call(const CallSite& site, const FunctionTarget& callee,
                                   const std::vector<Type>& callee_type_args,
                                   const std::vector<Value>& stack) {
  const auto& m = callee.module->module;
  const auto& d = m.function_defs[callee.def];
  const auto& params = m.signatures[m.function_handles[d.function].parameters];
  if (stack.size() < params.size()) return vm_fail(StatusCode::EMPTY_VALUE_STACK);
  if (type_checks_) MOVE_CHECK(check_call_types(site, callee, callee_type_args));
  if (!d.is_native) return {};
  // Natives read their arguments without checking them.
  const auto types = make_types(*callee.module, params, callee_type_args);
  for (std::size_t i = 0; i < types.size(); ++i)
    if (!value_fits(stack[stack.size() - types.size() + i], types[i]))
      return vm_fail(StatusCode::INTERNAL_TYPE_ERROR, "native argument of the wrong shape");
  return {};
}

VmResult<void> RuntimeChecks::check_call_types(const CallSite& site, const FunctionTarget& callee,
                                               const std::vector<Type>& callee_type_args) {
  const auto& m = callee.module->module;
  const auto& d = m.function_defs[callee.def];
  const auto& h = m.function_handles[d.function];
  if (d.visibility != Visibility::kPublic && d.visibility != Visibility::kScript &&
      site.module.id.address != callee.module->id.address)
    return std::unexpected(located(invariant("private or friend function called from another "
                                             "address")
                                       .error(),
                                   site.parent_module, site.parent_def));
  const auto params = make_types(*callee.module, m.signatures[h.parameters], callee_type_args);
  for (std::size_t i = params.size(); i-- > 0;) {
    auto checked = [&]() -> VmResult<void> {
      MOVE_TRY(const Type got, pop_type());
      return check_eq(got, params[i]);
    }();
    if (!checked) {
      // The reference checks a Move callee's arguments while building its frame, before the
      // caller is on the call stack, and a native's arguments inside the native's module.
      if (d.is_native)
        return std::unexpected(located(std::move(checked).error(), callee.module, callee.def));
      return std::unexpected(
          located(std::move(checked).error(), site.parent_module, site.parent_def));
    }
  }
  if (d.is_native)
    for (auto& t : make_types(*callee.module, m.signatures[h.return_], callee_type_args))
      MOVE_CHECK(push_type(std::move(t)));
  return {};
}

VmResult<void> RuntimeChecks::pre_types(const CheckFrame& f, const Instruction& ins) {
  if (local_types_.empty()) return invariant("instruction outside a frame");
  const auto& locals = local_types_.back();
  // Whether local `i` holds a value (which a store or return would destroy).
  auto holds = [&](std::size_t i) {
    return i < f.locals.size() && f.locals[i].kind != ValueKind::kInvalid;
  };
  switch (ins.op) {
    case Opcode::BrTrue:
    case Opcode::BrFalse:
    case Opcode::Abort:
      MOVE_CHECK(pop_type());
      return {};
    case Opcode::Ret:
      for (std::size_t i = 0; i < locals.size(); ++i)
        if (holds(i)) MOVE_CHECK(check_ability(locals[i], AbilitySet::kDrop));
      local_types_.pop_back();
      return {};
    case Opcode::StLoc: {
      if (ins.a >= locals.size()) return invariant("local index out of range");
      MOVE_TRY(const Type got, pop_type());
      MOVE_CHECK(check_eq(got, locals[ins.a]));
      if (holds(ins.a)) return check_ability(locals[ins.a], AbilitySet::kDrop);
      return {};
    }
    default:
      return {};
  }
}

VmResult<void> RuntimeChecks::post_types(const CheckFrame& f, const Instruction& ins) {
  if (local_types_.empty()) return invariant("instruction outside a frame");
  const auto& locals = local_types_.back();
  auto local = [&]() -> VmResult<Type> {
    if (ins.a >= locals.size()) return invariant("local index out of range");
    return locals[ins.a];
  };
  auto binary = [&](bool to_bool) -> VmResult<void> {
    MOVE_TRY(const Type lhs, pop_type());
    MOVE_TRY(const Type rhs, pop_type());
    MOVE_CHECK(check_eq(lhs, rhs));
    return push_type(to_bool ? Type::of(TypeKind::kBool) : lhs);
  };
  auto cast = [&](TypeKind k) -> VmResult<void> {
    MOVE_CHECK(pop_type());
    return push_type(Type::of(k));
  };
  switch (ins.op) {
    case Opcode::Pop: {
      MOVE_TRY(const Type t, pop_type());
      return check_ability(t, AbilitySet::kDrop);
    }
    case Opcode::LdU8:
      return push_type(Type::of(TypeKind::kU8));
    case Opcode::LdU16:
      return push_type(Type::of(TypeKind::kU16));
    case Opcode::LdU32:
      return push_type(Type::of(TypeKind::kU32));
    case Opcode::LdU64:
      return push_type(Type::of(TypeKind::kU64));
    case Opcode::LdU128:
      return push_type(Type::of(TypeKind::kU128));
    case Opcode::LdU256:
      return push_type(Type::of(TypeKind::kU256));
    case Opcode::LdTrue:
    case Opcode::LdFalse:
      return push_type(Type::of(TypeKind::kBool));
    case Opcode::LdConst:
      return push_type(make_type(f.module, f.module.module.constant_pool[ins.a].type, {}));
    case Opcode::CopyLoc: {
      MOVE_TRY(Type t, local());
      MOVE_CHECK(check_ability(t, AbilitySet::kCopy));
      return push_type(std::move(t));
    }
    case Opcode::MoveLoc: {
      MOVE_TRY(Type t, local());
      return push_type(std::move(t));
    }
    case Opcode::StLoc:
    case Opcode::Nop:
      return {};
    case Opcode::MutBorrowLoc:
    case Opcode::ImmBorrowLoc: {
      MOVE_TRY(Type t, local());
      return push_type(ref_to(std::move(t), ins.op == Opcode::MutBorrowLoc));
    }
    case Opcode::ReadRef: {
      MOVE_TRY(Type r, pop_type());
      if (!is_ref(r)) return invariant("ReadRef expects a reference");
      MOVE_CHECK(check_ability(r.args[0], AbilitySet::kCopy));
      return push_type(std::move(r.args[0]));
    }
    case Opcode::WriteRef: {
      MOVE_TRY(const Type r, pop_type());
      MOVE_TRY(const Type v, pop_type());
      if (r.kind != TypeKind::kMutableReference)
        return invariant("WriteRef expects a mutable reference");
      if (r.args[0] != v) return invariant("WriteRef writes a value of another type");
      return check_ability(v, AbilitySet::kDrop);
    }
    case Opcode::FreezeRef: {
      MOVE_TRY(Type r, pop_type());
      if (r.kind != TypeKind::kMutableReference)
        return invariant("FreezeRef expects a mutable reference");
      r.kind = TypeKind::kReference;
      return push_type(std::move(r));
    }
    case Opcode::CastU8:
      return cast(TypeKind::kU8);
    case Opcode::CastU16:
      return cast(TypeKind::kU16);
    case Opcode::CastU32:
      return cast(TypeKind::kU32);
    case Opcode::CastU64:
      return cast(TypeKind::kU64);
    case Opcode::CastU128:
      return cast(TypeKind::kU128);
    case Opcode::CastU256:
      return cast(TypeKind::kU256);
    case Opcode::Add:
    case Opcode::Sub:
    case Opcode::Mul:
    case Opcode::Mod:
    case Opcode::Div:
    case Opcode::BitOr:
    case Opcode::BitAnd:
    case Opcode::Xor:
    case Opcode::Or:
    case Opcode::And:
      return binary(false);
    case Opcode::Lt:
    case Opcode::Le:
    case Opcode::Gt:
    case Opcode::Ge:
      return binary(true);
    case Opcode::Shl:
    case Opcode::Shr: {
      MOVE_CHECK(pop_type());
      MOVE_TRY(Type lhs, pop_type());
      return push_type(std::move(lhs));
    }
    case Opcode::Eq:
    case Opcode::Neq: {
      MOVE_TRY(const Type lhs, pop_type());
      MOVE_TRY(const Type rhs, pop_type());
      if (lhs != rhs) return invariant("equality of values of different types");
      MOVE_CHECK(check_ability(lhs, AbilitySet::kDrop));
      return push_type(Type::of(TypeKind::kBool));
    }
    case Opcode::Not: {
      MOVE_TRY(const Type t, pop_type());
      MOVE_CHECK(check_eq(t, Type::of(TypeKind::kBool)));
      return push_type(Type::of(TypeKind::kBool));
    }
    case Opcode::VecPack:
    case Opcode::VecLen:
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow:
    case Opcode::VecPushBack:
    case Opcode::VecPopBack:
    case Opcode::VecUnpack:
    case Opcode::VecSwap:
      return post_vector_types(f, ins);
    case Opcode::Exists:
    case Opcode::ExistsGeneric:
    case Opcode::MutBorrowGlobal:
    case Opcode::MutBorrowGlobalGeneric:
    case Opcode::ImmBorrowGlobal:
    case Opcode::ImmBorrowGlobalGeneric:
    case Opcode::MoveFrom:
    case Opcode::MoveFromGeneric:
    case Opcode::MoveTo:
    case Opcode::MoveToGeneric:
      return post_global_types(f, ins);
    default:
      return post_struct_types(f, ins);
  }
}

VmResult<void> RuntimeChecks::post_vector_types(const CheckFrame& f, const Instruction& ins) {
  const Type elem = make_type(f.module, f.module.module.signatures[ins.a][0], f.type_args);
  const Type u64 = Type::of(TypeKind::kU64);
  switch (ins.op) {
    case Opcode::VecPack:
      for (std::uint64_t i = 0; i < ins.b; ++i) {
        MOVE_TRY(const Type t, pop_type());
        MOVE_CHECK(check_eq(t, elem));
      }
      return push_type(Type::of(TypeKind::kVector, {elem}));
    case Opcode::VecLen: {
      MOVE_TRY(const Type r, pop_type());
      MOVE_CHECK(vector_element(r, elem, false));
      return push_type(u64);
    }
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow: {
      const bool mut = ins.op == Opcode::VecMutBorrow;
      MOVE_TRY(const Type i, pop_type());
      MOVE_CHECK(check_eq(i, u64));
      MOVE_TRY(const Type r, pop_type());
      MOVE_TRY(Type inner, vector_element(r, elem, mut));
      return push_type(ref_to(std::move(inner), mut));
    }
    case Opcode::VecPushBack: {
      MOVE_TRY(const Type v, pop_type());
      MOVE_CHECK(check_eq(v, elem));
      MOVE_TRY(const Type r, pop_type());
      MOVE_CHECK(vector_element(r, elem, true));
      return {};
    }
    case Opcode::VecPopBack: {
      MOVE_TRY(const Type r, pop_type());
      MOVE_TRY(Type inner, vector_element(r, elem, true));
      return push_type(std::move(inner));
    }
    case Opcode::VecUnpack: {
      MOVE_TRY(const Type v, pop_type());
      if (v.kind != TypeKind::kVector) return invariant("VecUnpack expects a vector");
      MOVE_CHECK(check_eq(v.args[0], elem));
      for (std::uint64_t i = 0; i < ins.b; ++i) MOVE_CHECK(push_type(elem));
      return {};
    }
    default: {  // VecSwap
      for (int i = 0; i < 2; ++i) {
        MOVE_TRY(const Type t, pop_type());
        MOVE_CHECK(check_eq(t, u64));
      }
      MOVE_TRY(const Type r, pop_type());
      MOVE_CHECK(vector_element(r, elem, true));
      return {};
    }
  }
}

Type RuntimeChecks::resource_type(const CheckFrame& f, const Instruction& ins) {
  const BinaryTables& t = f.module.module;
  const bool generic = ins.op == Opcode::ExistsGeneric || ins.op == Opcode::MoveToGeneric ||
                       ins.op == Opcode::MoveFromGeneric ||
                       ins.op == Opcode::MutBorrowGlobalGeneric ||
                       ins.op == Opcode::ImmBorrowGlobalGeneric;
  if (!generic) return struct_of(f.module, ins.a, nullptr, f.type_args);
  const auto& inst = t.struct_def_instantiations[ins.a];
  return struct_of(f.module, inst.handle, &t.signatures[inst.type_parameters], f.type_args);
}

VmResult<void> RuntimeChecks::check_write_set(const GlobalStorage& storage) const {
  for (const auto& [address, type] : moved_to_)
    if (const auto cell = storage.find({address, type_tag(type)});
        cell && !value_fits(cell->elems[0], type))
      return std::unexpected(located(
          VmError{
              StatusCode::INTERNAL_TYPE_ERROR, "resource does not fit " + type_tag(type), {}, 0},
          nullptr, 0));
  return {};
}

VmResult<void> RuntimeChecks::post_global_types(const CheckFrame& f, const Instruction& ins) {
  const Type resource = resource_type(f, ins);
  if (ins.op == Opcode::MoveTo || ins.op == Opcode::MoveToGeneric) {
    MOVE_TRY(const Type v, pop_type());
    MOVE_TRY(const Type s, pop_type());
    MOVE_CHECK(check_eq(s, ref_to(Type::of(TypeKind::kSigner), false)));
    MOVE_CHECK(check_eq(v, resource));
    return check_ability(v, AbilitySet::kKey);
  }
  MOVE_TRY(const Type a, pop_type());
  MOVE_CHECK(check_eq(a, Type::of(TypeKind::kAddress)));
  if (ins.op == Opcode::Exists || ins.op == Opcode::ExistsGeneric)
    return push_type(Type::of(TypeKind::kBool));
  MOVE_CHECK(check_ability(resource, AbilitySet::kKey));
  if (ins.op == Opcode::MoveFrom || ins.op == Opcode::MoveFromGeneric) return push_type(resource);
  const bool mut = ins.op == Opcode::MutBorrowGlobal || ins.op == Opcode::MutBorrowGlobalGeneric;
  return push_type(ref_to(resource, mut));
}

VmResult<void> RuntimeChecks::post_struct_types(const CheckFrame& f, const Instruction& ins) {
  const BinaryTables& t = f.module.module;
  auto generic_struct = [&](const Instantiation& inst) {
    return struct_of(f.module, inst.handle, &t.signatures[inst.type_parameters], f.type_args);
  };
  auto pack = [&](const Type& st, const std::vector<FieldDefinition>& fields) -> VmResult<void> {
    AbilitySet want = type_abilities(st);
    // A key struct's fields need store (not key); otherwise a field has at least the
    // struct's abilities.
    if (want.has(AbilitySet::kKey))
      want.bits = static_cast<std::uint8_t>((want.bits & ~AbilitySet::kKey) | AbilitySet::kStore);
    const auto expected = field_types(f.module, fields, st.args);
    if (types_.size() < expected.size()) return vm_fail(StatusCode::EMPTY_VALUE_STACK);
    const std::size_t base = types_.size() - expected.size();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!want.is_subset_of(type_abilities(types_[base + i])))
        return invariant("field lacks an ability of its struct");
      MOVE_CHECK(check_eq(types_[base + i], expected[i]));
    }
    types_.resize(base);
    return push_type(st);
  };
  auto unpack = [&](const Type& st, const std::vector<FieldDefinition>& fields) -> VmResult<void> {
    MOVE_TRY(const Type got, pop_type());
    MOVE_CHECK(check_eq(got, st));
    for (auto& ft : field_types(f.module, fields, st.args)) MOVE_CHECK(push_type(std::move(ft)));
    return {};
  };
  auto borrow = [&](const Type& st, const std::vector<FieldDefinition>& fields, TableIndex field,
                    bool mut) -> VmResult<void> {
    MOVE_TRY(const Type r, pop_type());
    if (mut ? r != ref_to(st, true) : (!is_ref(r) || r.args[0] != st))
      return invariant("field borrow through a reference of another type");
    if (field >= fields.size()) return invariant("field index out of range");
    return push_type(ref_to(make_type(f.module, fields[field].type, st.args), mut));
  };
  auto variant_struct = [&](bool generic) {
    const Instantiation* inst = generic ? &t.struct_variant_instantiations[ins.a] : nullptr;
    const auto& h = t.struct_variant_handles[inst ? inst->handle : ins.a];
    const Type st = struct_of(f.module, h.owner,
                              inst ? &t.signatures[inst->type_parameters] : nullptr, f.type_args);
    return std::pair{st, &t.struct_defs[h.owner].variants[h.variant].fields};
  };
  switch (ins.op) {
    case Opcode::Pack:
    case Opcode::Unpack: {
      const Type st = struct_of(f.module, ins.a, nullptr, f.type_args);
      const auto& fields = t.struct_defs[ins.a].fields;
      return ins.op == Opcode::Pack ? pack(st, fields) : unpack(st, fields);
    }
    case Opcode::PackGeneric:
    case Opcode::UnpackGeneric: {
      const auto& inst = t.struct_def_instantiations[ins.a];
      const auto& fields = t.struct_defs[inst.handle].fields;
      const Type st = generic_struct(inst);
      return ins.op == Opcode::PackGeneric ? pack(st, fields) : unpack(st, fields);
    }
    case Opcode::ImmBorrowField:
    case Opcode::MutBorrowField: {
      const auto& h = t.field_handles[ins.a];
      return borrow(struct_of(f.module, h.owner, nullptr, f.type_args),
                    t.struct_defs[h.owner].fields, h.field, ins.op == Opcode::MutBorrowField);
    }
    case Opcode::ImmBorrowFieldGeneric:
    case Opcode::MutBorrowFieldGeneric: {
      const auto& inst = t.field_instantiations[ins.a];
      const auto& h = t.field_handles[inst.handle];
      return borrow(struct_of(f.module, h.owner, &t.signatures[inst.type_parameters], f.type_args),
                    t.struct_defs[h.owner].fields, h.field,
                    ins.op == Opcode::MutBorrowFieldGeneric);
    }
    case Opcode::PackVariant:
    case Opcode::PackVariantGeneric: {
      const auto [st, fields] = variant_struct(ins.op == Opcode::PackVariantGeneric);
      return pack(st, *fields);
    }
    case Opcode::UnpackVariant:
    case Opcode::UnpackVariantGeneric: {
      const auto [st, fields] = variant_struct(ins.op == Opcode::UnpackVariantGeneric);
      return unpack(st, *fields);
    }
    case Opcode::TestVariant:
    case Opcode::TestVariantGeneric: {
      const auto [st, fields] = variant_struct(ins.op == Opcode::TestVariantGeneric);
      MOVE_TRY(const Type r, pop_type());
      if (!is_ref(r) || r.args[0] != st) return invariant("variant test of another type");
      return push_type(Type::of(TypeKind::kBool));
    }
    default: {  // variant field borrows
      const bool generic = ins.op == Opcode::ImmBorrowVariantFieldGeneric ||
                           ins.op == Opcode::MutBorrowVariantFieldGeneric;
      const bool mut =
          ins.op == Opcode::MutBorrowVariantField || ins.op == Opcode::MutBorrowVariantFieldGeneric;
      const Instantiation* inst = generic ? &t.variant_field_instantiations[ins.a] : nullptr;
      const auto& h = t.variant_field_handles[inst ? inst->handle : ins.a];
      const Type st = struct_of(f.module, h.owner,
                                inst ? &t.signatures[inst->type_parameters] : nullptr, f.type_args);
      const auto& def = t.struct_defs[h.owner];
      if (h.variants.empty() || h.variants[0] >= def.variants.size())
        return invariant("variant field handle without a variant");
      return borrow(st, def.variants[h.variants[0]].fields, h.field, mut);
    }
  }
}

}  // namespace plexus::move::detail
