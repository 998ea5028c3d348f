#include "move/ir/printer.hpp"

#include <map>
#include <set>

#include "core/hex.hpp"
#include "move/binary/disassembler.hpp"

// GCC 12 reports a false -Wrestrict inside std::string's operator+ (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"

namespace plexus::move::ir {
namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::string type_params_string(const std::vector<std::string>& v) {
  return v.empty() ? "" : "<" + join(v, ", ") + ">";
}

std::string abilities_list(AbilitySet a, const std::string& sep) {
  std::vector<std::string> names;
  if (a.has(AbilitySet::kCopy)) names.push_back("copy");
  if (a.has(AbilitySet::kDrop)) names.push_back("drop");
  if (a.has(AbilitySet::kStore)) names.push_back("store");
  if (a.has(AbilitySet::kKey)) names.push_back("key");
  return join(names, sep);
}

// Rust's {:?} of a signature token, used for constants.
std::string token_debug(const SignatureToken& t) {
  switch (t.kind) {
    case TokenKind::kBool: return "Bool";
    case TokenKind::kU8: return "U8";
    case TokenKind::kU16: return "U16";
    case TokenKind::kU32: return "U32";
    case TokenKind::kU64: return "U64";
    case TokenKind::kU128: return "U128";
    case TokenKind::kU256: return "U256";
    case TokenKind::kAddress: return "Address";
    case TokenKind::kSigner: return "Signer";
    case TokenKind::kVector: return "Vector(" + token_debug(t.args[0]) + ")";
    default: return "?";
  }
}

class Printer {
 public:
  Printer(const BinaryTables& t, std::optional<TableIndex> self) : t_(t), self_(self) {
    std::map<std::string, int> counts;
    if (self_) counts[ident(t_.module_handles[*self_].name)] = 0;
    for (std::size_t i = 0; i < t_.module_handles.size(); ++i) {
      const std::string name = ident(t_.module_handles[i].name);
      auto it = counts.find(name);
      if (it == counts.end()) {
        counts[name] = 0;
        continue;
      }
      // Modules sharing a name get numbered aliases ("0vector", "1vector", ...).
      if (!aliases_.contains(module_key(i)))
        aliases_[module_key(i)] = std::to_string(it->second) + name;
      ++it->second;
    }
  }

  std::string module_header_name(TableIndex mh) const {
    std::string hex = to_hex(t_.address_identifiers[t_.module_handles[mh].address], false);
    const auto first = hex.find_first_not_of('0');
    return (first == std::string::npos ? "0" : hex.substr(first)) + "." +
           ident(t_.module_handles[mh].name);
  }

