// Compares the deserializer's model of every Rooch module with the JSON dump of an independent
// deserializer (oracle_json/, Sui naming), field by field for every key the oracle has.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "corpus.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

using nlohmann::json;

json token_json(const SignatureToken& t) {
  switch (t.kind) {
    case TokenKind::kBool:
      return "Bool";
    case TokenKind::kU8:
      return "U8";
    case TokenKind::kU16:
      return "U16";
    case TokenKind::kU32:
      return "U32";
    case TokenKind::kU64:
      return "U64";
    case TokenKind::kU128:
      return "U128";
    case TokenKind::kU256:
      return "U256";
    case TokenKind::kAddress:
      return "Address";
    case TokenKind::kSigner:
      return "Signer";
    case TokenKind::kVector:
      return {{"Vector", token_json(t.args[0])}};
    case TokenKind::kReference:
      return {{"Reference", token_json(t.args[0])}};
    case TokenKind::kMutableReference:
      return {{"MutableReference", token_json(t.args[0])}};
    case TokenKind::kStruct:
      return {{"Datatype", t.index}};
    case TokenKind::kTypeParameter:
      return {{"TypeParameter", t.index}};
    case TokenKind::kStructInstantiation: {
      json args = json::array();
      for (const auto& a : t.args) args.push_back(token_json(a));
      return {{"DatatypeInstantiation", json::array({t.index, args})}};
    }
  }
  return nullptr;
}

std::string u128_decimal(const WideLiteral& lit) {
  unsigned __int128 v = 0;
  for (int i = 15; i >= 0; --i) v = (v << 8) | lit[static_cast<std::size_t>(i)];
  if (v == 0) return "0";
  std::string s;
  while (v) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return s;
}

json instruction_json(const Instruction& ins, const CodeUnit& c) {
  const std::string name(opcode_name(ins.op));
  switch (operand_shape(ins.op)) {
    case OperandShape::kNone:
      return name;
    case OperandShape::kU64:
      return {{name, std::to_string(ins.b)}};
    case OperandShape::kU128:
      return {{name, u128_decimal(c.wide_literals[ins.a])}};
    case OperandShape::kU256: {
      const auto& lit = c.wide_literals[ins.a];
      return {{name, json(std::vector<int>(lit.begin(), lit.end()))}};
    }
    case OperandShape::kIndexCount:
      return {{name, json::array({ins.a, std::to_string(ins.b)})}};
    default:
      return {{name, ins.a}};
  }
}

json fields_json(const std::vector<FieldDefinition>& fields) {
  json out = json::array();
  for (const auto& f : fields) out.push_back({{"name", f.name}, {"signature", token_json(f.type)}});
  return out;
}

json module_json(const CompiledModule& m) {
  json j;
  j["version"] = m.version();
  j["self_module_handle_idx"] = m.self_module_handle;
  auto handles = [](const std::vector<ModuleHandle>& v) {
    json out = json::array();
    for (const auto& h : v) out.push_back({{"address", h.address}, {"name", h.name}});
    return out;
  };
  j["module_handles"] = handles(m.module_handles);
  j["friend_decls"] = handles(m.friend_decls);
  j["datatype_handles"] = json::array();
  for (const auto& h : m.struct_handles) {
    json tps = json::array();
    for (const auto& p : h.type_parameters)
      tps.push_back({{"constraints", p.constraints.bits}, {"is_phantom", p.is_phantom}});
    j["datatype_handles"].push_back({{"module", h.module},
                                     {"name", h.name},
                                     {"abilities", h.abilities.bits},
                                     {"type_parameters", tps}});
  }
  j["function_handles"] = json::array();
  for (const auto& h : m.function_handles) {
    json tps = json::array();
    for (auto a : h.type_parameters) tps.push_back(a.bits);
    j["function_handles"].push_back({{"module", h.module},
                                     {"name", h.name},
                                     {"parameters", h.parameters},
                                     {"return_", h.return_},
                                     {"type_parameters", tps}});
  }
  j["field_handles"] = json::array();
  for (const auto& h : m.field_handles)
    j["field_handles"].push_back({{"owner", h.owner}, {"field", h.field}});
  auto insts = [](const std::vector<Instantiation>& v, const char* key) {
    json out = json::array();
    for (const auto& i : v)
      out.push_back({{key, i.handle}, {"type_parameters", i.type_parameters}});
    return out;
  };
  j["struct_def_instantiations"] = insts(m.struct_def_instantiations, "def");
  j["function_instantiations"] = insts(m.function_instantiations, "handle");
  j["field_instantiations"] = insts(m.field_instantiations, "handle");
  j["signatures"] = json::array();
  for (const auto& s : m.signatures) {
    json toks = json::array();
    for (const auto& t : s) toks.push_back(token_json(t));
    j["signatures"].push_back(toks);
  }
  j["identifiers"] = m.identifiers;
  j["address_identifiers"] = json::array();
  for (const auto& a : m.address_identifiers) j["address_identifiers"].push_back(to_hex(a, false));
  j["constant_pool"] = json::array();
  for (const auto& c : m.constant_pool)
    j["constant_pool"].push_back({{"type_", token_json(c.type)}, {"data", c.data}});
  j["metadata"] = json::array();
  for (const auto& md : m.metadata) j["metadata"].push_back({{"key", md.key}, {"value", md.value}});
  j["struct_defs"] = json::array();
  for (const auto& d : m.struct_defs) {
    json info = d.layout == StructLayout::kNative ? json("Native")
                                                  : json{{"Declared", fields_json(d.fields)}};
    j["struct_defs"].push_back({{"struct_handle", d.handle}, {"field_information", info}});
  }
  j["function_defs"] = json::array();
  static constexpr const char* kVis[] = {"Private", "Public", "Public", "Friend"};
  for (const auto& d : m.function_defs) {
    json f = {{"function", d.function},
              {"visibility", kVis[static_cast<int>(d.visibility)]},
              {"is_entry", d.is_entry},
              {"acquires_global_resources", d.acquires}};
    if (d.code) {
      json code = json::array();
      for (const auto& ins : d.code->code) code.push_back(instruction_json(ins, *d.code));
      f["code"] = {{"locals", d.code->locals}, {"code", code}, {"jump_tables", json::array()}};
    }
    j["function_defs"].push_back(f);
  }
  for (const char* k :
       {"enum_defs", "enum_def_instantiations", "variant_handles", "variant_instantiation_handles"})
    j[k] = json::array();
  return j;
}

TEST(MoveOracle, EveryRoochModuleMatchesTheOracleDump) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  std::size_t compared = 0;
  for (const auto& f : testing::corpus_modules(dir)) {
    const auto rel = std::filesystem::relative(f.path, dir / "modules");
    if (rel.begin()->string() != "rooch-framework-r27") continue;
    auto oracle_path = dir / "oracle_json" / rel;
    oracle_path.replace_extension(".json");
    const json oracle = json::parse(::plexus::testing::read_file(oracle_path));
    const auto module = deserialize_module(testing::read_bytes(f.path), f.config);
    ASSERT_TRUE(module) << f.path;
    const json mine = module_json(*module);
    for (const auto& [key, value] : oracle.items()) {
      ASSERT_TRUE(mine.contains(key)) << key;
      EXPECT_EQ(mine[key], value) << rel << " key " << key;
    }
    ++compared;
  }
  EXPECT_EQ(compared, 134u);
}

}  // namespace
}  // namespace plexus::move
