#include "move/binary/module_builder.hpp"

#include <algorithm>

namespace plexus::move {
namespace {

template <typename T>
TableIndex intern(std::vector<T>& pool, const T& value) {
  const auto it = std::find(pool.begin(), pool.end(), value);
  if (it != pool.end()) return static_cast<TableIndex>(it - pool.begin());
  pool.push_back(value);
  return static_cast<TableIndex>(pool.size() - 1);
}

}  // namespace

ModuleBuilder::ModuleBuilder(Bytes address, const std::string& name, std::uint32_t version_word) {
  m_.version_word = version_word;
  m_.address_length = address.size();
  m_.self_module_handle = module_handle(address, name);
}

TableIndex ModuleBuilder::identifier(const std::string& name) {
  return intern(m_.identifiers, name);
}
TableIndex ModuleBuilder::address(const Bytes& a) { return intern(m_.address_identifiers, a); }
TableIndex ModuleBuilder::signature(const Signature& sig) { return intern(m_.signatures, sig); }

TableIndex ModuleBuilder::module_handle(const Bytes& a, const std::string& name) {
  const ModuleHandle h{address(a), identifier(name)};
  return intern(m_.module_handles, h);
}

TableIndex ModuleBuilder::constant(const SignatureToken& type, Bytes bcs_value) {
  for (std::size_t i = 0; i < m_.constant_pool.size(); ++i)
    if (m_.constant_pool[i].type == type && m_.constant_pool[i].data == bcs_value)
      return static_cast<TableIndex>(i);
  m_.constant_pool.push_back({type, std::move(bcs_value)});
  return static_cast<TableIndex>(m_.constant_pool.size() - 1);
}

TableIndex ModuleBuilder::add_struct(
    const std::string& name, AbilitySet abilities,
    const std::vector<std::pair<std::string, SignatureToken>>& fields,
    std::vector<StructTypeParameter> type_parameters) {
  const TableIndex handle =
      import_struct(m_.self_module_handle, name, abilities, std::move(type_parameters));
  StructDefinition def{handle, StructLayout::kDeclared, {}, {}};
  for (const auto& [field, type] : fields) def.fields.push_back({identifier(field), type});
  m_.struct_defs.push_back(std::move(def));
  return static_cast<TableIndex>(m_.struct_defs.size() - 1);
}

TableIndex ModuleBuilder::add_enum(
    const std::string& name, AbilitySet abilities,
    const std::vector<std::pair<std::string, std::vector<std::pair<std::string, SignatureToken>>>>&
        variants,
    std::vector<StructTypeParameter> type_parameters) {
  const TableIndex handle =
      import_struct(m_.self_module_handle, name, abilities, std::move(type_parameters));
  StructDefinition def{handle, StructLayout::kVariants, {}, {}};
  for (const auto& [variant, fields] : variants) {
    VariantDefinition v{identifier(variant), {}};
    for (const auto& [field, type] : fields) v.fields.push_back({identifier(field), type});
    def.variants.push_back(std::move(v));
  }
  m_.struct_defs.push_back(std::move(def));
  return static_cast<TableIndex>(m_.struct_defs.size() - 1);
}

TableIndex ModuleBuilder::struct_variant_handle(TableIndex def, TableIndex variant) {
  for (std::size_t i = 0; i < m_.struct_variant_handles.size(); ++i)
    if (m_.struct_variant_handles[i].owner == def &&
        m_.struct_variant_handles[i].variant == variant)
      return static_cast<TableIndex>(i);
  m_.struct_variant_handles.push_back({def, variant});
  return static_cast<TableIndex>(m_.struct_variant_handles.size() - 1);
}

TableIndex ModuleBuilder::variant_field_handle(TableIndex def, TableIndex field,
                                               std::vector<TableIndex> variants) {
  m_.variant_field_handles.push_back({def, field, std::move(variants)});
  return static_cast<TableIndex>(m_.variant_field_handles.size() - 1);
}

TableIndex ModuleBuilder::struct_handle_of(TableIndex def) const {
  return m_.struct_defs[def].handle;
}

TableIndex ModuleBuilder::field_handle(TableIndex def, TableIndex field) {
  for (std::size_t i = 0; i < m_.field_handles.size(); ++i)
    if (m_.field_handles[i].owner == def && m_.field_handles[i].field == field)
      return static_cast<TableIndex>(i);
  m_.field_handles.push_back({def, field});
  return static_cast<TableIndex>(m_.field_handles.size() - 1);
}

TableIndex ModuleBuilder::struct_instantiation(TableIndex def, const Signature& type_args) {
  const Instantiation inst{def, signature(type_args)};
  for (std::size_t i = 0; i < m_.struct_def_instantiations.size(); ++i)
    if (m_.struct_def_instantiations[i].handle == inst.handle &&
        m_.struct_def_instantiations[i].type_parameters == inst.type_parameters)
      return static_cast<TableIndex>(i);
  m_.struct_def_instantiations.push_back(inst);
  return static_cast<TableIndex>(m_.struct_def_instantiations.size() - 1);
}

TableIndex ModuleBuilder::import_struct(TableIndex module, const std::string& name,
                                        AbilitySet abilities,
                                        std::vector<StructTypeParameter> type_parameters) {
  const TableIndex n = identifier(name);
  for (std::size_t i = 0; i < m_.struct_handles.size(); ++i)
    if (m_.struct_handles[i].module == module && m_.struct_handles[i].name == n)
      return static_cast<TableIndex>(i);
  m_.struct_handles.push_back({module, n, abilities, std::move(type_parameters)});
  return static_cast<TableIndex>(m_.struct_handles.size() - 1);
}

TableIndex ModuleBuilder::function_handle(TableIndex module, const std::string& name,
                                          const Signature& params, const Signature& returns,
                                          std::vector<AbilitySet> type_params) {
  const TableIndex n = identifier(name);
  for (std::size_t i = 0; i < m_.function_handles.size(); ++i)
    if (m_.function_handles[i].module == module && m_.function_handles[i].name == n)
      return static_cast<TableIndex>(i);
  FunctionHandle h{module, n, signature(params), signature(returns), std::move(type_params), {}};
  m_.function_handles.push_back(std::move(h));
  return static_cast<TableIndex>(m_.function_handles.size() - 1);
}

TableIndex ModuleBuilder::function_instantiation(TableIndex handle, const Signature& type_args) {
  const TableIndex sig = signature(type_args);
  for (std::size_t i = 0; i < m_.function_instantiations.size(); ++i)
    if (m_.function_instantiations[i].handle == handle &&
        m_.function_instantiations[i].type_parameters == sig)
      return static_cast<TableIndex>(i);
  m_.function_instantiations.push_back({handle, sig});
  return static_cast<TableIndex>(m_.function_instantiations.size() - 1);
}

TableIndex ModuleBuilder::add_function(const FunctionSpec& spec) {
  const TableIndex handle = function_handle(m_.self_module_handle, spec.name, spec.parameters,
                                            spec.returns, spec.type_parameters);
  FunctionDefinition def;
  def.function = handle;
  def.visibility = spec.visibility;
  def.is_entry = spec.is_entry;
  def.acquires = spec.acquires;
  CodeUnit code;
  code.locals = signature(spec.locals);
  code.code = spec.code;
  def.code = std::move(code);
  m_.function_defs.push_back(std::move(def));
  return static_cast<TableIndex>(m_.function_defs.size() - 1);
}

CompiledModule ModuleBuilder::build() && { return std::move(m_); }

}  // namespace plexus::move
