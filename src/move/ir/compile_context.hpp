#pragma once
// Internal: table pools and name resolution of the IR compiler. Each pool is get-or-add in first
// use order; imported structs and functions are looked up in the dependency modules and their
// types re-indexed into the module being built.
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "move/binary/file_format.hpp"
#include "move/ir/ast.hpp"

namespace plexus::move::ir {

inline std::unexpected<IrError> compile_error(std::string message, SourcePos pos = {}) {
  return std::unexpected(IrError{std::move(message), pos, false});
}

struct FieldInfo {
  TableIndex def = 0;
  SignatureToken type;
  std::size_t order = 0;
};

struct FunctionSig {
  Signature parameters;
  Signature returns;
  std::vector<AbilitySet> type_parameters;
};

class Context {
 public:
  Context(BinaryTables& out, const std::vector<const CompiledModule*>& deps)
      : out_(out), deps_(deps) {}

  IrResult<TableIndex> identifier(const std::string& s);
  IrResult<TableIndex> address(const Bytes& a);
  IrResult<TableIndex> signature(const Signature& sig);
  IrResult<TableIndex> constant(const Constant& c);
  IrResult<TableIndex> field_handle(TableIndex owner, TableIndex field);
  IrResult<TableIndex> struct_instantiation(TableIndex def, TableIndex sig);
  IrResult<TableIndex> function_instantiation(TableIndex handle, TableIndex sig);
  IrResult<TableIndex> field_instantiation(TableIndex handle, TableIndex sig);

  IrResult<ModuleHandle> declare_friend(const ModuleIdent& id);
  IrResult<TableIndex> declare_import(const ModuleIdent& id, const std::string& alias);
  IrResult<TableIndex> declare_struct_handle(const std::string& module, const std::string& name,
                                             AbilitySet abilities,
                                             std::vector<StructTypeParameter> tps);
  TableIndex declare_struct_definition(const std::string& name);
  void declare_field(TableIndex sh, const std::string& field, FieldInfo info);
  IrResult<void> declare_function(const std::string& module, const std::string& name,
                                  const FunctionSig& sig);

  IrResult<TableIndex> struct_handle_index(const std::string& module, const std::string& name);
  IrResult<TableIndex> struct_definition_index(const std::string& name) const;
  IrResult<FieldInfo> field(TableIndex sh, const std::string& field) const;
  IrResult<TableIndex> function_handle(const std::string& module, const std::string& name);

 private:
  const CompiledModule* dependency(const ModuleIdent& id) const;
  IrResult<SignatureToken> reindex(const CompiledModule& dep, const SignatureToken& tok);

  BinaryTables& out_;
  const std::vector<const CompiledModule*>& deps_;
  std::map<std::string, TableIndex> identifiers_;
  std::map<Bytes, TableIndex> addresses_;
  std::map<std::tuple<TableIndex, TableIndex>, TableIndex> module_handles_;
  std::map<std::string, std::pair<ModuleIdent, ModuleHandle>> modules_;  // by alias
  std::map<std::pair<Bytes, std::string>, std::string> aliases_;        // ident -> alias
  std::map<std::pair<std::string, std::string>, std::string> structs_;  // (alias, name) -> key
  std::map<std::string, TableIndex> struct_handles_;                    // handle key -> index
  std::map<std::string, TableIndex> struct_defs_;
  std::map<std::pair<TableIndex, std::string>, FieldInfo> fields_;
  std::map<std::pair<std::string, std::string>, TableIndex> functions_;
  std::map<std::string, TableIndex> signatures_;
  std::map<std::string, TableIndex> constants_;
  std::map<std::pair<TableIndex, TableIndex>, TableIndex> field_handles_, struct_insts_,
      function_insts_, field_insts_;
};

}  // namespace plexus::move::ir