  std::vector<std::string> imports() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t_.module_handles.size(); ++i) {
      if (is_self(static_cast<TableIndex>(i))) continue;
      const auto& h = t_.module_handles[i];
      std::string line =
          "use " + to_hex(t_.address_identifiers[h.address], false) + "::" + ident(h.name);
      if (auto a = aliases_.find(module_key(i)); a != aliases_.end()) line += " as " + a->second;
      out.push_back(line + ";");
    }
    return out;
  }

  std::string struct_def(const StructDefinition& d) const {
    const auto& h = t_.struct_handles[d.handle];
    std::vector<std::string> tps;
    for (std::size_t i = 0; i < h.type_parameters.size(); ++i) {
      const auto& tp = h.type_parameters[i];
      std::string s = std::string(tp.is_phantom ? "phantom " : "") + "Ty" + std::to_string(i);
      if (tp.constraints.bits) s += ": " + abilities_list(tp.constraints, " + ");
      tps.push_back(s);
    }
    std::vector<std::string> fields;
    for (const auto& f : d.fields) fields.push_back(ident(f.name) + ": " + tok(f.type));
    if (!fields.empty()) {
      fields.front().insert(0, "{\n\t");
      fields.back() += "\n}";
    }
    return std::string(d.layout == StructLayout::kNative ? "native " : "") + "struct " +
           ident(h.name) + type_params_string(tps) +
           (h.abilities.bits ? " has " + abilities_list(h.abilities, ", ") : "") + " " +
           join(fields, ",\n\t");
  }

  std::string function(const FunctionDefinition* def, const std::string& name,
                       const std::vector<AbilitySet>& type_params, TableIndex params,
                       std::optional<TableIndex> returns, const CodeUnit* code) const {
    std::string prefix;
    if (def) {
      prefix += def->is_entry ? "entry " : "";
      prefix += def->is_native ? "native " : "";
      prefix += def->visibility == Visibility::kFriend   ? "public(friend) "
                : def->visibility == Visibility::kPrivate ? ""
                                                          : "public ";
    }
    std::vector<std::string> tps;
    for (std::size_t i = 0; i < type_params.size(); ++i)
      tps.push_back("Ty" + std::to_string(i) +
                    (type_params[i].bits ? ": " + abilities_list(type_params[i], " + ") : ""));
    const Signature& ps = t_.signatures[params];
    std::vector<std::string> args;
    for (std::size_t i = 0; i < ps.size(); ++i)
      args.push_back("Arg" + std::to_string(i) + ": " + tok(ps[i]));
    std::string out = prefix + name + type_params_string(tps) + "(" + join(args, ", ") + ")";
    if (returns) out += ret_string(t_.signatures[*returns]);
    if (code) out += body(*code, ps);
    return out;
  }

  bool is_self(TableIndex mh) const {
    return self_ && t_.module_handles[mh] == t_.module_handles[*self_];
  }

 private:
  std::string ident(TableIndex i) const { return t_.identifiers[i]; }
  std::string module_key(std::size_t mh) const {
    const auto& h = t_.module_handles[mh];
    return to_hex(t_.address_identifiers[h.address], false) + "::" + ident(h.name);
  }

  std::string tok(const SignatureToken& t, const std::vector<std::string>* tp_names = nullptr) const {
    switch (t.kind) {
      case TokenKind::kVector: return "vector<" + tok(t.args[0], tp_names) + ">";
      case TokenKind::kReference: return "&" + tok(t.args[0], tp_names);
      case TokenKind::kMutableReference: return "&mut " + tok(t.args[0], tp_names);
      case TokenKind::kTypeParameter:
        if (tp_names) return t.index < tp_names->size() ? (*tp_names)[t.index] : "?";
        return "Ty" + std::to_string(t.index);
      case TokenKind::kStruct:
      case TokenKind::kStructInstantiation: {
        std::vector<std::string> args;
        for (const auto& a : t.args) args.push_back(tok(a, tp_names));
        return ident(t_.struct_handles[t.index].name) + type_params_string(args);
      }
      default: return token_string(t_, t);  // primitives print the same everywhere
    }
  }

  std::string ret_string(const Signature& s, const std::vector<std::string>* tp = nullptr) const {
    std::vector<std::string> v;
    for (const auto& t : s) v.push_back(tok(t, tp));
    return v.empty() ? "" : ": " + join(v, " * ");
  }

  std::string local_ref(const char* op, std::uint32_t idx, const Signature& params,
                        const Signature& locals) const {
    std::string name, type;
    if (idx < params.size()) {
      name = "Arg" + std::to_string(idx);
      type = tok(params[idx]);
    } else {
      name = "loc" + std::to_string(idx - params.size());
      type = idx - params.size() < locals.size() ? tok(locals[idx - params.size()]) : "?";
    }
    return std::string(op) + "[" + std::to_string(idx) + "](" + name + ": " + type + ")";
  }

  std::string field_ref(const char* op, std::uint32_t inst_or_handle, TableIndex fh) const {
    const auto& h = t_.field_handles[fh];
    const auto& d = t_.struct_defs[h.owner];
    const auto& f = d.fields[h.field];
    return std::string(op) + "[" + std::to_string(inst_or_handle) + "](" +
           ident(t_.struct_handles[d.handle].name) + "." + ident(f.name) + ": " + tok(f.type) +
           ")";
  }

  std::string struct_ref(const char* op, std::uint32_t idx, TableIndex def,
                         const Signature* args) const {
    std::vector<std::string> v;
    if (args)
      for (const auto& a : *args) v.push_back(tok(a));
    return std::string(op) + "[" + std::to_string(idx) + "](" +
           ident(t_.struct_handles[t_.struct_defs[def].handle].name) + type_params_string(v) +
           ")";
  }

  std::string call(TableIndex fh, const Signature* type_args) const {
    const auto& h = t_.function_handles[fh];
    std::string name = ident(h.name);
    if (!is_self(h.module)) {
      auto a = aliases_.find(module_key(h.module));
      name = (a != aliases_.end() ? a->second : ident(t_.module_handles[h.module].name)) + "::" +
             name;
    }
    std::vector<std::string> targs;
    if (type_args)
      for (const auto& a : *type_args) targs.push_back(tok(a));
    std::vector<std::string> ps;
    for (const auto& p : t_.signatures[h.parameters]) ps.push_back(tok(p, &targs));
    return "Call " + name + type_params_string(targs) + "(" + join(ps, ", ") + ")" +
           ret_string(t_.signatures[h.return_], &targs);
  }

  std::string instruction(const Instruction& i, const CodeUnit& c, const Signature& params,
                          const Signature& locals) const;
  std::string body(const CodeUnit& c, const Signature& params) const;

  const BinaryTables& t_;
  std::optional<TableIndex> self_;
  std::map<std::string, std::string> aliases_;
};

