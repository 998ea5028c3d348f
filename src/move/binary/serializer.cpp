// The exact inverse of the deserializer (same encodings, same table order).
#include <algorithm>

#include "move/binary/binary.hpp"

namespace plexus::move {

void write_uleb(Bytes& out, std::uint64_t value) {
  do {
    Byte b = value & 0x7F;
    value >>= 7;
    if (value) b |= 0x80;
    out.push_back(b);
  } while (value);
}

namespace {

void write_fixed(Bytes& out, std::uint64_t v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<Byte>(v >> (8 * i)));
}

void write_blob(Bytes& out, BytesView b) {
  write_uleb(out, b.size());
  out.insert(out.end(), b.begin(), b.end());
}

class Writer {
 public:
  explicit Writer(std::uint32_t version) : version_(version) {}

  void ability(Bytes& out, AbilitySet a, bool struct_handle = false) const {
    if (version_ != 1) {
      out.push_back(a.bits);
      return;
    }
    const bool resource = a.has(AbilitySet::kKey);
    if (struct_handle)
      out.push_back(resource ? 1 : 0);
    else
      out.push_back(resource ? 2 : (a.bits == 0 ? 1 : 3));
  }

  void abilities(Bytes& out, const std::vector<AbilitySet>& sets) const {
    write_uleb(out, sets.size());
    for (auto a : sets) ability(out, a);
  }

  static void token(Bytes& out, const SignatureToken& t) {
    out.push_back(static_cast<Byte>(t.kind));
    switch (t.kind) {
      case TokenKind::kReference:
      case TokenKind::kMutableReference:
      case TokenKind::kVector:
        token(out, t.args.at(0));
        break;
      case TokenKind::kStruct:
      case TokenKind::kTypeParameter:
        write_uleb(out, t.index);
        break;
      case TokenKind::kStructInstantiation:
        write_uleb(out, t.index);
        write_uleb(out, t.args.size());
        for (const auto& a : t.args) token(out, a);
        break;
      default:
        break;
    }
  }

  static void fields(Bytes& out, const std::vector<FieldDefinition>& fs) {
    write_uleb(out, fs.size());
    for (const auto& f : fs) {
      write_uleb(out, f.name);
      token(out, f.type);
    }
  }

  void function_handle(Bytes& out, const FunctionHandle& h) const {
    for (auto i : {h.module, h.name, h.parameters, h.return_}) write_uleb(out, i);
    abilities(out, h.type_parameters);
    if (version_ < 7) return;
    if (!h.access_specifiers) {
      out.push_back(1);
      return;
    }
    out.push_back(2);
    write_uleb(out, h.access_specifiers->size());
    for (const auto& s : *h.access_specifiers) {
      out.push_back(s.kind);
      out.push_back(s.negated ? 2 : 1);
      out.push_back(s.resource_kind);
      if (s.resource_kind >= 2) write_uleb(out, s.resource_a);
      if (s.resource_kind == 5) write_uleb(out, s.resource_b);
      out.push_back(s.address_kind);
      if (s.address_kind >= 2) write_uleb(out, s.address_a);
      if (s.address_kind == 3) {
        out.push_back(s.address_fn ? 2 : 1);
        if (s.address_fn) write_uleb(out, *s.address_fn);
      }
    }
  }

  static void code_unit(Bytes& out, const CodeUnit& c) {
    write_uleb(out, c.locals);
    write_uleb(out, c.code.size());
    for (const auto& ins : c.code) {
      out.push_back(static_cast<Byte>(ins.op));
      switch (operand_shape(ins.op)) {
        case OperandShape::kNone:
          break;
        case OperandShape::kOffset:
        case OperandShape::kLocal:
        case OperandShape::kIndex:
          write_uleb(out, ins.a);
          break;
        case OperandShape::kIndexCount:
          write_uleb(out, ins.a);
          write_fixed(out, ins.b, 8);
          break;
        case OperandShape::kU8:
          write_fixed(out, ins.a, 1);
          break;
        case OperandShape::kU16:
          write_fixed(out, ins.a, 2);
          break;
        case OperandShape::kU32:
          write_fixed(out, ins.a, 4);
          break;
        case OperandShape::kU64:
          write_fixed(out, ins.b, 8);
          break;
        case OperandShape::kU128:
        case OperandShape::kU256: {
          const std::size_t n = operand_shape(ins.op) == OperandShape::kU128 ? 16 : 32;
          const auto& lit = c.wide_literals.at(ins.a);
          out.insert(out.end(), lit.begin(), lit.begin() + static_cast<std::ptrdiff_t>(n));
          break;
        }
      }
    }
  }

  void function_def(Bytes& out, const FunctionDefinition& d) const {
    write_uleb(out, d.function);
    if (version_ == 1) {
      out.push_back(static_cast<Byte>((d.is_public() ? 1 : 0) | (d.is_native ? 2 : 0)));
    } else {
      out.push_back(static_cast<Byte>(d.visibility));
      const bool entry_flag = d.is_entry && version_ >= 5;
      out.push_back(static_cast<Byte>((d.is_native ? 2 : 0) | (entry_flag ? 4 : 0)));
    }
    write_uleb(out, d.acquires.size());
    for (auto a : d.acquires) write_uleb(out, a);
    if (d.code) code_unit(out, *d.code);
  }

