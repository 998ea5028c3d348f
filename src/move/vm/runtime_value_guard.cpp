// The value guard of RuntimeChecks: operand shapes checked before the interpreter touches them.
#include "move/vm/runtime_type_checks.hpp"
#include "move/vm/type_depth.hpp"

namespace plexus::move::detail {
namespace {

auto type_error(const char* what) { return vm_fail(StatusCode::INTERNAL_TYPE_ERROR, what); }
auto invariant(const char* what) {
  return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, what);
}

bool is_int(const Value& v) { return v.is_integer(); }

bool is_container(const Value& v) {
  return (v.kind == ValueKind::kStruct || v.kind == ValueKind::kVector ||
          v.kind == ValueKind::kSigner) &&
         v.container != nullptr;
}

// The value a reference designates, or nullptr for anything but a live reference.
const Value* referent(const Value& ref) {
  if (ref.kind != ValueKind::kRef || !ref.container || ref.index >= ref.container->elems.size())
    return nullptr;
  return &ref.container->elems[ref.index];
}

bool refers_to(const Value& ref, ValueKind kind) {
  const Value* v = referent(ref);
  return v && v->kind == kind && v->container != nullptr;
}

// Nesting depth of a value that is about to be stored inside another, refusing references
// inside containers and containers that hold `target` (which would make a cycle).
VmResult<std::uint64_t> nested_depth(const Value& v, const Container* target, std::uint64_t level) {
  if (level > kMaxValueDepth) return vm_fail(StatusCode::VM_MAX_VALUE_DEPTH_REACHED);
  if (v.kind == ValueKind::kRef) return invariant("reference stored inside a value");
  if (v.kind == ValueKind::kInvalid) return invariant("moved value stored inside a value");
  if (!is_container(v)) return 1;
  if (v.container.get() == target) return invariant("value stored inside itself");
  std::uint64_t deepest = 0;
  for (const auto& e : v.container->elems) {
    MOVE_TRY(const auto d, nested_depth(e, target, level + 1));
    deepest = std::max(deepest, d);
  }
  return deepest + 1;
}

VmResult<void> storable(std::span<const Value> values, const Container* target) {
  for (const auto& v : values) MOVE_CHECK(nested_depth(v, target, 1));
  return {};
}

VmResult<void> need(const std::vector<Value>& stack, std::size_t n) {
  if (stack.size() < n) return vm_fail(StatusCode::EMPTY_VALUE_STACK);
  return {};
}

const Value& top(const std::vector<Value>& stack, std::size_t i = 0) {
  return stack[stack.size() - 1 - i];
}

}  // namespace

bool value_fits(const Value& v, const Type& t, std::size_t depth) {
  if (depth > kMaxValueDepth) return false;
  if (const auto k = primitive_value_kind(t.kind); k != ValueKind::kInvalid)
    return v.kind == k && (k != ValueKind::kAddress || v.address) &&
           (k != ValueKind::kU256 || v.big);
  switch (t.kind) {
    case TypeKind::kReference:
    case TypeKind::kMutableReference: {
      const Value* target = referent(v);
      return target && !t.args.empty() && value_fits(*target, t.args[0], depth + 1);
    }
    case TypeKind::kSigner:
      return v.kind == ValueKind::kSigner && v.container && v.container->elems.size() == 1 &&
             value_fits(v.container->elems[0], Type::of(TypeKind::kAddress), depth + 1);
    case TypeKind::kVector:
      if (v.kind != ValueKind::kVector || !v.container || t.args.empty()) return false;
      for (const auto& e : v.container->elems)
        if (!value_fits(e, t.args[0], depth + 1)) return false;
      return true;
    case TypeKind::kStruct: {
      if (v.kind != ValueKind::kStruct || !v.container || !t.module) return false;
      const auto& m = t.module->module;
      const auto& def = m.struct_defs[t.def];
      const std::vector<FieldDefinition>* fields = &def.fields;
      if (def.layout == StructLayout::kVariants) {
        if (v.container->variant >= def.variants.size()) return false;
        fields = &def.variants[v.container->variant].fields;
      }
      if (fields->size() != v.container->elems.size()) return false;
      for (std::size_t i = 0; i < fields->size(); ++i)
        if (!value_fits(v.container->elems[i], make_type(*t.module, (*fields)[i].type, t.args),
                        depth + 1))
          return false;
      return true;
    }
    default:
      return false;
  }
}

