#include "move/binary/disassembler.hpp"

#include "core/hex.hpp"

namespace plexus::move {
namespace {

std::string ident(const BinaryTables& t, TableIndex i) {
  return i < t.identifiers.size() ? t.identifiers[i] : "<bad identifier>";
}

std::string abilities_string(AbilitySet a) {
  std::string out;
  const std::pair<std::uint8_t, const char*> names[] = {{AbilitySet::kCopy, "copy"},
                                                        {AbilitySet::kDrop, "drop"},
                                                        {AbilitySet::kStore, "store"},
                                                        {AbilitySet::kKey, "key"}};
  for (const auto& [bit, name] : names)
    if (a.has(bit)) {
      if (!out.empty()) out += ", ";
      out += name;
    }
  return out;
}

std::string signature_string(const BinaryTables& t, TableIndex s) {
  if (s >= t.signatures.size()) return "<bad signature>";
  std::string out;
  for (const auto& tok : t.signatures[s]) {
    if (!out.empty()) out += ", ";
    out += token_string(t, tok);
  }
  return out;
}

std::string struct_name(const BinaryTables& t, TableIndex def) {
  if (def >= t.struct_defs.size()) return "<bad struct>";
  return ident(t, t.struct_handles[t.struct_defs[def].handle].name);
}

std::string function_name(const BinaryTables& t, TableIndex fh) {
  const auto& h = t.function_handles[fh];
  return module_name(t, h.module) + "::" + ident(t, h.name);
}

void code_listing(std::string& out, const BinaryTables& t, const CodeUnit& c) {
  out += "    locals: (" + signature_string(t, c.locals) + ")\n";
  for (std::size_t pc = 0; pc < c.code.size(); ++pc)
    out += "    " + std::to_string(pc) + ": " + instruction_string(t, c, c.code[pc]) + "\n";
}

}  // namespace

std::string address_string(BytesView address) {
  std::string hex = to_hex(address, false);
  const auto first = hex.find_first_not_of('0');
  return std::string("0x").append(first == std::string::npos ? "0" : hex.substr(first));
}

std::string module_name(const BinaryTables& t, TableIndex module_handle) {
  const auto& h = t.module_handles[module_handle];
  return address_string(t.address_identifiers[h.address]) + "::" + ident(t, h.name);
}

std::string token_string(const BinaryTables& t, const SignatureToken& tok) {
  switch (tok.kind) {
    case TokenKind::kBool:
      return "bool";
    case TokenKind::kU8:
      return "u8";
    case TokenKind::kU16:
      return "u16";
    case TokenKind::kU32:
      return "u32";
    case TokenKind::kU64:
      return "u64";
    case TokenKind::kU128:
      return "u128";
    case TokenKind::kU256:
      return "u256";
    case TokenKind::kAddress:
      return "address";
    case TokenKind::kSigner:
      return "signer";
    case TokenKind::kVector:
      return "vector<" + token_string(t, tok.args[0]) + ">";
    case TokenKind::kReference:
      return std::string("&").append(token_string(t, tok.args[0]));
    case TokenKind::kMutableReference:
      return "&mut " + token_string(t, tok.args[0]);
    case TokenKind::kTypeParameter:
      return "T" + std::to_string(tok.index);
    case TokenKind::kStruct:
    case TokenKind::kStructInstantiation: {
      std::string out = ident(t, t.struct_handles[tok.index].name);
      if (tok.args.empty()) return out;
      out += "<";
      for (std::size_t i = 0; i < tok.args.size(); ++i) {
        if (i) out += ", ";
        out += token_string(t, tok.args[i]);
      }
      return out + ">";
    }
  }
  return "?";
}

std::string instruction_string(const BinaryTables& t, const CodeUnit& c, const Instruction& ins) {
  std::string out(opcode_name(ins.op));
  switch (ins.op) {
    case Opcode::Call:
      return out + " " + function_name(t, static_cast<TableIndex>(ins.a));
    case Opcode::CallGeneric: {
      const auto& fi = t.function_instantiations[ins.a];
      return out + " " + function_name(t, fi.handle) + "<" +
             signature_string(t, fi.type_parameters) + ">";
    }
    case Opcode::Pack:
    case Opcode::Unpack:
    case Opcode::Exists:
    case Opcode::MoveTo:
    case Opcode::MoveFrom:
    case Opcode::MutBorrowGlobal:
    case Opcode::ImmBorrowGlobal:
      return out + " " + struct_name(t, static_cast<TableIndex>(ins.a));
    case Opcode::MutBorrowField:
    case Opcode::ImmBorrowField: {
      const auto& fh = t.field_handles[ins.a];
      return out + " " + struct_name(t, fh.owner) + "." +
             ident(t, t.struct_defs[fh.owner].fields[fh.field].name);
    }
    default:
      break;
  }
  switch (operand_shape(ins.op)) {
    case OperandShape::kNone:
      return out;
    case OperandShape::kU64:
      return out + " " + std::to_string(ins.b);
    case OperandShape::kU128:
    case OperandShape::kU256: {
      const std::size_t n = operand_shape(ins.op) == OperandShape::kU128 ? 16 : 32;
      Bytes be(c.wide_literals[ins.a].rbegin() + static_cast<std::ptrdiff_t>(32 - n),
               c.wide_literals[ins.a].rend());
      return out + " " + to_hex(be);
    }
    case OperandShape::kIndexCount:
      return out + " " + std::to_string(ins.a) + ", " + std::to_string(ins.b);
    default:
      return out + " " + std::to_string(ins.a);
  }
}

std::string disassemble(const CompiledModule& m) {
  std::string out = "// bytecode version " + std::to_string(m.version()) + "\nmodule " +
                    module_name(m, m.self_module_handle) + " {\n";
  for (const auto& d : m.struct_defs) {
    const auto& h = m.struct_handles[d.handle];
    out += "  struct " + ident(m, h.name);
    if (!h.type_parameters.empty()) out += "<" + std::to_string(h.type_parameters.size()) + " tp>";
    out += " has " + abilities_string(h.abilities) + " {";
    if (d.layout == StructLayout::kNative) out += " native";
    for (const auto& f : d.fields)
      out += " " + ident(m, f.name) + ": " + token_string(m, f.type) + ",";
    for (const auto& v : d.variants) {
      out += " " + ident(m, v.name) + " {";
      for (const auto& f : v.fields)
        out += " " + ident(m, f.name) + ": " + token_string(m, f.type) + ",";
      out += " },";
    }
    out += " }\n";
  }
  static constexpr const char* kVis[] = {"", "public ", "public(script) ", "public(friend) "};
  for (const auto& d : m.function_defs) {
    const auto& h = m.function_handles[d.function];
    out += std::string("  ") + kVis[static_cast<int>(d.visibility)] + (d.is_entry ? "entry " : "") +
           (d.is_native ? "native " : "") + "fun " + ident(m, h.name);
    if (!h.type_parameters.empty()) out += "<" + std::to_string(h.type_parameters.size()) + " tp>";
    out +=
        "(" + signature_string(m, h.parameters) + "): (" + signature_string(m, h.return_) + ")\n";
    if (d.code) code_listing(out, m, *d.code);
  }
  return out + "}\n";
}

std::string disassemble(const CompiledScript& s) {
  std::string out = "// bytecode version " + std::to_string(s.version()) + "\nscript main(" +
                    signature_string(s, s.parameters) + ")\n";
  code_listing(out, s, s.code);
  return out;
}

}  // namespace plexus::move
