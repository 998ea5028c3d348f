// Verifier pass 1: every index in every table and instruction points inside its table, type
// parameter indices are within the declaring item's parameter count, and struct instantiations
// have the declared number of type arguments.
#include "move/binary/binary.hpp"

namespace plexus::move {
namespace {

class BoundsChecker {
 public:
  explicit BoundsChecker(const BinaryTables& t) : t_(t) {}

  VmResult<void> tables(bool module) {
    for (const auto& h : t_.module_handles) MOVE_CHECK(module_handle(h));
    for (const auto& h : t_.friend_decls) MOVE_CHECK(module_handle(h));
    for (const auto& h : t_.struct_handles) {
      MOVE_CHECK(in(h.module, t_.module_handles.size(), "module handle"));
      MOVE_CHECK(in(h.name, t_.identifiers.size(), "identifier"));
    }
    for (const auto& h : t_.function_handles) {
      MOVE_CHECK(in(h.module, t_.module_handles.size(), "module handle"));
      MOVE_CHECK(in(h.name, t_.identifiers.size(), "identifier"));
      MOVE_CHECK(signature(h.parameters, h.type_parameters.size()));
      MOVE_CHECK(signature(h.return_, h.type_parameters.size()));
    }
    for (const auto& i : t_.function_instantiations) {
      MOVE_CHECK(in(i.handle, t_.function_handles.size(), "function handle"));
      MOVE_CHECK(in(i.type_parameters, t_.signatures.size(), "signature"));
    }
    for (const auto& i : t_.struct_def_instantiations) {
      MOVE_CHECK(in(i.handle, t_.struct_defs.size(), "struct definition"));
      MOVE_CHECK(in(i.type_parameters, t_.signatures.size(), "signature"));
    }
    for (const auto& i : t_.field_instantiations) {
      MOVE_CHECK(in(i.handle, t_.field_handles.size(), "field handle"));
      MOVE_CHECK(in(i.type_parameters, t_.signatures.size(), "signature"));
    }
    for (const auto& i : t_.variant_field_instantiations) {
      MOVE_CHECK(in(i.handle, t_.variant_field_handles.size(), "variant field handle"));
      MOVE_CHECK(in(i.type_parameters, t_.signatures.size(), "signature"));
    }
    for (const auto& i : t_.struct_variant_instantiations) {
      MOVE_CHECK(in(i.handle, t_.struct_variant_handles.size(), "struct variant handle"));
      MOVE_CHECK(in(i.type_parameters, t_.signatures.size(), "signature"));
    }
    // Signature tokens are checked without a type-parameter context here (any index is accepted)
    // and again with the declaring function's parameter count where they are used.
    for (const auto& s : t_.signatures)
      for (const auto& tok : s) MOVE_CHECK(token(tok, kAnyTypeParams));
    for (const auto& c : t_.constant_pool) MOVE_CHECK(token(c.type, 0));
    for (const auto& h : t_.field_handles) {
      MOVE_CHECK(in(h.owner, t_.struct_defs.size(), "struct definition"));
      MOVE_CHECK(in(h.field, t_.struct_defs[h.owner].fields.size(), "field"));
    }
    for (const auto& h : t_.variant_field_handles) MOVE_CHECK(variant_field_handle(h));
    for (const auto& h : t_.struct_variant_handles) {
      MOVE_CHECK(in(h.owner, t_.struct_defs.size(), "struct definition"));
      MOVE_CHECK(in(h.variant, t_.struct_defs[h.owner].variants.size(), "variant"));
    }
    for (const auto& d : t_.struct_defs) MOVE_CHECK(struct_def(d));
    for (std::size_t i = 0; i < t_.function_defs.size(); ++i) {
      const auto& d = t_.function_defs[i];
      MOVE_CHECK(in(d.function, t_.function_handles.size(), "function handle"));
      for (auto a : d.acquires) MOVE_CHECK(in(a, t_.struct_defs.size(), "struct definition"));
      if (d.code) {
        const auto& h = t_.function_handles[d.function];
        MOVE_CHECK(code(*d.code, h.parameters, h.type_parameters.size(), i));
      }
    }
    (void)module;
    return {};
  }