ValueKind RuntimeChecks::element_kind(const std::shared_ptr<Container>& c) const {
  const auto it = primitive_vectors_.find(c.get());
  if (it == primitive_vectors_.end() || it->second.first.lock() != c) return ValueKind::kInvalid;
  return it->second.second;
}

void RuntimeChecks::note_vector(const Value& vector, const Type& element) {
  const ValueKind k = primitive_value_kind(element.kind);
  if (k == ValueKind::kInvalid || vector.kind != ValueKind::kVector || !vector.container) return;
  // Forget vectors that no longer exist so the table stays as small as the live ones.
  if (primitive_vectors_.size() >= 4096)
    std::erase_if(primitive_vectors_, [](const auto& e) { return e.second.first.expired(); });
  primitive_vectors_[vector.container.get()] = {vector.container, k};
}

VmResult<void> RuntimeChecks::guard(const CheckFrame& f, const Instruction& ins,
                                    const std::vector<Value>& stack) {
  auto local = [&](bool must_be_valid) -> VmResult<void> {
    if (ins.a >= f.locals.size()) return invariant("local index out of range");
    if (must_be_valid && f.locals[ins.a].kind == ValueKind::kInvalid)
      return invariant("use of an unavailable local");
    return {};
  };
  switch (ins.op) {
    case Opcode::Pop:
      return need(stack, 1);
    case Opcode::BrTrue:
    case Opcode::BrFalse:
    case Opcode::Not:
      MOVE_CHECK(need(stack, 1));
      if (top(stack).kind != ValueKind::kBool) return type_error("expected a bool");
      return {};
    case Opcode::Abort:
      MOVE_CHECK(need(stack, 1));
      if (top(stack).kind != ValueKind::kU64) return type_error("expected a u64 abort code");
      return {};
    case Opcode::CopyLoc:
    case Opcode::MoveLoc:
    case Opcode::MutBorrowLoc:
    case Opcode::ImmBorrowLoc:
      return local(true);
    case Opcode::StLoc:
      MOVE_CHECK(need(stack, 1));
      return local(false);
    case Opcode::ReadRef:
      MOVE_CHECK(need(stack, 1));
      if (!referent(top(stack))) return type_error("expected a reference");
      return {};
    case Opcode::WriteRef: {
      MOVE_CHECK(need(stack, 2));
      const Value* target = referent(top(stack));
      if (!target) return type_error("expected a reference");
      const Value& v = top(stack, 1);
      const ValueKind element = element_kind(top(stack).container);
      if (element != ValueKind::kInvalid && v.kind != element)
        return type_error("wrong kind of value for a primitive vector");
      if (is_container(*target) && v.kind != target->kind)
        return type_error("wrong kind of value written");
      return storable({&v, 1}, top(stack).container.get());
    }
    case Opcode::FreezeRef:
      return need(stack, 1);
    case Opcode::Add:
    case Opcode::Sub:
    case Opcode::Mul:
    case Opcode::Mod:
    case Opcode::Div:
    case Opcode::BitOr:
    case Opcode::BitAnd:
    case Opcode::Xor:
    case Opcode::Lt:
    case Opcode::Gt:
    case Opcode::Le:
    case Opcode::Ge:
      MOVE_CHECK(need(stack, 2));
      if (!is_int(top(stack)) || top(stack).kind != top(stack, 1).kind)
        return type_error("expected two integers of one type");
      return {};
    case Opcode::Shl:
    case Opcode::Shr:
      MOVE_CHECK(need(stack, 2));
      if (top(stack).kind != ValueKind::kU8 || !is_int(top(stack, 1)))
        return type_error("expected an integer and a u8 shift");
      return {};
    case Opcode::Or:
    case Opcode::And:
      MOVE_CHECK(need(stack, 2));
      if (top(stack).kind != ValueKind::kBool || top(stack, 1).kind != ValueKind::kBool)
        return type_error("expected two bools");
      return {};
    case Opcode::CastU8:
    case Opcode::CastU16:
    case Opcode::CastU32:
    case Opcode::CastU64:
    case Opcode::CastU128:
    case Opcode::CastU256:
      MOVE_CHECK(need(stack, 1));
      if (!is_int(top(stack))) return type_error("expected an integer");
      return {};
    case Opcode::Eq:
    case Opcode::Neq:
      MOVE_CHECK(need(stack, 2));
      // Equality walks both values; they must nest no deeper than any storable value.
      for (std::size_t i = 0; i < 2; ++i) {
        const Value* v = &top(stack, i);
        if (v->kind == ValueKind::kRef) v = referent(*v);
        if (!v || v->kind == ValueKind::kInvalid) return type_error("cannot compare");
        MOVE_CHECK(nested_depth(*v, nullptr, 1));
      }
      if (top(stack).kind != top(stack, 1).kind) return type_error("compared values differ");
      return {};
    case Opcode::Exists:
    case Opcode::ExistsGeneric:
    case Opcode::MutBorrowGlobal:
    case Opcode::MutBorrowGlobalGeneric:
    case Opcode::ImmBorrowGlobal:
    case Opcode::ImmBorrowGlobalGeneric:
    case Opcode::MoveFrom:
    case Opcode::MoveFromGeneric:
      MOVE_CHECK(need(stack, 1));
      if (top(stack).kind != ValueKind::kAddress || !top(stack).address)
        return type_error("expected an address");
      return {};
    case Opcode::MoveTo:
    case Opcode::MoveToGeneric:
      MOVE_CHECK(need(stack, 2));
      if (top(stack).kind != ValueKind::kStruct || !top(stack).container)
        return type_error("expected a struct");
      if (!value_fits(top(stack, 1), Type::of(TypeKind::kReference, {Type::of(TypeKind::kSigner)})))
        return type_error("expected a signer reference");
      MOVE_CHECK(storable({&top(stack), 1}, nullptr));
      moved_to_.emplace_back(*referent(top(stack, 1))->container->elems[0].address,
                             resource_type(f, ins));
      return {};
    case Opcode::Call:
    case Opcode::CallGeneric:
    case Opcode::Ret:
    case Opcode::Branch:
    case Opcode::Nop:
    case Opcode::LdU8:
    case Opcode::LdU16:
    case Opcode::LdU32:
    case Opcode::LdU64:
    case Opcode::LdU128:
    case Opcode::LdU256:
    case Opcode::LdTrue:
    case Opcode::LdFalse:
    case Opcode::LdConst:
      return {};
    case Opcode::VecPack:
    case Opcode::VecLen:
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow:
    case Opcode::VecPushBack:
    case Opcode::VecPopBack:
    case Opcode::VecUnpack:
    case Opcode::VecSwap:
      return guard_vector(f, ins, stack);
    default:
      return guard_struct(f, ins, stack);
  }
}

