#pragma once
// Run-time types: signature tokens with type parameters substituted and struct handles resolved
// to their defining module. Used for generic instantiation, global storage keys and natives.
#include <string>
#include <string_view>
#include <vector>

#include "move/binary/file_format.hpp"
#include "move/status.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {

struct LoadedModule;
class ModuleStore;

enum class TypeKind : std::uint8_t {
  kBool,
  kU8,
  kU16,
  kU32,
  kU64,
  kU128,
  kU256,
  kAddress,
  kSigner,
  kVector,
  kStruct,
  kReference,
  kMutableReference,
};

struct Type {
  TypeKind kind = TypeKind::kBool;
  const LoadedModule* module = nullptr;  // kStruct: defining module
  TableIndex def = 0;                    // kStruct: struct definition index
  std::vector<Type> args;                // element, referent, or struct type arguments

  [[nodiscard]] static Type of(TypeKind k, std::vector<Type> args = {}) {
    Type t;
    t.kind = k;
    t.args = std::move(args);
    return t;
  }
  friend bool operator==(const Type&, const Type&) = default;
};

// Instantiates `tok`, written in module `m`, with the type arguments of the current frame.
[[nodiscard]] Type make_type(const LoadedModule& m, const SignatureToken& tok,
                             const std::vector<Type>& type_args);
[[nodiscard]] std::vector<Type> make_types(const LoadedModule& m, const Signature& sig,
                                           const std::vector<Type>& type_args);

// "0x1::option::Option<u64>" (short addresses): used in messages and storage keys.
[[nodiscard]] std::string type_tag(const Type& t);
// The std::type_name spelling: full-width lower-case hex addresses without "0x".
[[nodiscard]] std::string canonical_type_name(const Type& t);
// Parses "u64", "vector<u8>", "address", "0x1::string::String", "0x1::option::Option<u64>".
[[nodiscard]] VmResult<Type> parse_type(const ModuleStore& store, std::string_view text,
                                        std::size_t address_length);
// Parses "0x1" / "1" into an address of the given width.
[[nodiscard]] VmResult<Bytes> parse_address(std::string_view text, std::size_t address_length);

// The value kind of a primitive type (bool, integers, address); kInvalid for any other type.
[[nodiscard]] ValueKind primitive_value_kind(TypeKind kind) noexcept;

}  // namespace plexus::move
