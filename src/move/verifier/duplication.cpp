// Pass: duplicate pool entries, duplicate fields/variants/acquires, definitions outside the self
// module, self handles without definitions, and structs without fields.
// GCC 12 misreports std::set<Bytes> comparisons as over-reads (GCC bug 107852 family).
#pragma GCC diagnostic ignored "-Wstringop-overread"
#include <algorithm>
#include <map>
#include <set>

#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {
namespace {

template <typename T, typename Key>
VmResult<void> unique(const std::vector<T>& items, Key key, const char* what) {
  std::set<decltype(key(items[0]))> seen;
  for (const auto& item : items)
    if (!seen.insert(key(item)).second) return vm_fail(StatusCode::DUPLICATE_ELEMENT, what);
  return {};
}

using Pair = std::pair<std::uint32_t, std::uint32_t>;

VmResult<void> unique_fields(const std::vector<FieldDefinition>& fields) {
  return unique(
      fields, [](const FieldDefinition& f) { return f.name; }, "field name");
}

}  // namespace

VmResult<void> check_duplication(const CompiledModule& m) {
  auto id = [](const auto& x) { return x; };
  MOVE_CHECK(unique(m.identifiers, id, "identifier"));
  MOVE_CHECK(unique(m.address_identifiers, id, "address"));
  MOVE_CHECK(unique(
      m.signatures,
      [](const Signature& s) {
        Bytes key;
        for (const auto& t : s) append_token_key(key, t);
        return key;
      },
      "signature"));
  MOVE_CHECK(unique(
      m.constant_pool,
      [](const Constant& c) {
        Bytes key;
        append_token_key(key, c.type);
        key.insert(key.end(), c.data.begin(), c.data.end());
        return key;
      },
      "constant"));
  auto mh = [](const ModuleHandle& h) { return Pair{h.address, h.name}; };
  MOVE_CHECK(unique(m.module_handles, mh, "module handle"));
  MOVE_CHECK(unique(m.friend_decls, mh, "friend declaration"));
  MOVE_CHECK(unique(
      m.struct_handles,
      [](const StructHandle& h) {
        return Pair{h.module, h.name};
      },
      "struct handle"));
  MOVE_CHECK(unique(
      m.function_handles,
      [](const FunctionHandle& h) {
        return Pair{h.module, h.name};
      },
      "function handle"));
  MOVE_CHECK(unique(
      m.field_handles,
      [](const FieldHandle& h) {
        return Pair{h.owner, h.field};
      },
      "field handle"));
  auto inst = [](const Instantiation& i) { return Pair{i.handle, i.type_parameters}; };
  MOVE_CHECK(unique(m.function_instantiations, inst, "function instantiation"));
  MOVE_CHECK(unique(m.struct_def_instantiations, inst, "struct instantiation"));
  MOVE_CHECK(unique(m.field_instantiations, inst, "field instantiation"));
  MOVE_CHECK(unique(
      m.struct_variant_handles,
      [](const StructVariantHandle& h) {
        return Pair{h.owner, h.variant};
      },
      "struct variant handle"));
  MOVE_CHECK(unique(
      m.struct_defs, [](const StructDefinition& d) { return d.handle; }, "struct definition"));
  MOVE_CHECK(unique(
      m.function_defs, [](const FunctionDefinition& d) { return d.function; },
      "function definition"));

  for (const auto& d : m.struct_defs) {
    if (m.struct_handles[d.handle].module != m.self_module_handle)
      return vm_fail(StatusCode::INVALID_MODULE_HANDLE, "struct defined for another module");
    if (d.layout == StructLayout::kDeclared && d.fields.empty())
      return vm_fail(StatusCode::ZERO_SIZED_STRUCT);
    if (d.layout == StructLayout::kVariants && d.variants.empty())
      return vm_fail(StatusCode::ZERO_SIZED_ENUM);
    MOVE_CHECK(unique_fields(d.fields));
    MOVE_CHECK(unique(
        d.variants, [](const VariantDefinition& v) { return v.name; }, "variant"));
    for (const auto& v : d.variants) MOVE_CHECK(unique_fields(v.fields));
  }
  for (const auto& d : m.function_defs) {
    if (m.function_handles[d.function].module != m.self_module_handle)
      return vm_fail(StatusCode::INVALID_MODULE_HANDLE, "function defined for another module");
    if (!unique(d.acquires, id, "acquires"))
      return vm_fail(StatusCode::DUPLICATE_ACQUIRES_ANNOTATION);
  }
  // Every handle of the self module needs its definition.
  std::set<TableIndex> defined_structs, defined_functions;
  for (const auto& d : m.struct_defs) defined_structs.insert(d.handle);
  for (const auto& d : m.function_defs) defined_functions.insert(d.function);
  for (std::size_t i = 0; i < m.struct_handles.size(); ++i)
    if (m.struct_handles[i].module == m.self_module_handle &&
        !defined_structs.contains(static_cast<TableIndex>(i)))
      return vm_fail(StatusCode::UNIMPLEMENTED_HANDLE, "struct handle " + std::to_string(i));
  for (std::size_t i = 0; i < m.function_handles.size(); ++i)
    if (m.function_handles[i].module == m.self_module_handle &&
        !defined_functions.contains(static_cast<TableIndex>(i)))
      return vm_fail(StatusCode::UNIMPLEMENTED_HANDLE, "function handle " + std::to_string(i));
  return {};
}

}  // namespace plexus::move::verifier