VmResult<void> RuntimeChecks::guard_vector(const CheckFrame& f, const Instruction& ins,
                                           const std::vector<Value>& stack) {
  const auto& sig = f.module.module.signatures[ins.a];
  if (sig.size() != 1) return invariant("vector instruction without one element type");
  const Type element = make_type(f.module, sig[0], f.type_args);
  const ValueKind want = primitive_value_kind(element.kind);
  // The vector behind a reference at stack position `i`, whose layout must suit the
  // instruction's element type when it is known.
  // The reference's value casts take any container for a vector; its layout check then
  // refuses a struct.
  auto vector_at = [&](std::size_t i) -> VmResult<void> {
    if (refers_to(top(stack, i), ValueKind::kStruct)) return invariant("vector layout mismatch");
    if (!refers_to(top(stack, i), ValueKind::kVector)) return type_error("expected a vector");
    const ValueKind have = element_kind(referent(top(stack, i))->container);
    if (have != ValueKind::kInvalid && have != want) return invariant("vector layout mismatch");
    return {};
  };
  switch (ins.op) {
    case Opcode::VecPack: {
      if (ins.b > stack.size()) return vm_fail(StatusCode::EMPTY_VALUE_STACK);
      const std::span<const Value> elems(stack.end() - static_cast<std::ptrdiff_t>(ins.b),
                                         stack.end());
      for (const auto& e : elems)
        if (want != ValueKind::kInvalid && e.kind != want)
          return type_error("wrong kind of element for a primitive vector");
      return storable(elems, nullptr);
    }
    case Opcode::VecLen:
    case Opcode::VecPopBack:
      MOVE_CHECK(need(stack, 1));
      return vector_at(0);
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow:
      MOVE_CHECK(need(stack, 2));
      if (top(stack).kind != ValueKind::kU64) return type_error("expected a u64 index");
      return vector_at(1);
    case Opcode::VecPushBack: {
      MOVE_CHECK(need(stack, 2));
      MOVE_CHECK(vector_at(1));
      const auto& target = referent(top(stack, 1))->container;
      const ValueKind have = element_kind(target);
      if (have != ValueKind::kInvalid && top(stack).kind != have)
        return type_error("wrong kind of element for a primitive vector");
      return storable({&top(stack), 1}, target.get());
    }
    case Opcode::VecUnpack:
      MOVE_CHECK(need(stack, 1));
      if (top(stack).kind == ValueKind::kStruct) return invariant("vector layout mismatch");
      if (top(stack).kind != ValueKind::kVector || !top(stack).container)
        return type_error("expected a vector");
      return {};
    default:  // VecSwap
      MOVE_CHECK(need(stack, 3));
      if (top(stack).kind != ValueKind::kU64 || top(stack, 1).kind != ValueKind::kU64)
        return type_error("expected u64 indices");
      return vector_at(2);
  }
}