  VmResult<void> code(const CodeUnit& c, TableIndex params, std::size_t type_params,
                      std::size_t fn) {
    MOVE_CHECK(signature(c.locals, type_params));
    MOVE_CHECK(signature(params, type_params));
    const std::size_t locals = t_.signatures[params].size() + t_.signatures[c.locals].size();
    if (locals > 255) return vm_fail(StatusCode::TOO_MANY_LOCALS);
    for (std::size_t pc = 0; pc < c.code.size(); ++pc) {
      const auto& ins = c.code[pc];
      auto r = instruction(ins, c, locals, type_params);
      if (!r) {
        r.error().location = {static_cast<std::uint32_t>(fn), static_cast<std::uint32_t>(pc)};
        return r;
      }
    }
    return {};
  }

 private:
  static constexpr std::size_t kAnyTypeParams = ~std::size_t{0};

  static VmResult<void> in(std::size_t index, std::size_t size, const char* what) {
    if (index >= size)
      return vm_fail(
          StatusCode::INDEX_OUT_OF_BOUNDS,
          std::string(what) + " " + std::to_string(index) + " >= " + std::to_string(size));
    return {};
  }

  VmResult<void> module_handle(const ModuleHandle& h) {
    MOVE_CHECK(in(h.address, t_.address_identifiers.size(), "address"));
    return in(h.name, t_.identifiers.size(), "identifier");
  }

  VmResult<void> signature(TableIndex s, std::size_t type_params) {
    MOVE_CHECK(in(s, t_.signatures.size(), "signature"));
    for (const auto& tok : t_.signatures[s]) MOVE_CHECK(token(tok, type_params));
    return {};
  }

