// Pass: type safety and ability use, per basic block (the stack is empty at block boundaries,
// so every block can be checked on its own with the declared local types).
#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {
namespace {

using Tok = SignatureToken;

Tok prim(TokenKind k) { return Tok{k, 0, {}}; }
Tok wrap(TokenKind k, Tok inner) { return Tok{k, 0, {std::move(inner)}}; }

class TypeChecker {
 public:
  explicit TypeChecker(const FunctionView& f) : f_(f), t_(*f.tables) {}

  VmResult<void> block(const BasicBlock& b) {
    stack_.clear();
    for (pc_ = b.begin; pc_ <= b.end; ++pc_) MOVE_CHECK(step(f_.code->code[pc_]));
    return {};
  }

 private:
  std::unexpected<VmError> err(StatusCode c, std::string msg = {}) const {
    return f_.error(c, pc_, std::move(msg));
  }
  AbilitySet abilities(const Tok& t) const { return abilities_of(t_, t, f_.type_parameters); }
  bool has(const Tok& t, std::uint8_t a) const { return abilities(t).has(a); }

  VmResult<Tok> pop(StatusCode on_error) {
    if (stack_.empty()) return err(on_error, "stack underflow");
    Tok t = std::move(stack_.back());
    stack_.pop_back();
    return t;
  }
  VmResult<void> pop_expect(const Tok& expected, StatusCode on_error) {
    MOVE_TRY(const Tok t, pop(on_error));
    if (t != expected) return err(on_error);
    return {};
  }
  void push(Tok t) { stack_.push_back(std::move(t)); }

  // Type of a struct definition, instantiated with `args` (empty for non-generic).
  Tok struct_type(TableIndex def, const Signature* args) const {
    const TableIndex h = t_.struct_defs[def].handle;
    if (!args) return Tok{TokenKind::kStruct, h, {}};
    return Tok{TokenKind::kStructInstantiation, h, *args};
  }
  Signature field_types(const std::vector<FieldDefinition>& fields, const Signature* args) const {
    Signature out;
    for (const auto& fd : fields) out.push_back(args ? instantiate(fd.type, *args) : fd.type);
    return out;
  }

  VmResult<void> pack(const Tok& type, const Signature& fields) {
    for (auto it = fields.rbegin(); it != fields.rend(); ++it)
      MOVE_CHECK(pop_expect(*it, StatusCode::PACK_TYPE_MISMATCH_ERROR));
    push(type);
    return {};
  }
  VmResult<void> unpack(const Tok& type, const Signature& fields) {
    MOVE_CHECK(pop_expect(type, StatusCode::UNPACK_TYPE_MISMATCH_ERROR));
    for (const auto& fd : fields) push(fd);
    return {};
  }

  VmResult<void> borrow_field(const Tok& owner, const Tok& field, bool mut) {
    MOVE_TRY(const Tok ref, pop(StatusCode::BORROWFIELD_TYPE_MISMATCH_ERROR));
    const bool ok = ref.is_reference() && ref.args[0] == owner &&
                    (!mut || ref.kind == TokenKind::kMutableReference);
    if (!ok) return err(StatusCode::BORROWFIELD_TYPE_MISMATCH_ERROR);
    push(wrap(mut ? TokenKind::kMutableReference : TokenKind::kReference, field));
    return {};
  }

  VmResult<void> call(const FunctionHandle& h, const Signature* args) {
    const auto& params = t_.signatures[h.parameters];
    for (auto it = params.rbegin(); it != params.rend(); ++it)
      MOVE_CHECK(
          pop_expect(args ? instantiate(*it, *args) : *it, StatusCode::CALL_TYPE_MISMATCH_ERROR));
    for (const auto& r : t_.signatures[h.return_]) push(args ? instantiate(r, *args) : r);
    return {};
  }