std::string Printer::instruction(const Instruction& i, const CodeUnit& c, const Signature& params,
                                 const Signature& locals) const {
  const std::string name(opcode_name(i.op));
  auto inst = [&](const std::vector<Instantiation>& v) -> const Instantiation& { return v[i.a]; };
  switch (i.op) {
    case Opcode::LdConst: {
      const auto& k = t_.constant_pool[i.a];
      std::vector<std::string> bytes;
      for (Byte b : k.data) bytes.push_back(std::to_string(b));
      return "LdConst[" + std::to_string(i.a) + "](" + token_debug(k.type) + ": [" +
             join(bytes, ", ") + "])";
    }
    case Opcode::CopyLoc: case Opcode::MoveLoc: case Opcode::StLoc: case Opcode::MutBorrowLoc:
    case Opcode::ImmBorrowLoc:
      return local_ref(name.c_str(), i.a, params, locals);
    case Opcode::MutBorrowField: case Opcode::ImmBorrowField:
      return field_ref(name.c_str(), i.a, static_cast<TableIndex>(i.a));
    case Opcode::MutBorrowFieldGeneric: case Opcode::ImmBorrowFieldGeneric:
      return field_ref(name.c_str(), i.a, inst(t_.field_instantiations).handle);
    case Opcode::Pack: case Opcode::Unpack: case Opcode::Exists: case Opcode::MutBorrowGlobal:
    case Opcode::ImmBorrowGlobal: case Opcode::MoveFrom: case Opcode::MoveTo:
      return struct_ref(name.c_str(), i.a, static_cast<TableIndex>(i.a), nullptr);
    case Opcode::PackGeneric: case Opcode::UnpackGeneric: case Opcode::ExistsGeneric:
    case Opcode::MutBorrowGlobalGeneric: case Opcode::ImmBorrowGlobalGeneric:
    case Opcode::MoveFromGeneric: case Opcode::MoveToGeneric: {
      const auto& si = inst(t_.struct_def_instantiations);
      return struct_ref(name.c_str(), i.a, si.handle, &t_.signatures[si.type_parameters]);
    }
    case Opcode::Call: return call(static_cast<TableIndex>(i.a), nullptr);
    case Opcode::CallGeneric: {
      const auto& fi = inst(t_.function_instantiations);
      return call(fi.handle, &t_.signatures[fi.type_parameters]);
    }
    case Opcode::LdU64: return name + "(" + std::to_string(i.b) + ")";
    case Opcode::LdU128: case Opcode::LdU256: {
      // Decimal rendering of the little-endian literal by repeated division.
      auto w = c.wide_literals[i.a];
      std::string digits;
      for (;;) {
        unsigned rem = 0;
        bool nonzero = false;
        for (int k = 31; k >= 0; --k) {
          const unsigned cur = (rem << 8) | w[static_cast<std::size_t>(k)];
          w[static_cast<std::size_t>(k)] = static_cast<Byte>(cur / 10);
          rem = cur % 10;
          nonzero |= w[static_cast<std::size_t>(k)] != 0;
        }
        digits.insert(digits.begin(), static_cast<char>('0' + rem));
        if (!nonzero) break;
      }
      return name + "(" + digits + ")";
    }
    case Opcode::VecPack: case Opcode::VecUnpack:
      return name + "(" + std::to_string(i.a) + ", " + std::to_string(i.b) + ")";
    default: break;
  }
  if (operand_shape(i.op) == OperandShape::kNone) return name;
  return name + "(" + std::to_string(i.a) + ")";
}

