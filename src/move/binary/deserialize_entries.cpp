// Readers for single table entries: abilities, types, identifiers, handles and definitions.
#include "move/binary/deserializer_impl.hpp"

namespace plexus::move::detail {
namespace {

constexpr unsigned kMaxTypeDepth = 256;
constexpr std::uint64_t kMaxSignatureSize = 255;
constexpr std::uint64_t kMaxIdentifierSize = 65535;
constexpr std::uint64_t kMaxCodeSize = 65535;
constexpr std::uint64_t kMaxFields = 65535;
constexpr std::uint64_t kMaxAccessSpecifiers = 64;

// Identifiers: [a-zA-Z][a-zA-Z0-9_]* or _[a-zA-Z0-9_]+ ; "<SELF>" is the old script self name.
bool valid_identifier(std::string_view s) {
  if (s == "<SELF>") return true;
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!alpha(s[0]) && !(s[0] == '_' && s.size() > 1)) return false;
  for (char c : s)
    if (!alpha(c) && !digit(c) && c != '_') return false;
  return true;
}

VmResult<bool> read_bool(Reader& r, const char* what) {
  MOVE_TRY(const auto b, r.u8());
  if (b > 1) return vm_fail(StatusCode::MALFORMED, std::string("bad bool for ") + what);
  return b == 1;
}

VmResult<AccessSpecifier> access_specifier(Reader& r) {
  AccessSpecifier s;
  MOVE_TRY(s.kind, r.u8());
  if (s.kind < 1 || s.kind > 3) return vm_fail(StatusCode::MALFORMED, "access kind");
  MOVE_TRY(const auto neg, r.u8());
  if (neg < 1 || neg > 2) return vm_fail(StatusCode::MALFORMED, "access negation");
  s.negated = neg == 2;
  MOVE_TRY(s.resource_kind, r.u8());
  switch (s.resource_kind) {
    case 1:
      break;
    case 2:
    case 3:
    case 4: {
      MOVE_TRY(s.resource_a, r.index("resource specifier"));
      break;
    }
    case 5: {
      MOVE_TRY(s.resource_a, r.index("resource specifier"));
      MOVE_TRY(s.resource_b, r.index("resource specifier"));
      break;
    }
    default:
      return vm_fail(StatusCode::MALFORMED, "resource specifier kind");
  }
  MOVE_TRY(s.address_kind, r.u8());
  switch (s.address_kind) {
    case 1:
      break;
    case 2: {
      MOVE_TRY(s.address_a, r.index("address specifier"));
      break;
    }
    case 3: {
      MOVE_TRY(s.address_a, r.uleb(0xFF, "address parameter"));
      MOVE_TRY(const auto tag, r.u8());
      if (tag == 2) {
        MOVE_TRY(const auto fi, r.index("address function"));
        s.address_fn = fi;
      } else if (tag != 1) {
        return vm_fail(StatusCode::MALFORMED, "address function option");
      }
      break;
    }
    default:
      return vm_fail(StatusCode::MALFORMED, "address specifier kind");
  }
  return s;
}

}  // namespace

VmResult<AbilitySet> EntryReader::ability_set(Reader& r, bool struct_handle_v1) const {
  MOVE_TRY(const auto b, r.u8());
  if (version == 1) {
    // Version 1 stored a resource flag (struct handles) or a kind (type parameters).
    if (struct_handle_v1) {
      if (b > 1) return vm_fail(StatusCode::MALFORMED, "v1 resource flag");
      return AbilitySet{static_cast<std::uint8_t>(b ? AbilitySet::kKey | AbilitySet::kStore
                                                    : AbilitySet::kCopy | AbilitySet::kDrop |
                                                          AbilitySet::kStore)};
    }
    switch (b) {
      case 1:
        return AbilitySet{0};
      case 2:
        return AbilitySet{AbilitySet::kKey | AbilitySet::kStore};
      case 3:
        return AbilitySet{AbilitySet::kCopy | AbilitySet::kDrop | AbilitySet::kStore};
      default:
        return vm_fail(StatusCode::UNKNOWN_ABILITY, "v1 kind");
    }
  }
  if (b > AbilitySet::kAll) return vm_fail(StatusCode::UNKNOWN_ABILITY, std::to_string(b));
  return AbilitySet{b};
}

VmResult<std::vector<AbilitySet>> EntryReader::ability_sets(Reader& r) const {
  MOVE_TRY(const auto n, r.uleb(0xFFFF, "type parameter count"));
  std::vector<AbilitySet> out;
  for (std::uint64_t i = 0; i < n; ++i) {
    MOVE_TRY(const auto a, ability_set(r));
    out.push_back(a);
  }
  return out;
}