  VmResult<void> global(Opcode op, const Tok& type) {
    const bool key = has(type, AbilitySet::kKey);
    switch (op) {
      case Opcode::Exists:
      case Opcode::ExistsGeneric:
        if (!key) return err(StatusCode::EXISTS_WITHOUT_KEY_ABILITY_OR_BAD_ARGUMENT);
        MOVE_CHECK(pop_expect(prim(TokenKind::kAddress),
                              StatusCode::EXISTS_WITHOUT_KEY_ABILITY_OR_BAD_ARGUMENT));
        push(prim(TokenKind::kBool));
        return {};
      case Opcode::MutBorrowGlobal:
      case Opcode::MutBorrowGlobalGeneric:
      case Opcode::ImmBorrowGlobal:
      case Opcode::ImmBorrowGlobalGeneric: {
        if (!key) return err(StatusCode::BORROWGLOBAL_WITHOUT_KEY_ABILITY);
        MOVE_CHECK(
            pop_expect(prim(TokenKind::kAddress), StatusCode::BORROWGLOBAL_TYPE_MISMATCH_ERROR));
        const bool mut = op == Opcode::MutBorrowGlobal || op == Opcode::MutBorrowGlobalGeneric;
        push(wrap(mut ? TokenKind::kMutableReference : TokenKind::kReference, type));
        return {};
      }
      case Opcode::MoveFrom:
      case Opcode::MoveFromGeneric:
        if (!key) return err(StatusCode::MOVEFROM_WITHOUT_KEY_ABILITY);
        MOVE_CHECK(pop_expect(prim(TokenKind::kAddress), StatusCode::MOVEFROM_TYPE_MISMATCH_ERROR));
        push(type);
        return {};
      default:  // MoveTo
        if (!key) return err(StatusCode::MOVETO_WITHOUT_KEY_ABILITY);
        MOVE_CHECK(pop_expect(type, StatusCode::MOVETO_TYPE_MISMATCH_ERROR));
        MOVE_CHECK(pop_expect(wrap(TokenKind::kReference, prim(TokenKind::kSigner)),
                              StatusCode::MOVETO_TYPE_MISMATCH_ERROR));
        return {};
    }
  }

  VmResult<void> vector_op(const Instruction& ins) {
    // The signature pass rejects other arities first; checked again because reading past the
    // end of the instantiation would be undefined behaviour.
    if (t_.signatures[ins.a].size() != 1)
      return err(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH, "vector element type");
    const Tok& elem = t_.signatures[ins.a][0];
    const Tok vec = wrap(TokenKind::kVector, elem);
    const auto mismatch = StatusCode::TYPE_MISMATCH;
    auto pop_vec_ref = [&](bool mut) -> VmResult<void> {
      MOVE_TRY(const Tok r, pop(mismatch));
      if (!r.is_reference() || r.args[0] != vec || (mut && r.kind != TokenKind::kMutableReference))
        return err(mismatch, "vector reference expected");
      return {};
    };
    const Tok u64 = prim(TokenKind::kU64);
    switch (ins.op) {
      case Opcode::VecPack:
        for (std::uint64_t i = 0; i < ins.b; ++i) MOVE_CHECK(pop_expect(elem, mismatch));
        push(vec);
        return {};
      case Opcode::VecUnpack:
        MOVE_CHECK(pop_expect(vec, mismatch));
        for (std::uint64_t i = 0; i < ins.b; ++i) push(elem);
        return {};
      case Opcode::VecLen:
        MOVE_CHECK(pop_vec_ref(false));
        push(u64);
        return {};
      case Opcode::VecImmBorrow:
      case Opcode::VecMutBorrow: {
        const bool mut = ins.op == Opcode::VecMutBorrow;
        MOVE_CHECK(pop_expect(u64, mismatch));
        MOVE_CHECK(pop_vec_ref(mut));
        push(wrap(mut ? TokenKind::kMutableReference : TokenKind::kReference, elem));
        return {};
      }
      case Opcode::VecPushBack:
        MOVE_CHECK(pop_expect(elem, mismatch));
        return pop_vec_ref(true);
      case Opcode::VecPopBack:
        MOVE_CHECK(pop_vec_ref(true));
        push(elem);
        return {};
      default:  // VecSwap
        MOVE_CHECK(pop_expect(u64, mismatch));
        MOVE_CHECK(pop_expect(u64, mismatch));
        return pop_vec_ref(true);
    }
  }

  VmResult<void> binary_integer(bool comparison) {
    MOVE_TRY(const Tok b, pop(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR));
    MOVE_TRY(const Tok a, pop(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR));
    if (!a.is_integer() || a != b) return err(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR);
    push(comparison ? prim(TokenKind::kBool) : a);
    return {};
  }

  VmResult<void> variant(const Instruction& ins);
  VmResult<void> step(const Instruction& ins);

