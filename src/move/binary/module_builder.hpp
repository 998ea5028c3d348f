#pragma once
// Building a CompiledModule programmatically: pools are deduplicated, handles created on demand.
// Used by tests and benchmarks that need small custom modules, and meant as the back end of a
// future Move IR assembler. Indices returned are table indices of the module being built.
#include <string>
#include <utility>
#include <vector>

#include "move/binary/file_format.hpp"

namespace plexus::move {

class ModuleBuilder {
 public:
  // The module's own handle is module handle 0.
  ModuleBuilder(Bytes address, const std::string& name, std::uint32_t version_word = 6);

  TableIndex identifier(const std::string& name);
  TableIndex address(const Bytes& address);
  TableIndex module_handle(const Bytes& address, const std::string& name);
  TableIndex signature(const Signature& sig);
  TableIndex constant(const SignatureToken& type, Bytes bcs_value);

  // A struct defined in this module; returns its definition index.
  TableIndex add_struct(const std::string& name, AbilitySet abilities,
                        const std::vector<std::pair<std::string, SignatureToken>>& fields,
                        std::vector<StructTypeParameter> type_parameters = {});
  // An enum (v7) defined in this module: variants of named fields; returns its definition index.
  TableIndex add_enum(
      const std::string& name, AbilitySet abilities,
      const std::vector<
          std::pair<std::string, std::vector<std::pair<std::string, SignatureToken>>>>& variants,
      std::vector<StructTypeParameter> type_parameters = {});
  TableIndex struct_variant_handle(TableIndex def, TableIndex variant);
  TableIndex variant_field_handle(TableIndex def, TableIndex field,
                                  std::vector<TableIndex> variants);
  // The struct handle of a definition (for SignatureToken::kStruct).
  [[nodiscard]] TableIndex struct_handle_of(TableIndex def) const;
  TableIndex field_handle(TableIndex def, TableIndex field);
  TableIndex struct_instantiation(TableIndex def, const Signature& type_args);
  // A struct of another module.
  TableIndex import_struct(TableIndex module, const std::string& name, AbilitySet abilities,
                           std::vector<StructTypeParameter> type_parameters = {});
  // A function of any module (module handle 0 = this one).
  TableIndex function_handle(TableIndex module, const std::string& name, const Signature& params,
                             const Signature& returns, std::vector<AbilitySet> type_params = {});
  TableIndex function_instantiation(TableIndex handle, const Signature& type_args);

  struct FunctionSpec {
    std::string name;
    Visibility visibility = Visibility::kPublic;
    bool is_entry = false;
    Signature parameters;
    Signature returns;
    Signature locals;  // declared locals after the parameters
    std::vector<Instruction> code;
    std::vector<TableIndex> acquires;
    std::vector<AbilitySet> type_parameters;
  };
  // Defines a function of this module; returns its definition index.
  TableIndex add_function(const FunctionSpec& spec);

  [[nodiscard]] CompiledModule build() &&;

 private:
  CompiledModule m_;
};

}  // namespace plexus::move