VmResult<SignatureToken> EntryReader::token(Reader& r, unsigned depth) const {
  if (depth > kMaxTypeDepth) return vm_fail(StatusCode::MALFORMED, "type nesting too deep");
  MOVE_TRY(const auto byte, r.u8());
  SignatureToken t;
  if (byte < 0x01 || byte > 0x0F)
    return vm_fail(StatusCode::UNKNOWN_SIGNATURE_TYPE, std::to_string(byte));
  t.kind = static_cast<TokenKind>(byte);
  switch (t.kind) {
    case TokenKind::kU16:
    case TokenKind::kU32:
    case TokenKind::kU256:
      if (version < 6) return vm_fail(StatusCode::MALFORMED, "u16/u32/u256 before v6");
      break;
    case TokenKind::kReference:
    case TokenKind::kMutableReference:
    case TokenKind::kVector: {
      MOVE_TRY(auto inner, token(r, depth + 1));
      t.args.push_back(std::move(inner));
      break;
    }
    case TokenKind::kStruct: {
      MOVE_TRY(t.index, r.index("struct handle"));
      break;
    }
    case TokenKind::kTypeParameter: {
      MOVE_TRY(t.index, r.index("type parameter"));
      break;
    }
    case TokenKind::kStructInstantiation: {
      MOVE_TRY(t.index, r.index("struct handle"));
      MOVE_TRY(const auto arity, r.uleb(kMaxSignatureSize, "type argument count"));
      if (arity == 0) return vm_fail(StatusCode::MALFORMED, "empty struct instantiation");
      for (std::uint64_t i = 0; i < arity; ++i) {
        MOVE_TRY(auto arg, token(r, depth + 1));
        t.args.push_back(std::move(arg));
      }
      break;
    }
    default:
      break;
  }
  return t;
}

VmResult<Signature> EntryReader::signature(Reader& r) const {
  MOVE_TRY(const auto n, r.uleb(kMaxSignatureSize, "signature size"));
  Signature s;
  for (std::uint64_t i = 0; i < n; ++i) {
    MOVE_TRY(auto t, token(r));
    s.push_back(std::move(t));
  }
  return s;
}

VmResult<std::string> EntryReader::identifier(Reader& r) const {
  MOVE_TRY(const auto n, r.uleb(kMaxIdentifierSize, "identifier size"));
  MOVE_TRY(const auto b, r.bytes(n));
  std::string s(b.begin(), b.end());
  if (!valid_identifier(s)) return vm_fail(StatusCode::MALFORMED, "invalid identifier");
  return s;
}

VmResult<StructHandle> EntryReader::struct_handle(Reader& r) const {
  StructHandle h;
  MOVE_TRY(h.module, r.index("module handle"));
  MOVE_TRY(h.name, r.index("identifier"));
  MOVE_TRY(h.abilities, ability_set(r, true));
  MOVE_TRY(const auto n, r.uleb(0xFFFF, "type parameter count"));
  for (std::uint64_t i = 0; i < n; ++i) {
    StructTypeParameter p;
    MOVE_TRY(p.constraints, ability_set(r));
    if (version >= 3) {
      MOVE_TRY(p.is_phantom, read_bool(r, "phantom flag"));
    }
    h.type_parameters.push_back(p);
  }
  return h;
}

VmResult<FunctionHandle> EntryReader::function_handle(Reader& r) const {
  FunctionHandle h;
  MOVE_TRY(h.module, r.index("module handle"));
  MOVE_TRY(h.name, r.index("identifier"));
  MOVE_TRY(h.parameters, r.index("signature"));
  MOVE_TRY(h.return_, r.index("signature"));
  MOVE_TRY(h.type_parameters, ability_sets(r));
  if (version >= 7) {
    MOVE_TRY(const auto tag, r.u8());
    if (tag == 2) {
      MOVE_TRY(const auto n, r.uleb(kMaxAccessSpecifiers, "access specifier count"));
      std::vector<AccessSpecifier> specs;
      for (std::uint64_t i = 0; i < n; ++i) {
        MOVE_TRY(auto s, access_specifier(r));
        specs.push_back(s);
      }
      h.access_specifiers = std::move(specs);
    } else if (tag != 1) {
      return vm_fail(StatusCode::MALFORMED, "access specifier option");
    }
  }
  return h;
}

VmResult<std::vector<FieldDefinition>> EntryReader::fields(Reader& r) const {
  MOVE_TRY(const auto n, r.uleb(kMaxFields, "field count"));
  std::vector<FieldDefinition> out;
  for (std::uint64_t i = 0; i < n; ++i) {
    FieldDefinition f;
    MOVE_TRY(f.name, r.index("identifier"));
    MOVE_TRY(f.type, token(r));
    out.push_back(std::move(f));
  }
  return out;
}

