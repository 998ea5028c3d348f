// Declarations: modules, scripts, structs, function signatures. Function bodies are compiled by
// compile_body.cpp.

// GCC 12 reports false -Wmaybe-uninitialized when moving optional/variant payloads out of
// std::expected (GCC bug 105562).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "move/ir/compiler.hpp"

#include <algorithm>

#include "move/ir/compile_body.hpp"
#include "move/ir/parser.hpp"

namespace plexus::move::ir {
namespace {

IrResult<TypeParamMap> type_parameter_indexes(const std::vector<TypeParam>& tps) {
  TypeParamMap m;
  for (std::size_t i = 0; i < tps.size(); ++i)
    if (!m.emplace(tps[i].name, static_cast<TableIndex>(i)).second)
      return compile_error("Type formal '" + tps[i].name + "'' already bound");
  return m;
}

IrResult<FunctionSig> function_signature(Context& ctx, const Function& f) {
  IR_TRY(auto m, type_parameter_indexes(f.type_params));
  FunctionSig sig;
  // Return types first: struct handles are created in this order by the reference compiler.
  for (const auto& t : f.returns) {
    IR_TRY(auto tok, compile_type(ctx, m, *t));
    sig.returns.push_back(std::move(tok));
  }
  for (const auto& p : f.params) {
    IR_TRY(auto tok, compile_type(ctx, m, *p.type));
    sig.parameters.push_back(std::move(tok));
  }
  for (const auto& tp : f.type_params) sig.type_parameters.push_back(AbilitySet{tp.constraints});
  return sig;
}

// Every jump must name a declared label and no label may be declared twice.
IrResult<void> check_labels(const Function& f) {
  std::vector<std::string> seen, redeclared, undeclared;
  for (const auto& b : f.blocks) {
    if (std::find(seen.begin(), seen.end(), b.label) != seen.end()) redeclared.push_back(b.label);
    else seen.push_back(b.label);
  }
  for (const auto& b : f.blocks)
    for (const auto& s : b.statements)
      if ((s.kind == Statement::Kind::kJump || s.kind == Statement::Kind::kJumpIf ||
           s.kind == Statement::Kind::kJumpIfFalse) &&
          std::find(seen.begin(), seen.end(), s.label) == seen.end())
        undeclared.push_back(s.label);
  if (redeclared.empty() && undeclared.empty()) return {};
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  std::string msg = "Invalid block labels";
  if (!redeclared.empty()) msg += ", labels were declared twice (" + join(redeclared) + ")";
  if (!undeclared.empty())
    msg += ", labels were used without being declared (" + join(undeclared) + ")";
  return compile_error(msg, f.pos);
}

IrResult<std::optional<CodeUnit>> compile_function_code(Context& ctx, const Function& f) {
  if (f.is_native) return std::optional<CodeUnit>{};
  IR_TRY(auto m, type_parameter_indexes(f.type_params));
  IR_TRY(auto code, compile_body(ctx, m, f));
  return std::optional<CodeUnit>{std::move(code)};
}

void init_tables(BinaryTables& t, const CompileOptions& options) {
  t.version_word = options.version;
  t.address_length = options.address_length;
}

}  // namespace

IrResult<CompiledModule> compile_module(const ModuleDef& module,
                                        const std::vector<const CompiledModule*>& deps,
                                        const CompileOptions& options) {
  for (const auto& f : module.functions) IR_CHECK(check_labels(f));
  CompiledModule out;
  init_tables(out, options);
  Context ctx(out, deps);
  for (const auto& friend_id : module.friends) {
    IR_TRY(auto h, ctx.declare_friend(friend_id));
    out.friend_decls.push_back(h);
  }
  IR_TRY(out.self_module_handle, ctx.declare_import(module.ident, "Self"));
  for (const auto& im : module.imports) IR_CHECK(ctx.declare_import(im.ident, im.alias));
  for (const auto& s : module.structs) {
    std::vector<StructTypeParameter> tps;
    for (const auto& tp : s.type_params)
      tps.push_back(StructTypeParameter{AbilitySet{tp.constraints}, tp.is_phantom});
    IR_CHECK(ctx.declare_struct_handle("Self", s.name, AbilitySet{s.abilities}, std::move(tps)));
  }
  for (const auto& f : module.functions) {
    IR_TRY(auto sig, function_signature(ctx, f));
    IR_CHECK(ctx.declare_function("Self", f.name, sig));
  }
  for (const auto& s : module.structs) {
    IR_TRY(auto sh, ctx.struct_handle_index("Self", s.name));
    IR_TRY(auto m, type_parameter_indexes(s.type_params));
    const TableIndex sd = ctx.declare_struct_definition(s.name);
    StructDefinition def;
    def.handle = sh;
    def.layout = s.is_native ? StructLayout::kNative : StructLayout::kDeclared;
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
      IR_TRY(auto name, ctx.identifier(s.fields[i].name));
      IR_TRY(auto tok, compile_type(ctx, m, *s.fields[i].type));
      ctx.declare_field(sh, s.fields[i].name, FieldInfo{sd, tok, i});
      def.fields.push_back(FieldDefinition{name, std::move(tok)});
    }
    out.struct_defs.push_back(std::move(def));
  }
  for (const auto& f : module.functions) {
    IR_TRY(auto fh, ctx.function_handle("Self", f.name));
    FunctionDefinition def;
    def.function = fh;
    def.visibility = f.visibility == FunVisibility::kPublic   ? Visibility::kPublic
                     : f.visibility == FunVisibility::kFriend ? Visibility::kFriend
                                                              : Visibility::kPrivate;
    def.is_entry = f.is_entry;
    def.is_native = f.is_native;
    for (const auto& a : f.acquires) {
      IR_TRY(auto sd, ctx.struct_definition_index(a));
      def.acquires.push_back(sd);
    }
    IR_TRY(def.code, compile_function_code(ctx, f));
    out.function_defs.push_back(std::move(def));
  }
  return out;
}

IrResult<CompiledScript> compile_script(const ScriptDef& script,
                                        const std::vector<const CompiledModule*>& deps,
                                        const CompileOptions& options) {
  IR_CHECK(check_labels(script.main));
  CompiledScript out;
  init_tables(out, options);
  Context ctx(out, deps);
  for (const auto& im : script.imports) IR_CHECK(ctx.declare_import(im.ident, im.alias));
  IR_TRY(auto sig, function_signature(ctx, script.main));
  IR_TRY(out.parameters, ctx.signature(sig.parameters));
  out.type_parameters = sig.type_parameters;
  IR_TRY(auto code, compile_function_code(ctx, script.main));
  out.code = std::move(*code);
  return out;
}

IrResult<CompiledUnit> assemble(std::string_view text,
                                const std::vector<const CompiledModule*>& deps,
                                const CompileOptions& options) {
  IR_TRY(auto unit, parse_unit(text, options.address_length));
  if (auto* m = std::get_if<ModuleDef>(&unit)) {
    IR_TRY(auto compiled, compile_module(*m, deps, options));
    return CompiledUnit{std::move(compiled)};
  }
  IR_TRY(auto compiled, compile_script(std::get<ScriptDef>(unit), deps, options));
  return CompiledUnit{std::move(compiled)};
}

}  // namespace plexus::move::ir
