// Passes: signature well-formedness (reference placement, ability constraints of type arguments,
// phantom parameter positions), instruction consistency (generic vs non-generic operands) and
// constants (primitive types whose bytes decode as BCS of that type).
#include "move/binary/reader.hpp"
#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {
namespace {

VmResult<void> check_token(const BinaryTables& t, const SignatureToken& tok,
                           std::span<const AbilitySet> tps, bool allow_reference) {
  switch (tok.kind) {
    case TokenKind::kReference:
    case TokenKind::kMutableReference:
      if (!allow_reference) return vm_fail(StatusCode::INVALID_SIGNATURE_TOKEN, "nested reference");
      return check_token(t, tok.args[0], tps, false);
    case TokenKind::kVector:
      return check_token(t, tok.args[0], tps, false);
    case TokenKind::kStructInstantiation: {
      const auto& params = t.struct_handles[tok.index].type_parameters;
      for (std::size_t i = 0; i < tok.args.size(); ++i) {
        MOVE_CHECK(check_token(t, tok.args[i], tps, false));
        if (!tps.empty() || !contains_type_parameter(tok.args[i])) {
          if (!params[i].constraints.is_subset_of(abilities_of(t, tok.args[i], tps)))
            return vm_fail(StatusCode::CONSTRAINT_NOT_SATISFIED);
        }
      }
      return {};
    }
    default:
      return {};
  }
}

VmResult<void> check_signature(const BinaryTables& t, TableIndex sig,
                               std::span<const AbilitySet> tps, bool allow_reference) {
  for (const auto& tok : t.signatures[sig]) MOVE_CHECK(check_token(t, tok, tps, allow_reference));
  return {};
}

// Type arguments of an instantiation must satisfy the generic item's constraints.
VmResult<void> check_type_args(const BinaryTables& t, TableIndex sig,
                               std::span<const AbilitySet> required,
                               std::span<const AbilitySet> tps) {
  const auto& args = t.signatures[sig];
  if (args.size() != required.size()) return vm_fail(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
  for (std::size_t i = 0; i < args.size(); ++i) {
    MOVE_CHECK(check_token(t, args[i], tps, false));
    if (!required[i].is_subset_of(abilities_of(t, args[i], tps)))
      return vm_fail(StatusCode::CONSTRAINT_NOT_SATISFIED);
  }
  return {};
}

std::vector<AbilitySet> struct_constraints(const BinaryTables& t, TableIndex def) {
  std::vector<AbilitySet> out;
  for (const auto& p : t.struct_handles[t.struct_defs[def].handle].type_parameters)
    out.push_back(p.constraints);
  return out;
}

VmResult<void> check_phantom(const BinaryTables& t, const SignatureToken& tok,
                             const std::vector<StructTypeParameter>& own) {
  switch (tok.kind) {
    case TokenKind::kTypeParameter:
      if (tok.index < own.size() && own[tok.index].is_phantom)
        return vm_fail(StatusCode::INVALID_PHANTOM_TYPE_PARAM_POSITION);
      return {};
    case TokenKind::kStructInstantiation: {
      const auto& params = t.struct_handles[tok.index].type_parameters;
      for (std::size_t i = 0; i < tok.args.size(); ++i)
        if (!params[i].is_phantom) MOVE_CHECK(check_phantom(t, tok.args[i], own));
      return {};
    }
    default:
      for (const auto& a : tok.args) MOVE_CHECK(check_phantom(t, a, own));
      return {};
  }
}

VmResult<void> check_fields(const BinaryTables& t, const std::vector<FieldDefinition>& fields,
                            const StructHandle& h) {
  std::vector<AbilitySet> tps;
  for (const auto& p : h.type_parameters) tps.push_back(p.constraints);
  for (const auto& f : fields) {
    MOVE_CHECK(check_token(t, f.type, tps, false));
    MOVE_CHECK(check_phantom(t, f.type, h.type_parameters));
  }
  return {};
}

VmResult<void> code_signatures(const BinaryTables& t, const CodeUnit& c,
                               std::span<const AbilitySet> tps) {
  MOVE_CHECK(check_signature(t, c.locals, tps, true));
  for (const auto& ins : c.code) {
    const TableIndex a = static_cast<TableIndex>(ins.a);
    switch (ins.op) {
      case Opcode::CallGeneric: {
        const auto& fi = t.function_instantiations[a];
        MOVE_CHECK(check_type_args(t, fi.type_parameters,
                                   t.function_handles[fi.handle].type_parameters, tps));
        break;
      }
      case Opcode::PackGeneric:
      case Opcode::UnpackGeneric:
      case Opcode::ExistsGeneric:
      case Opcode::MutBorrowGlobalGeneric:
      case Opcode::ImmBorrowGlobalGeneric:
      case Opcode::MoveFromGeneric:
      case Opcode::MoveToGeneric: {
        const auto& si = t.struct_def_instantiations[a];
        MOVE_CHECK(check_type_args(t, si.type_parameters, struct_constraints(t, si.handle), tps));
        break;
      }
      case Opcode::MutBorrowFieldGeneric:
      case Opcode::ImmBorrowFieldGeneric: {
        const auto& fi = t.field_instantiations[a];
        MOVE_CHECK(check_type_args(t, fi.type_parameters,
                                   struct_constraints(t, t.field_handles[fi.handle].owner), tps));
        break;
      }
      case Opcode::PackVariantGeneric:
      case Opcode::UnpackVariantGeneric:
      case Opcode::TestVariantGeneric: {
        const auto& vi = t.struct_variant_instantiations[a];
        MOVE_CHECK(check_type_args(t, vi.type_parameters,
                                   struct_constraints(t, t.struct_variant_handles[vi.handle].owner),
                                   tps));
        break;
      }
      case Opcode::ImmBorrowVariantFieldGeneric:
      case Opcode::MutBorrowVariantFieldGeneric: {
        const auto& vi = t.variant_field_instantiations[a];
        MOVE_CHECK(check_type_args(t, vi.type_parameters,
                                   struct_constraints(t, t.variant_field_handles[vi.handle].owner),
                                   tps));
        break;
      }
      case Opcode::VecPack:
      case Opcode::VecLen:
      case Opcode::VecImmBorrow:
      case Opcode::VecMutBorrow:
      case Opcode::VecPushBack:
      case Opcode::VecPopBack:
      case Opcode::VecUnpack:
      case Opcode::VecSwap:
        if (t.signatures[a].size() != 1)
          return vm_fail(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH, "vector element type");
        MOVE_CHECK(check_signature(t, a, tps, false));
        break;
      default:
        break;
    }
  }
  return {};
}

}  // namespace

VmResult<void> check_signatures(const BinaryTables& t) {
  for (const auto& h : t.function_handles) {
    MOVE_CHECK(check_signature(t, h.parameters, h.type_parameters, true));
    MOVE_CHECK(check_signature(t, h.return_, h.type_parameters, true));
  }
  for (const auto& d : t.struct_defs) {
    const auto& h = t.struct_handles[d.handle];
    MOVE_CHECK(check_fields(t, d.fields, h));
    for (const auto& v : d.variants) MOVE_CHECK(check_fields(t, v.fields, h));
  }
  for (std::size_t i = 0; i < t.function_defs.size(); ++i) {
    const auto& d = t.function_defs[i];
    if (!d.code) continue;
    auto r = code_signatures(t, *d.code, t.function_handles[d.function].type_parameters);
    if (!r) {
      r.error().location.function = static_cast<std::uint32_t>(i);
      return r;
    }
  }
  return {};
}

// A script has no function definitions: its parameters and its one code unit (locals and the
// instantiations its instructions use) are checked here.
VmResult<void> check_script_signatures(const CompiledScript& s) {
  MOVE_CHECK(check_signature(s, s.parameters, s.type_parameters, true));
  return code_signatures(s, s.code, s.type_parameters);
}

VmResult<void> check_instruction_consistency(const BinaryTables& t, const CodeUnit& code,
                                             std::uint32_t fn) {
  for (std::size_t pc = 0; pc < code.code.size(); ++pc) {
    const auto& ins = code.code[pc];
    const TableIndex a = static_cast<TableIndex>(ins.a);
    bool generic_item = false;
    bool generic_op = false;
    switch (ins.op) {
      case Opcode::Call:
        generic_item = !t.function_handles[a].type_parameters.empty();
        break;
      case Opcode::Pack:
      case Opcode::Unpack:
      case Opcode::Exists:
      case Opcode::MutBorrowGlobal:
      case Opcode::ImmBorrowGlobal:
      case Opcode::MoveFrom:
      case Opcode::MoveTo:
        generic_item = !t.struct_handles[t.struct_defs[a].handle].type_parameters.empty();
        break;
      case Opcode::MutBorrowField:
      case Opcode::ImmBorrowField:
        generic_item = !t.struct_handles[t.struct_defs[t.field_handles[a].owner].handle]
                            .type_parameters.empty();
        break;
      case Opcode::PackVariant:
      case Opcode::UnpackVariant:
      case Opcode::TestVariant:
        generic_item = !t.struct_handles[t.struct_defs[t.struct_variant_handles[a].owner].handle]
                            .type_parameters.empty();
        break;
      case Opcode::ImmBorrowVariantField:
      case Opcode::MutBorrowVariantField:
        generic_item = !t.struct_handles[t.struct_defs[t.variant_field_handles[a].owner].handle]
                            .type_parameters.empty();
        break;
      case Opcode::CallGeneric:
        generic_op = true;
        generic_item =
            !t.function_handles[t.function_instantiations[a].handle].type_parameters.empty();
        break;
      case Opcode::PackGeneric:
      case Opcode::UnpackGeneric:
      case Opcode::ExistsGeneric:
      case Opcode::MutBorrowGlobalGeneric:
      case Opcode::ImmBorrowGlobalGeneric:
      case Opcode::MoveFromGeneric:
      case Opcode::MoveToGeneric:
        generic_op = true;
        generic_item =
            !t.struct_handles[t.struct_defs[t.struct_def_instantiations[a].handle].handle]
                 .type_parameters.empty();
        break;
      case Opcode::VecPack:
      case Opcode::VecUnpack:
        if (ins.b > 0xFFFF)
          return vm_fail(StatusCode::CONSTRAINT_NOT_SATISFIED, "vector count",
                         {fn, static_cast<std::uint32_t>(pc)});
        continue;
      default:
        continue;
    }
    if (generic_item != generic_op)
      return vm_fail(StatusCode::GENERIC_MEMBER_OPCODE_MISMATCH, std::string(opcode_name(ins.op)),
                     {fn, static_cast<std::uint32_t>(pc)});
  }
  return {};
}

namespace {

bool constant_type_ok(const SignatureToken& tok) {
  switch (tok.kind) {
    case TokenKind::kVector:
      return constant_type_ok(tok.args[0]);
    case TokenKind::kBool:
    case TokenKind::kAddress:
      return true;
    default:
      return tok.is_integer();
  }
}

VmResult<void> skip(detail::Reader& r, std::size_t n) {
  MOVE_TRY(const auto b, r.bytes(n));
  (void)b;
  return {};
}

VmResult<void> decode_constant(detail::Reader& r, const SignatureToken& tok, std::size_t addr_len) {
  switch (tok.kind) {
    case TokenKind::kBool: {
      MOVE_TRY(const auto b, r.u8());
      if (b > 1) return vm_fail(StatusCode::MALFORMED_CONSTANT_DATA);
      return {};
    }
    case TokenKind::kU8:
      return skip(r, 1);
    case TokenKind::kU16:
      return skip(r, 2);
    case TokenKind::kU32:
      return skip(r, 4);
    case TokenKind::kU64:
      return skip(r, 8);
    case TokenKind::kU128:
      return skip(r, 16);
    case TokenKind::kU256:
      return skip(r, 32);
    case TokenKind::kAddress:
      return skip(r, addr_len);
    case TokenKind::kVector: {
      MOVE_TRY(const auto n, r.uleb(0xFFFFFFFF, "vector length"));
      for (std::uint64_t i = 0; i < n; ++i) MOVE_CHECK(decode_constant(r, tok.args[0], addr_len));
      return {};
    }
    default:
      return vm_fail(StatusCode::INVALID_CONSTANT_TYPE);
  }
}

}  // namespace

VmResult<void> check_constants(const BinaryTables& t) {
  for (const auto& c : t.constant_pool) {
    if (!constant_type_ok(c.type)) return vm_fail(StatusCode::INVALID_CONSTANT_TYPE);
    detail::Reader r(c.data);
    auto ok = decode_constant(r, c.type, t.address_length);
    if (!ok || !r.at_end()) return vm_fail(StatusCode::MALFORMED_CONSTANT_DATA);
  }
  return {};
}

}  // namespace plexus::move::verifier