VmResult<StructDefinition> EntryReader::struct_def(Reader& r) const {
  StructDefinition d;
  MOVE_TRY(d.handle, r.index("struct handle"));
  MOVE_TRY(const auto flag, r.u8());
  if (flag == 1) {
    d.layout = StructLayout::kNative;
  } else if (flag == 2) {
    d.layout = StructLayout::kDeclared;
    MOVE_TRY(d.fields, fields(r));
  } else if (flag == 3 && version >= 7) {
    d.layout = StructLayout::kVariants;
    MOVE_TRY(const auto n, r.uleb(127, "variant count"));
    for (std::uint64_t i = 0; i < n; ++i) {
      VariantDefinition v;
      MOVE_TRY(v.name, r.index("identifier"));
      MOVE_TRY(v.fields, fields(r));
      d.variants.push_back(std::move(v));
    }
  } else {
    return vm_fail(StatusCode::UNKNOWN_NATIVE_STRUCT_FLAG, std::to_string(flag));
  }
  return d;
}

VmResult<FunctionDefinition> EntryReader::function_def(Reader& r) const {
  constexpr std::uint8_t kV1Public = 0x1, kNative = 0x2, kEntry = 0x4;
  FunctionDefinition d;
  MOVE_TRY(d.function, r.index("function handle"));
  MOVE_TRY(const auto first, r.u8());
  std::uint8_t flags = 0;
  if (version == 1) {
    if (first & ~(kV1Public | kNative)) return vm_fail(StatusCode::INVALID_FLAG_BITS);
    d.visibility = (first & kV1Public) ? Visibility::kPublic : Visibility::kPrivate;
    flags = first & kNative;
  } else {
    if (first > 3) return vm_fail(StatusCode::MALFORMED, "visibility");
    d.visibility = static_cast<Visibility>(first);
    if (d.visibility == Visibility::kScript && version >= 5)
      return vm_fail(StatusCode::MALFORMED, "script visibility after v4");
    MOVE_TRY(flags, r.u8());
    const std::uint8_t allowed = version >= 5 ? (kNative | kEntry) : kNative;
    if (flags & ~allowed) return vm_fail(StatusCode::INVALID_FLAG_BITS);
  }
  d.is_native = (flags & kNative) != 0;
  d.is_entry = (flags & kEntry) != 0 || d.visibility == Visibility::kScript;
  MOVE_TRY(const auto n, r.uleb(0xFFFF, "acquires count"));
  for (std::uint64_t i = 0; i < n; ++i) {
    MOVE_TRY(const auto s, r.index("struct definition"));
    d.acquires.push_back(s);
  }
  if (!d.is_native) {
    MOVE_TRY(d.code, code_unit(r));
  }
  return d;
}

VmResult<CodeUnit> EntryReader::code_unit(Reader& r) const {
  CodeUnit unit;
  MOVE_TRY(unit.locals, r.index("signature"));
  MOVE_TRY(const auto n, r.uleb(kMaxCodeSize, "code size"));
  unit.code.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    MOVE_TRY(const auto byte, r.u8());
    if (!is_known_opcode(byte)) return vm_fail(StatusCode::UNKNOWN_OPCODE, std::to_string(byte));
    Instruction ins{static_cast<Opcode>(byte), 0, 0};
    if (opcode_min_version(ins.op) > version)
      return vm_fail(StatusCode::MALFORMED,
                     std::string(opcode_name(ins.op)) + " in version " + std::to_string(version));
    switch (operand_shape(ins.op)) {
      case OperandShape::kNone:
        break;
      case OperandShape::kOffset: {
        MOVE_TRY(ins.a, r.index("code offset"));
        break;
      }
      case OperandShape::kLocal: {
        MOVE_TRY(ins.a, r.uleb(0xFF, "local index"));
        break;
      }
      case OperandShape::kIndex: {
        MOVE_TRY(ins.a, r.index("table index"));
        break;
      }
      case OperandShape::kIndexCount: {
        MOVE_TRY(ins.a, r.index("signature"));
        MOVE_TRY(ins.b, r.fixed(8));
        break;
      }
      case OperandShape::kU8: {
        MOVE_TRY(ins.a, r.fixed(1));
        break;
      }
      case OperandShape::kU16: {
        MOVE_TRY(ins.a, r.fixed(2));
        break;
      }
      case OperandShape::kU32: {
        MOVE_TRY(ins.a, r.fixed(4));
        break;
      }
      case OperandShape::kU64: {
        MOVE_TRY(ins.b, r.fixed(8));
        break;
      }
      case OperandShape::kU128:
      case OperandShape::kU256: {
        const std::size_t width = operand_shape(ins.op) == OperandShape::kU128 ? 16 : 32;
        MOVE_TRY(const auto raw, r.bytes(width));
        WideLiteral lit{};
        std::copy(raw.begin(), raw.end(), lit.begin());
        ins.a = static_cast<std::uint32_t>(unit.wide_literals.size());
        unit.wide_literals.push_back(lit);
        break;
      }
    }
    unit.code.push_back(ins);
  }
  return unit;
}

}  // namespace plexus::move::detail