std::string Printer::body(const CodeUnit& c, const Signature& params) const {
  const Signature& locals = t_.signatures[c.locals];
  std::vector<std::string> lines;
  // Like the reference, the listing skips as many locals as there are parameters.
  for (std::size_t j = params.size(); j < locals.size(); ++j)
    lines.push_back("L" + std::to_string(j - params.size()) + ":\tloc" + std::to_string(j) + ": " +
                    tok(locals[j]));
  std::set<std::size_t> starts{0};
  for (std::size_t pc = 0; pc < c.code.size(); ++pc) {
    const Opcode op = c.code[pc].op;
    if (op == Opcode::BrTrue || op == Opcode::BrFalse || op == Opcode::Branch)
      starts.insert(c.code[pc].a);
    if ((op == Opcode::BrTrue || op == Opcode::BrFalse || op == Opcode::Branch ||
         op == Opcode::Ret || op == Opcode::Abort) &&
        pc + 1 < c.code.size())
      starts.insert(pc + 1);
  }
  std::size_t block = 0;
  for (std::size_t pc = 0; pc < c.code.size(); ++pc) {
    if (starts.contains(pc)) lines.push_back("B" + std::to_string(block++) + ":");
    lines.push_back("\t" + std::to_string(pc) + ": " +
                    instruction(c.code[pc], c, params, locals));
  }
  if (lines.empty()) return "";
  return " {\n" + join(lines, "\n") + "\n}";
}

std::string layout(const std::string& version, const std::string& header,
                   const std::vector<std::string>& imports, const std::vector<std::string>& structs,
                   const std::vector<std::string>& functions) {
  const std::string imports_str = imports.empty() ? "" : "\n" + join(imports, "\n") + "\n\n";
  return "// Move bytecode v" + version + "\n" + header + " {" + imports_str + "\n" +
         join(structs, "\n") + "\n\n" + join(functions, "\n") + "\n}";
}

}  // namespace

std::string print_bytecode(const CompiledModule& m) {
  Printer p(m, m.self_module_handle);
  std::vector<std::string> structs, functions;
  for (const auto& d : m.struct_defs) structs.push_back(p.struct_def(d));
  for (const auto& d : m.function_defs) {
    const auto& h = m.function_handles[d.function];
    functions.push_back(p.function(&d, m.identifiers[h.name], h.type_parameters, h.parameters,
                                   h.return_, d.code ? &*d.code : nullptr));
  }
  return layout(std::to_string(m.version()), "module " + p.module_header_name(0), p.imports(),
                structs, functions);
}

std::string print_bytecode(const CompiledScript& s) {
  Printer p(s, std::nullopt);
  std::vector<std::string> functions{
      p.function(nullptr, "main", s.type_parameters, s.parameters, std::nullopt, &s.code)};
  return layout(std::to_string(s.version()), "script", p.imports(), {}, functions);
}

}  // namespace plexus::move::ir
