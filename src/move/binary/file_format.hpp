#pragma once
// In-memory model of a compiled Move module or script (the binary format's tables, one struct per
// table entry). Indices are kept as the raw table indices of the file; nothing is resolved here,
// which keeps the serializer an exact inverse of the deserializer.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "move/binary/opcodes.hpp"

namespace plexus::move {

using TableIndex = std::uint16_t;
using CodeOffset = std::uint16_t;
using LocalIndex = std::uint8_t;

inline constexpr std::uint32_t kMagic = 0x0BEB1CA1;  // bytes A1 1C EB 0B
inline constexpr std::uint32_t kAptosVersionMask = 0x0A000000;
inline constexpr std::uint32_t kMinVersion = 1;
inline constexpr std::uint32_t kMaxVersion = 7;

struct AbilitySet {
  static constexpr std::uint8_t kCopy = 0x1, kDrop = 0x2, kStore = 0x4, kKey = 0x8, kAll = 0xF;
  std::uint8_t bits = 0;

  [[nodiscard]] constexpr bool has(std::uint8_t ability) const noexcept {
    return (bits & ability) == ability;
  }
  [[nodiscard]] constexpr bool is_subset_of(AbilitySet other) const noexcept {
    return (bits & other.bits) == bits;
  }
  [[nodiscard]] constexpr AbilitySet intersect(AbilitySet o) const noexcept {
    return {static_cast<std::uint8_t>(bits & o.bits)};
  }
  friend constexpr bool operator==(AbilitySet, AbilitySet) = default;
};

// Signature token bytes as serialized (FORMAT-NOTES §4).
enum class TokenKind : std::uint8_t {
  kBool = 0x01,
  kU8 = 0x02,
  kU64 = 0x03,
  kU128 = 0x04,
  kAddress = 0x05,
  kReference = 0x06,
  kMutableReference = 0x07,
  kStruct = 0x08,
  kTypeParameter = 0x09,
  kVector = 0x0A,
  kStructInstantiation = 0x0B,
  kSigner = 0x0C,
  kU16 = 0x0D,
  kU32 = 0x0E,
  kU256 = 0x0F,
};

// A type as written in a signature. `index` is the struct handle (kStruct, kStructInstantiation)
// or the type parameter (kTypeParameter); `args` holds the element/referent (one entry) or the
// type arguments of a struct instantiation.
struct SignatureToken {
  TokenKind kind = TokenKind::kBool;
  TableIndex index = 0;
  std::vector<SignatureToken> args;

  friend bool operator==(const SignatureToken&, const SignatureToken&) = default;
  [[nodiscard]] bool is_reference() const noexcept {
    return kind == TokenKind::kReference || kind == TokenKind::kMutableReference;
  }
  [[nodiscard]] bool is_integer() const noexcept {
    return kind == TokenKind::kU8 || kind == TokenKind::kU16 || kind == TokenKind::kU32 ||
           kind == TokenKind::kU64 || kind == TokenKind::kU128 || kind == TokenKind::kU256;
  }
};

using Signature = std::vector<SignatureToken>;

struct ModuleHandle {
  TableIndex address = 0;  // address pool
  TableIndex name = 0;     // identifier pool
  friend bool operator==(const ModuleHandle&, const ModuleHandle&) = default;
};

struct StructTypeParameter {
  AbilitySet constraints;
  bool is_phantom = false;
};

struct StructHandle {
  TableIndex module = 0;
  TableIndex name = 0;
  AbilitySet abilities;
  std::vector<StructTypeParameter> type_parameters;
};

// v7 access specifier (Aptos); kept verbatim so that files carrying one round-trip.
struct AccessSpecifier {
  std::uint8_t kind = 1;  // 1 read, 2 write, 3 acquires
  bool negated = false;
  std::uint8_t resource_kind = 1;  // 1 any, 2 at address, 3 in module, 4 resource, 5 instantiation
  TableIndex resource_a = 0;
  TableIndex resource_b = 0;
  std::uint8_t address_kind = 1;  // 1 any, 2 literal, 3 parameter
  TableIndex address_a = 0;
  std::optional<TableIndex> address_fn;  // function instantiation applied to the parameter
};

struct FunctionHandle {
  TableIndex module = 0;
  TableIndex name = 0;
  TableIndex parameters = 0;  // signature pool
  TableIndex return_ = 0;     // signature pool
  std::vector<AbilitySet> type_parameters;
  std::optional<std::vector<AccessSpecifier>> access_specifiers;  // v7+ only
};

struct FieldHandle {
  TableIndex owner = 0;  // struct definition
  TableIndex field = 0;
};

struct Instantiation {  // function, struct-def, field, variant-field and struct-variant inst.
  TableIndex handle = 0;
  TableIndex type_parameters = 0;  // signature pool
};

struct Constant {
  SignatureToken type;
  Bytes data;
};

struct Metadata {
  Bytes key;
  Bytes value;
};

struct FieldDefinition {
  TableIndex name = 0;
  SignatureToken type;
};

struct VariantDefinition {
  TableIndex name = 0;
  std::vector<FieldDefinition> fields;
};

enum class StructLayout : std::uint8_t { kNative = 1, kDeclared = 2, kVariants = 3 };

struct StructDefinition {
  TableIndex handle = 0;
  StructLayout layout = StructLayout::kDeclared;
  std::vector<FieldDefinition> fields;      // kDeclared
  std::vector<VariantDefinition> variants;  // kVariants
};

// Serialized visibility byte; kScript (pre-v5) means public + entry.
enum class Visibility : std::uint8_t { kPrivate = 0, kPublic = 1, kScript = 2, kFriend = 3 };

// An instruction. `a` carries the ULEB operand (index, offset, local) or small literals; `b` the
// u64 literal or the VecPack/VecUnpack count; `wide` indexes CodeUnit::wide_literals for
// LdU128/LdU256.
struct Instruction {
  Opcode op = Opcode::Nop;
  std::uint32_t a = 0;
  std::uint64_t b = 0;
};

// LdU128/LdU256 payloads, little-endian as in the file (u128 uses the first 16 bytes).
using WideLiteral = std::array<Byte, 32>;

struct CodeUnit {
  TableIndex locals = 0;  // signature pool
  std::vector<Instruction> code;
  std::vector<WideLiteral> wide_literals;
};

struct FunctionDefinition {
  TableIndex function = 0;  // function handle
  Visibility visibility = Visibility::kPrivate;
  bool is_entry = false;
  bool is_native = false;
  std::vector<TableIndex> acquires;  // struct definitions
  std::optional<CodeUnit> code;      // absent for natives