  VmResult<void> token(const SignatureToken& tok, std::size_t type_params) {
    switch (tok.kind) {
      case TokenKind::kTypeParameter:
        if (type_params != kAnyTypeParams) MOVE_CHECK(in(tok.index, type_params, "type parameter"));
        return {};
      case TokenKind::kStruct:
      case TokenKind::kStructInstantiation: {
        MOVE_CHECK(in(tok.index, t_.struct_handles.size(), "struct handle"));
        if (t_.struct_handles[tok.index].type_parameters.size() != tok.args.size())
          return vm_fail(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
        break;
      }
      default:
        break;
    }
    for (const auto& a : tok.args) MOVE_CHECK(token(a, type_params));
    return {};
  }

  VmResult<void> variant_field_handle(const VariantFieldHandle& h) {
    MOVE_CHECK(in(h.owner, t_.struct_defs.size(), "struct definition"));
    const auto& variants = t_.struct_defs[h.owner].variants;
    if (h.variants.empty()) return vm_fail(StatusCode::INDEX_OUT_OF_BOUNDS, "no variants");
    for (auto v : h.variants) {
      MOVE_CHECK(in(v, variants.size(), "variant"));
      MOVE_CHECK(in(h.field, variants[v].fields.size(), "variant field"));
    }
    return {};
  }

  VmResult<void> struct_def(const StructDefinition& d) {
    MOVE_CHECK(in(d.handle, t_.struct_handles.size(), "struct handle"));
    const std::size_t tps = t_.struct_handles[d.handle].type_parameters.size();
    for (const auto& f : d.fields) {
      MOVE_CHECK(in(f.name, t_.identifiers.size(), "identifier"));
      MOVE_CHECK(token(f.type, tps));
    }
    for (const auto& v : d.variants) {
      MOVE_CHECK(in(v.name, t_.identifiers.size(), "identifier"));
      for (const auto& f : v.fields) {
        MOVE_CHECK(in(f.name, t_.identifiers.size(), "identifier"));
        MOVE_CHECK(token(f.type, tps));
      }
    }
    return {};
  }

  VmResult<void> inst_sig(TableIndex sig, std::size_t type_params) {
    return signature(sig, type_params);
  }

  VmResult<void> instruction(const Instruction& ins, const CodeUnit& c, std::size_t locals,
                             std::size_t tps) {
    const std::uint32_t a = ins.a;
    switch (ins.op) {
      case Opcode::BrTrue:
      case Opcode::BrFalse:
      case Opcode::Branch:
        return in(a, c.code.size(), "code offset");
      case Opcode::LdConst:
        return in(a, t_.constant_pool.size(), "constant");
      case Opcode::CopyLoc:
      case Opcode::MoveLoc:
      case Opcode::StLoc:
      case Opcode::MutBorrowLoc:
      case Opcode::ImmBorrowLoc:
        return in(a, locals, "local");
      case Opcode::MutBorrowField:
      case Opcode::ImmBorrowField:
        return in(a, t_.field_handles.size(), "field handle");
      case Opcode::MutBorrowFieldGeneric:
      case Opcode::ImmBorrowFieldGeneric:
        MOVE_CHECK(in(a, t_.field_instantiations.size(), "field instantiation"));
        return inst_sig(t_.field_instantiations[a].type_parameters, tps);
      case Opcode::Call:
        return in(a, t_.function_handles.size(), "function handle");
      case Opcode::CallGeneric:
        MOVE_CHECK(in(a, t_.function_instantiations.size(), "function instantiation"));
        return inst_sig(t_.function_instantiations[a].type_parameters, tps);
      case Opcode::Pack:
      case Opcode::Unpack:
      case Opcode::Exists:
      case Opcode::MutBorrowGlobal:
      case Opcode::ImmBorrowGlobal:
      case Opcode::MoveFrom:
      case Opcode::MoveTo:
        return in(a, t_.struct_defs.size(), "struct definition");
      case Opcode::PackGeneric:
      case Opcode::UnpackGeneric:
      case Opcode::ExistsGeneric:
      case Opcode::MutBorrowGlobalGeneric:
      case Opcode::ImmBorrowGlobalGeneric:
      case Opcode::MoveFromGeneric:
      case Opcode::MoveToGeneric:
        MOVE_CHECK(in(a, t_.struct_def_instantiations.size(), "struct instantiation"));
        return inst_sig(t_.struct_def_instantiations[a].type_parameters, tps);
      case Opcode::VecPack:
      case Opcode::VecLen:
      case Opcode::VecImmBorrow:
      case Opcode::VecMutBorrow:
      case Opcode::VecPushBack:
      case Opcode::VecPopBack:
      case Opcode::VecUnpack:
      case Opcode::VecSwap:
        return signature(static_cast<TableIndex>(a), tps);
      case Opcode::ImmBorrowVariantField:
      case Opcode::MutBorrowVariantField:
        return in(a, t_.variant_field_handles.size(), "variant field handle");
      case Opcode::ImmBorrowVariantFieldGeneric:
      case Opcode::MutBorrowVariantFieldGeneric:
        MOVE_CHECK(in(a, t_.variant_field_instantiations.size(), "variant field inst"));
        return inst_sig(t_.variant_field_instantiations[a].type_parameters, tps);
      case Opcode::PackVariant:
      case Opcode::UnpackVariant:
      case Opcode::TestVariant:
        return in(a, t_.struct_variant_handles.size(), "struct variant handle");
      case Opcode::PackVariantGeneric:
      case Opcode::UnpackVariantGeneric:
      case Opcode::TestVariantGeneric:
        MOVE_CHECK(in(a, t_.struct_variant_instantiations.size(), "struct variant inst"));
        return inst_sig(t_.struct_variant_instantiations[a].type_parameters, tps);
      default:
        return {};
    }
  }

  const BinaryTables& t_;
};

}  // namespace

VmResult<void> check_bounds(const CompiledModule& module) {
  if (module.module_handles.empty()) return vm_fail(StatusCode::NO_MODULE_HANDLES);
  if (module.self_module_handle >= module.module_handles.size())
    return vm_fail(StatusCode::INDEX_OUT_OF_BOUNDS, "self module handle");
  return BoundsChecker(module).tables(true);
}

VmResult<void> check_bounds(const CompiledScript& script) {
  BoundsChecker checker(script);
  MOVE_CHECK(checker.tables(false));
  return checker.code(script.code, script.parameters, script.type_parameters.size(),
                      Location::kNone);
}

}  // namespace plexus::move
