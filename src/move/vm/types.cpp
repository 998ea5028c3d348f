#include "move/vm/types.hpp"

#include "core/hex.hpp"
#include "move/binary/disassembler.hpp"
#include "move/vm/module_store.hpp"

namespace plexus::move {

Type make_type(const LoadedModule& m, const SignatureToken& tok, const std::vector<Type>& targs) {
  switch (tok.kind) {
    case TokenKind::kBool:
      return Type::of(TypeKind::kBool);
    case TokenKind::kU8:
      return Type::of(TypeKind::kU8);
    case TokenKind::kU16:
      return Type::of(TypeKind::kU16);
    case TokenKind::kU32:
      return Type::of(TypeKind::kU32);
    case TokenKind::kU64:
      return Type::of(TypeKind::kU64);
    case TokenKind::kU128:
      return Type::of(TypeKind::kU128);
    case TokenKind::kU256:
      return Type::of(TypeKind::kU256);
    case TokenKind::kAddress:
      return Type::of(TypeKind::kAddress);
    case TokenKind::kSigner:
      return Type::of(TypeKind::kSigner);
    case TokenKind::kTypeParameter:
      return tok.index < targs.size() ? targs[tok.index] : Type::of(TypeKind::kBool);
    case TokenKind::kVector:
      return {TypeKind::kVector, nullptr, 0, {make_type(m, tok.args[0], targs)}};
    case TokenKind::kReference:
      return {TypeKind::kReference, nullptr, 0, {make_type(m, tok.args[0], targs)}};
    case TokenKind::kMutableReference:
      return {TypeKind::kMutableReference, nullptr, 0, {make_type(m, tok.args[0], targs)}};
    case TokenKind::kStruct:
    case TokenKind::kStructInstantiation: {
      const auto& target = m.struct_targets[tok.index];
      Type t{TypeKind::kStruct, target.module, target.def, {}};
      for (const auto& a : tok.args) t.args.push_back(make_type(m, a, targs));
      return t;
    }
  }
  return {};
}

std::vector<Type> make_types(const LoadedModule& m, const Signature& sig,
                             const std::vector<Type>& type_args) {
  std::vector<Type> out;
  out.reserve(sig.size());
  for (const auto& tok : sig) out.push_back(make_type(m, tok, type_args));
  return out;
}

namespace {

std::string render(const Type& t, bool canonical) {
  switch (t.kind) {
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kU8:
      return "u8";
    case TypeKind::kU16:
      return "u16";
    case TypeKind::kU32:
      return "u32";
    case TypeKind::kU64:
      return "u64";
    case TypeKind::kU128:
      return "u128";
    case TypeKind::kU256:
      return "u256";
    case TypeKind::kAddress:
      return "address";
    case TypeKind::kSigner:
      return "signer";
    case TypeKind::kVector:
      return "vector<" + render(t.args[0], canonical) + ">";
    case TypeKind::kReference:
      return "&" + render(t.args[0], canonical);
    case TypeKind::kMutableReference:
      return "&mut " + render(t.args[0], canonical);
    case TypeKind::kStruct: {
      const auto& m = t.module->module;
      std::string out =
          canonical ? to_hex(t.module->id.address, false) : address_string(t.module->id.address);
      out += "::" + t.module->id.name +
             "::" + m.identifiers[m.struct_handles[m.struct_defs[t.def].handle].name];
      if (t.args.empty()) return out;
      out += "<";
      for (std::size_t i = 0; i < t.args.size(); ++i) {
        if (i) out += ", ";
        out += render(t.args[i], canonical);
      }
      return out + ">";
    }
  }
  return "?";
}

// Splits "a, b<c, d>, e" at top-level commas.
std::vector<std::string_view> split_args(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') ++depth;
    if (s[i] == '>') --depth;
    if (s[i] == ',' && depth == 0) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string type_tag(const Type& t) { return render(t, false); }
std::string canonical_type_name(const Type& t) { return render(t, true); }

VmResult<Bytes> parse_address(std::string_view text, std::size_t address_length) {
  if (text.starts_with("0x")) text.remove_prefix(2);
  if (text.empty() || text.size() > address_length * 2)
    return vm_fail(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT, "bad address");
  std::string digits(address_length * 2 - text.size(), '0');
  digits += text;
  auto bytes = from_hex(digits);
  if (!bytes) return vm_fail(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT, "bad address");
  return *bytes;
}

VmResult<Type> parse_type(const ModuleStore& store, std::string_view text,
                          std::size_t address_length) {
  text = trim(text);
  static constexpr std::pair<std::string_view, TypeKind> kPrims[] = {
      {"bool", TypeKind::kBool}, {"u8", TypeKind::kU8},           {"u16", TypeKind::kU16},
      {"u32", TypeKind::kU32},   {"u64", TypeKind::kU64},         {"u128", TypeKind::kU128},
      {"u256", TypeKind::kU256}, {"address", TypeKind::kAddress}, {"signer", TypeKind::kSigner}};
  for (const auto& [name, kind] : kPrims)
    if (text == name) return Type::of(kind);
  std::string_view base = text;
  std::vector<Type> args;
  if (const auto lt = text.find('<'); lt != std::string_view::npos) {
    if (text.back() != '>') return vm_fail(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT, "bad type");
    base = text.substr(0, lt);
    for (auto part : split_args(text.substr(lt + 1, text.size() - lt - 2))) {
      MOVE_TRY(auto a, parse_type(store, part, address_length));
      args.push_back(std::move(a));
    }
  }
  if (base == "vector") {
    if (args.size() != 1) return vm_fail(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT, "vector<T>");
    return Type::of(TypeKind::kVector, std::move(args));
  }
  const auto first = base.find("::");
  const auto second = first == std::string_view::npos ? first : base.find("::", first + 2);
  if (second == std::string_view::npos)
    return vm_fail(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT, "unknown type " + std::string(text));
  MOVE_TRY(auto addr, parse_address(base.substr(0, first), address_length));
  const LoadedModule* m = store.find(addr, std::string(base.substr(first + 2, second - first - 2)));
  if (!m) return vm_fail(StatusCode::LOOKUP_FAILED, "no module for " + std::string(text));
  const auto def = m->find_struct(std::string(base.substr(second + 2)));
  if (!def) return vm_fail(StatusCode::LOOKUP_FAILED, "no struct " + std::string(text));
  const auto& h = m->module.struct_handles[m->module.struct_defs[*def].handle];
  if (args.size() != h.type_parameters.size())
    return vm_fail(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
                   "type arguments of " + std::string(text));
  return Type{TypeKind::kStruct, m, *def, std::move(args)};
}

ValueKind primitive_value_kind(TypeKind kind) noexcept {
  switch (kind) {
    case TypeKind::kBool: return ValueKind::kBool;
    case TypeKind::kU8: return ValueKind::kU8;
    case TypeKind::kU16: return ValueKind::kU16;
    case TypeKind::kU32: return ValueKind::kU32;
    case TypeKind::kU64: return ValueKind::kU64;
    case TypeKind::kU128: return ValueKind::kU128;
    case TypeKind::kU256: return ValueKind::kU256;
    case TypeKind::kAddress: return ValueKind::kAddress;
    default: return ValueKind::kInvalid;
  }
}

}  // namespace plexus::move