  [[nodiscard]] bool is_public() const noexcept {
    return visibility == Visibility::kPublic || visibility == Visibility::kScript;
  }
};

struct VariantFieldHandle {
  TableIndex owner = 0;  // struct definition
  TableIndex field = 0;
  std::vector<TableIndex> variants;
};

struct StructVariantHandle {
  TableIndex owner = 0;  // struct definition
  TableIndex variant = 0;
};

// Table kinds as serialized (FORMAT-NOTES §3).
enum class TableKind : std::uint8_t {
  kModuleHandles = 0x01,
  kStructHandles = 0x02,
  kFunctionHandles = 0x03,
  kFunctionInst = 0x04,
  kSignatures = 0x05,
  kConstantPool = 0x06,
  kIdentifiers = 0x07,
  kAddressIdentifiers = 0x08,
  kStructDefs = 0x0A,
  kStructDefInst = 0x0B,
  kFunctionDefs = 0x0C,
  kFieldHandles = 0x0D,
  kFieldInst = 0x0E,
  kFriendDecls = 0x0F,
  kMetadata = 0x10,
  kVariantFieldHandles = 0x11,
  kVariantFieldInst = 0x12,
  kStructVariantHandles = 0x13,
  kStructVariantInst = 0x14,
};

// Everything modules and scripts share. Scripts leave the definition tables empty.
struct BinaryTables {
  std::uint32_t version_word = 6;  // as in the file, including the Aptos 0x0A000000 flag
  std::size_t address_length = 32;
  std::vector<TableKind> table_order;  // directory order of the source file; empty = canonical

  std::vector<ModuleHandle> module_handles;
  std::vector<StructHandle> struct_handles;
  std::vector<FunctionHandle> function_handles;
  std::vector<FieldHandle> field_handles;
  std::vector<ModuleHandle> friend_decls;
  std::vector<Instantiation> struct_def_instantiations;
  std::vector<Instantiation> function_instantiations;
  std::vector<Instantiation> field_instantiations;
  std::vector<Signature> signatures;
  std::vector<std::string> identifiers;
  std::vector<Bytes> address_identifiers;
  std::vector<Constant> constant_pool;
  std::vector<Metadata> metadata;
  std::vector<StructDefinition> struct_defs;
  std::vector<FunctionDefinition> function_defs;
  std::vector<VariantFieldHandle> variant_field_handles;
  std::vector<Instantiation> variant_field_instantiations;
  std::vector<StructVariantHandle> struct_variant_handles;
  std::vector<Instantiation> struct_variant_instantiations;

  [[nodiscard]] std::uint32_t version() const noexcept { return version_word & ~kAptosVersionMask; }
};

struct CompiledModule : BinaryTables {
  TableIndex self_module_handle = 0;

  [[nodiscard]] const ModuleHandle& self_handle() const {
    return module_handles[self_module_handle];
  }
};

struct CompiledScript : BinaryTables {
  std::vector<AbilitySet> type_parameters;
  TableIndex parameters = 0;  // signature pool
  CodeUnit code;
};

}  // namespace plexus::move