  Bytes table(const BinaryTables& t, TableKind kind) const {
    Bytes out;
    auto pairs = [&](const auto& v, auto a, auto b) {
      for (const auto& e : v) {
        write_uleb(out, e.*a);
        write_uleb(out, e.*b);
      }
    };
    switch (kind) {
      case TableKind::kModuleHandles:
        pairs(t.module_handles, &ModuleHandle::address, &ModuleHandle::name);
        break;
      case TableKind::kFriendDecls:
        pairs(t.friend_decls, &ModuleHandle::address, &ModuleHandle::name);
        break;
      case TableKind::kStructHandles:
        for (const auto& h : t.struct_handles) {
          write_uleb(out, h.module);
          write_uleb(out, h.name);
          ability(out, h.abilities, true);
          write_uleb(out, h.type_parameters.size());
          for (const auto& p : h.type_parameters) {
            ability(out, p.constraints);
            if (version_ >= 3) out.push_back(p.is_phantom ? 1 : 0);
          }
        }
        break;
      case TableKind::kFunctionHandles:
        for (const auto& h : t.function_handles) function_handle(out, h);
        break;
      case TableKind::kFunctionInst:
        pairs(t.function_instantiations, &Instantiation::handle, &Instantiation::type_parameters);
        break;
      case TableKind::kStructDefInst:
        pairs(t.struct_def_instantiations, &Instantiation::handle, &Instantiation::type_parameters);
        break;
      case TableKind::kFieldInst:
        pairs(t.field_instantiations, &Instantiation::handle, &Instantiation::type_parameters);
        break;
      case TableKind::kVariantFieldInst:
        pairs(t.variant_field_instantiations, &Instantiation::handle,
              &Instantiation::type_parameters);
        break;
      case TableKind::kStructVariantInst:
        pairs(t.struct_variant_instantiations, &Instantiation::handle,
              &Instantiation::type_parameters);
        break;
      case TableKind::kFieldHandles:
        pairs(t.field_handles, &FieldHandle::owner, &FieldHandle::field);
        break;
      case TableKind::kStructVariantHandles:
        pairs(t.struct_variant_handles, &StructVariantHandle::owner, &StructVariantHandle::variant);
        break;
      case TableKind::kVariantFieldHandles:
        for (const auto& h : t.variant_field_handles) {
          write_uleb(out, h.owner);
          write_uleb(out, h.field);
          write_uleb(out, h.variants.size());
          for (auto v : h.variants) write_uleb(out, v);
        }
        break;
      case TableKind::kSignatures:
        for (const auto& s : t.signatures) {
          write_uleb(out, s.size());
          for (const auto& tok : s) token(out, tok);
        }
        break;
      case TableKind::kIdentifiers:
        for (const auto& id : t.identifiers) write_blob(out, as_bytes(id));
        break;
      case TableKind::kAddressIdentifiers:
        for (const auto& a : t.address_identifiers) out.insert(out.end(), a.begin(), a.end());
        break;
      case TableKind::kConstantPool:
        for (const auto& c : t.constant_pool) {
          token(out, c.type);
          write_blob(out, c.data);
        }
        break;
      case TableKind::kMetadata:
        for (const auto& m : t.metadata) {
          write_blob(out, m.key);
          write_blob(out, m.value);
        }
        break;
      case TableKind::kStructDefs:
        for (const auto& d : t.struct_defs) {
          write_uleb(out, d.handle);
          out.push_back(static_cast<Byte>(d.layout));
          if (d.layout == StructLayout::kDeclared) fields(out, d.fields);
          if (d.layout == StructLayout::kVariants) {
            write_uleb(out, d.variants.size());
            for (const auto& v : d.variants) {
              write_uleb(out, v.name);
              fields(out, v.fields);
            }
          }
        }
        break;
      case TableKind::kFunctionDefs:
        for (const auto& d : t.function_defs) function_def(out, d);
        break;
    }
    return out;
  }

  // Header + directory + tables. Tables keep the source file's order; new ones follow by kind.
  Bytes tables(const BinaryTables& t) const {
    std::vector<TableKind> order = t.table_order;
    for (std::uint8_t k = 0x01; k <= 0x14; ++k) {
      if (k == 0x09) continue;
      const auto kind = static_cast<TableKind>(k);
      if (std::ranges::find(order, kind) == order.end()) order.push_back(kind);
    }
    std::vector<std::pair<TableKind, Bytes>> contents;
    for (auto kind : order) {
      Bytes b = table(t, kind);
      if (!b.empty()) contents.emplace_back(kind, std::move(b));
    }
    Bytes out;
    write_fixed(out, kMagic, 4);
    write_fixed(out, t.version_word, 4);
    write_uleb(out, contents.size());
    std::uint64_t offset = 0;
    for (const auto& [kind, b] : contents) {
      out.push_back(static_cast<Byte>(kind));
      write_uleb(out, offset);
      write_uleb(out, b.size());
      offset += b.size();
    }
    for (const auto& [kind, b] : contents) out.insert(out.end(), b.begin(), b.end());
    return out;
  }

 private:
  std::uint32_t version_;
};

}  // namespace

Bytes serialize_module(const CompiledModule& module) {
  const Writer w(module.version());
  Bytes out = w.tables(module);
  write_uleb(out, module.self_module_handle);
  return out;
}

Bytes serialize_script(const CompiledScript& script) {
  const Writer w(script.version());
  Bytes out = w.tables(script);
  w.abilities(out, script.type_parameters);
  write_uleb(out, script.parameters);
  Writer::code_unit(out, script.code);
  return out;
}

}  // namespace plexus::move