VmResult<void> RuntimeChecks::guard_struct(const CheckFrame& f, const Instruction& ins,
                                           const std::vector<Value>& stack) {
  const BinaryTables& t = f.module.module;
  auto fields_on_stack = [&](std::size_t n) -> VmResult<void> {
    if (n > stack.size()) return vm_fail(StatusCode::EMPTY_VALUE_STACK);
    return storable({stack.end() - static_cast<std::ptrdiff_t>(n), stack.end()}, nullptr);
  };
  auto struct_on_top = [&]() -> VmResult<void> {
    MOVE_CHECK(need(stack, 1));
    if (top(stack).kind != ValueKind::kStruct || !top(stack).container)
      return type_error("expected a struct");
    return {};
  };
  auto struct_ref_on_top = [&]() -> VmResult<void> {
    MOVE_CHECK(need(stack, 1));
    if (!refers_to(top(stack), ValueKind::kStruct)) return type_error("expected a struct ref");
    return {};
  };
  switch (ins.op) {
    case Opcode::Pack:
      return fields_on_stack(t.struct_defs[ins.a].fields.size());
    case Opcode::PackGeneric:
      return fields_on_stack(
          t.struct_defs[t.struct_def_instantiations[ins.a].handle].fields.size());
    case Opcode::PackVariant:
    case Opcode::PackVariantGeneric: {
      const auto& h = t.struct_variant_handles[ins.op == Opcode::PackVariant
                                                   ? ins.a
                                                   : t.struct_variant_instantiations[ins.a].handle];
      return fields_on_stack(t.struct_defs[h.owner].variants[h.variant].fields.size());
    }
    case Opcode::Unpack:
    case Opcode::UnpackGeneric:
    case Opcode::UnpackVariant:
    case Opcode::UnpackVariantGeneric:
      return struct_on_top();
    default:  // field borrows and TestVariant
      return struct_ref_on_top();
  }
}

}  // namespace plexus::move::detail