  const FunctionView& f_;
  const BinaryTables& t_;
  std::vector<Tok> stack_;
  std::size_t pc_ = 0;
};

VmResult<void> TypeChecker::variant(const Instruction& ins) {
  const TableIndex a = static_cast<TableIndex>(ins.a);
  const Signature* args = nullptr;
  switch (ins.op) {
    case Opcode::ImmBorrowVariantField:
    case Opcode::MutBorrowVariantField:
    case Opcode::ImmBorrowVariantFieldGeneric:
    case Opcode::MutBorrowVariantFieldGeneric: {
      const bool generic = ins.op == Opcode::ImmBorrowVariantFieldGeneric ||
                           ins.op == Opcode::MutBorrowVariantFieldGeneric;
      const auto& vi = generic ? t_.variant_field_instantiations[a] : Instantiation{a, 0};
      if (generic) args = &t_.signatures[vi.type_parameters];
      const auto& h = t_.variant_field_handles[vi.handle];
      const auto& def = t_.struct_defs[h.owner];
      const Tok field = def.variants[h.variants[0]].fields[h.field].type;
      for (auto v : h.variants)
        if (def.variants[v].fields[h.field].type != field)
          return err(StatusCode::BORROWFIELD_TYPE_MISMATCH_ERROR, "variant field types differ");
      const bool mut =
          ins.op == Opcode::MutBorrowVariantField || ins.op == Opcode::MutBorrowVariantFieldGeneric;
      return borrow_field(struct_type(h.owner, args), args ? instantiate(field, *args) : field,
                          mut);
    }
    default:
      break;
  }
  const bool generic = ins.op == Opcode::PackVariantGeneric ||
                       ins.op == Opcode::UnpackVariantGeneric ||
                       ins.op == Opcode::TestVariantGeneric;
  const auto& vi = generic ? t_.struct_variant_instantiations[a] : Instantiation{a, 0};
  if (generic) args = &t_.signatures[vi.type_parameters];
  const auto& h = t_.struct_variant_handles[vi.handle];
  const Tok type = struct_type(h.owner, args);
  const Signature fields = field_types(t_.struct_defs[h.owner].variants[h.variant].fields, args);
  switch (ins.op) {
    case Opcode::PackVariant:
    case Opcode::PackVariantGeneric:
      return pack(type, fields);
    case Opcode::UnpackVariant:
    case Opcode::UnpackVariantGeneric:
      return unpack(type, fields);
    default: {
      MOVE_TRY(const Tok r, pop(StatusCode::TYPE_MISMATCH));
      if (!r.is_reference() || r.args[0] != type) return err(StatusCode::TYPE_MISMATCH);
      push(prim(TokenKind::kBool));
      return {};
    }
  }
}

VmResult<void> TypeChecker::step(const Instruction& ins) {
  const TableIndex a = static_cast<TableIndex>(ins.a);
  const Tok boolean = prim(TokenKind::kBool);
  switch (ins.op) {
    case Opcode::Pop: {
      MOVE_TRY(const Tok v, pop(StatusCode::POP_WITHOUT_DROP_ABILITY));
      if (!has(v, AbilitySet::kDrop)) return err(StatusCode::POP_WITHOUT_DROP_ABILITY);
      return {};
    }
    case Opcode::Ret:
      for (auto it = f_.returns.rbegin(); it != f_.returns.rend(); ++it)
        MOVE_CHECK(pop_expect(*it, StatusCode::RET_TYPE_MISMATCH_ERROR));
      return {};
    case Opcode::BrTrue:
    case Opcode::BrFalse:
      return pop_expect(boolean, StatusCode::BR_TYPE_MISMATCH_ERROR);
    case Opcode::Branch:
    case Opcode::Nop:
      return {};
    case Opcode::Abort:
      return pop_expect(prim(TokenKind::kU64), StatusCode::ABORT_TYPE_MISMATCH_ERROR);
    case Opcode::LdU8:
      push(prim(TokenKind::kU8));
      return {};
    case Opcode::LdU16:
      push(prim(TokenKind::kU16));
      return {};
    case Opcode::LdU32:
      push(prim(TokenKind::kU32));
      return {};
    case Opcode::LdU64:
      push(prim(TokenKind::kU64));
      return {};
    case Opcode::LdU128:
      push(prim(TokenKind::kU128));
      return {};
    case Opcode::LdU256:
      push(prim(TokenKind::kU256));
      return {};
    case Opcode::LdTrue:
    case Opcode::LdFalse:
      push(boolean);
      return {};
    case Opcode::LdConst:
      push(t_.constant_pool[a].type);
      return {};
    case Opcode::CopyLoc: {
      const Tok& local = f_.locals[a];
      if (!has(local, AbilitySet::kCopy)) return err(StatusCode::COPYLOC_WITHOUT_COPY_ABILITY);
      push(local);
      return {};
    }
    case Opcode::MoveLoc:
      push(f_.locals[a]);
      return {};
    case Opcode::StLoc:
      return pop_expect(f_.locals[a], StatusCode::STLOC_TYPE_MISMATCH_ERROR);
    case Opcode::MutBorrowLoc:
    case Opcode::ImmBorrowLoc: {
      const Tok& local = f_.locals[a];
      if (local.is_reference()) return err(StatusCode::BORROWLOC_REFERENCE_ERROR);
      push(wrap(
          ins.op == Opcode::MutBorrowLoc ? TokenKind::kMutableReference : TokenKind::kReference,
          local));
      return {};
    }
    case Opcode::MutBorrowField:
    case Opcode::ImmBorrowField: {
      const auto& h = t_.field_handles[a];
      return borrow_field(struct_type(h.owner, nullptr),
                          t_.struct_defs[h.owner].fields[h.field].type,
                          ins.op == Opcode::MutBorrowField);
    }
    case Opcode::MutBorrowFieldGeneric:
    case Opcode::ImmBorrowFieldGeneric: {
      const auto& fi = t_.field_instantiations[a];
      const auto& args = t_.signatures[fi.type_parameters];
      const auto& h = t_.field_handles[fi.handle];
      return borrow_field(struct_type(h.owner, &args),
                          instantiate(t_.struct_defs[h.owner].fields[h.field].type, args),
                          ins.op == Opcode::MutBorrowFieldGeneric);
    }
    case Opcode::Call:
      return call(t_.function_handles[a], nullptr);
    case Opcode::CallGeneric: {
      const auto& fi = t_.function_instantiations[a];
      return call(t_.function_handles[fi.handle], &t_.signatures[fi.type_parameters]);
    }
    case Opcode::Pack:
    case Opcode::Unpack: {
      const Tok type = struct_type(a, nullptr);
      const Signature fields = field_types(t_.struct_defs[a].fields, nullptr);
      return ins.op == Opcode::Pack ? pack(type, fields) : unpack(type, fields);
    }
    case Opcode::PackGeneric:
    case Opcode::UnpackGeneric: {
      const auto& si = t_.struct_def_instantiations[a];
      const auto& args = t_.signatures[si.type_parameters];
      const Tok type = struct_type(si.handle, &args);
      const Signature fields = field_types(t_.struct_defs[si.handle].fields, &args);
      return ins.op == Opcode::PackGeneric ? pack(type, fields) : unpack(type, fields);
    }
    case Opcode::ReadRef: {
      MOVE_TRY(const Tok r, pop(StatusCode::READREF_TYPE_MISMATCH_ERROR));
      if (!r.is_reference()) return err(StatusCode::READREF_TYPE_MISMATCH_ERROR);
      if (!has(r.args[0], AbilitySet::kCopy)) return err(StatusCode::READREF_WITHOUT_COPY_ABILITY);
      push(r.args[0]);
      return {};
    }
    case Opcode::WriteRef: {
      MOVE_TRY(const Tok r, pop(StatusCode::WRITEREF_TYPE_MISMATCH_ERROR));
      MOVE_TRY(const Tok v, pop(StatusCode::WRITEREF_TYPE_MISMATCH_ERROR));
      // The reference's order: mutability, then the referent's drop ability, then its type.
      if (r.kind != TokenKind::kMutableReference)
        return err(StatusCode::WRITEREF_NO_MUTABLE_REFERENCE_ERROR);
      if (!has(r.args[0], AbilitySet::kDrop)) return err(StatusCode::WRITEREF_WITHOUT_DROP_ABILITY);
      if (r.args[0] != v) return err(StatusCode::WRITEREF_TYPE_MISMATCH_ERROR);
      return {};
    }
    case Opcode::FreezeRef: {
      MOVE_TRY(const Tok r, pop(StatusCode::FREEZEREF_TYPE_MISMATCH_ERROR));
      if (r.kind != TokenKind::kMutableReference)
        return err(StatusCode::FREEZEREF_TYPE_MISMATCH_ERROR);
      push(wrap(TokenKind::kReference, r.args[0]));
      return {};
    }
    case Opcode::Add:
    case Opcode::Sub:
    case Opcode::Mul:
    case Opcode::Mod:
    case Opcode::Div:
    case Opcode::BitOr:
    case Opcode::BitAnd:
    case Opcode::Xor:
      return binary_integer(false);
    case Opcode::Lt:
    case Opcode::Gt:
    case Opcode::Le:
    case Opcode::Ge:
      return binary_integer(true);
    case Opcode::Shl:
    case Opcode::Shr: {
      MOVE_CHECK(pop_expect(prim(TokenKind::kU8), StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR));
      MOVE_TRY(const Tok v, pop(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR));
      if (!v.is_integer()) return err(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR);
      push(v);
      return {};
    }
    case Opcode::Or:
    case Opcode::And:
      MOVE_CHECK(pop_expect(boolean, StatusCode::BOOLEAN_OP_TYPE_MISMATCH_ERROR));
      MOVE_CHECK(pop_expect(boolean, StatusCode::BOOLEAN_OP_TYPE_MISMATCH_ERROR));
      push(boolean);
      return {};
    case Opcode::Not:
      MOVE_CHECK(pop_expect(boolean, StatusCode::BOOLEAN_OP_TYPE_MISMATCH_ERROR));
      push(boolean);
      return {};
    case Opcode::Eq:
    case Opcode::Neq: {
      MOVE_TRY(const Tok b, pop(StatusCode::EQUALITY_OP_TYPE_MISMATCH_ERROR));
      MOVE_TRY(const Tok a2, pop(StatusCode::EQUALITY_OP_TYPE_MISMATCH_ERROR));
      if (a2 != b || !has(a2, AbilitySet::kDrop))
        return err(StatusCode::EQUALITY_OP_TYPE_MISMATCH_ERROR);
      push(boolean);
      return {};
    }
    case Opcode::CastU8:
    case Opcode::CastU16:
    case Opcode::CastU32:
    case Opcode::CastU64:
    case Opcode::CastU128:
    case Opcode::CastU256: {
      MOVE_TRY(const Tok v, pop(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR));
      if (!v.is_integer()) return err(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR);
      static constexpr std::pair<Opcode, TokenKind> kTargets[] = {
          {Opcode::CastU8, TokenKind::kU8},     {Opcode::CastU16, TokenKind::kU16},
          {Opcode::CastU32, TokenKind::kU32},   {Opcode::CastU64, TokenKind::kU64},
          {Opcode::CastU128, TokenKind::kU128}, {Opcode::CastU256, TokenKind::kU256}};
      for (const auto& [op, kind] : kTargets)
        if (op == ins.op) push(prim(kind));
      return {};
    }
    case Opcode::Exists:
    case Opcode::MutBorrowGlobal:
    case Opcode::ImmBorrowGlobal:
    case Opcode::MoveFrom:
    case Opcode::MoveTo:
      return global(ins.op, struct_type(a, nullptr));
    case Opcode::ExistsGeneric:
    case Opcode::MutBorrowGlobalGeneric:
    case Opcode::ImmBorrowGlobalGeneric:
    case Opcode::MoveFromGeneric:
    case Opcode::MoveToGeneric: {
      const auto& si = t_.struct_def_instantiations[a];
      return global(ins.op, struct_type(si.handle, &t_.signatures[si.type_parameters]));
    }
    case Opcode::VecPack:
    case Opcode::VecLen:
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow:
    case Opcode::VecPushBack:
    case Opcode::VecPopBack:
    case Opcode::VecUnpack:
    case Opcode::VecSwap:
      return vector_op(ins);
    default:
      return variant(ins);
  }
}

}  // namespace

VmResult<void> check_type_safety(const FunctionView& f, const ControlFlowGraph& g) {
  TypeChecker checker(f);
  for (const auto& b : g.blocks) MOVE_CHECK(checker.block(b));
  return {};
}

}  // namespace plexus::move::verifier
