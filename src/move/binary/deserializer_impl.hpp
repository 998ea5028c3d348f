#pragma once
// Internal: the per-entry readers shared by the table deserializer and the code-unit reader.
#include "move/binary/binary.hpp"
#include "move/binary/reader.hpp"

namespace plexus::move::detail {

struct EntryReader {
  std::uint32_t version;
  std::size_t address_length;

  [[nodiscard]] VmResult<AbilitySet> ability_set(Reader& r, bool struct_handle_v1 = false) const;
  [[nodiscard]] VmResult<std::vector<AbilitySet>> ability_sets(Reader& r) const;
  [[nodiscard]] VmResult<SignatureToken> token(Reader& r, unsigned depth = 0) const;
  [[nodiscard]] VmResult<Signature> signature(Reader& r) const;
  [[nodiscard]] VmResult<std::string> identifier(Reader& r) const;
  [[nodiscard]] VmResult<StructHandle> struct_handle(Reader& r) const;
  [[nodiscard]] VmResult<FunctionHandle> function_handle(Reader& r) const;
  [[nodiscard]] VmResult<StructDefinition> struct_def(Reader& r) const;
  [[nodiscard]] VmResult<FunctionDefinition> function_def(Reader& r) const;
  [[nodiscard]] VmResult<CodeUnit> code_unit(Reader& r) const;
  [[nodiscard]] VmResult<std::vector<FieldDefinition>> fields(Reader& r) const;
};

}  // namespace plexus::move::detail
