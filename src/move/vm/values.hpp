#pragma once
// Run-time values of the interpreter.
//
// Structs, enum variants and vectors own their elements through a Container; a struct value is
// never shared (copies are deep), so a reference can be the pair (container, element index) and
// writes through it are seen by the owner. Locals of a frame and each global resource also live
// in a Container, which is what &local and borrow_global point into. Signers hold their address
// in a one-element container so that signer::borrow_address can hand out a reference.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "move/status.hpp"

namespace plexus::move {

using u128 = unsigned __int128;

enum class ValueKind : std::uint8_t {
  kInvalid,
  kBool,
  kU8,
  kU16,
  kU32,
  kU64,
  kU128,
  kU256,
  kAddress,
  kSigner,
  kStruct,
  kVector,
  kRef,
};

struct Container;

struct Value {
  ValueKind kind = ValueKind::kInvalid;
  std::uint32_t index = 0;               // kRef: element of `container`
  u128 num = 0;                          // kBool and u8..u128
  std::shared_ptr<const uint256> big;    // kU256
  std::shared_ptr<const Bytes> address;  // kAddress
  std::shared_ptr<Container> container;  // kStruct/kVector/kSigner contents; kRef owner

  [[nodiscard]] static Value boolean(bool b) { return integer(ValueKind::kBool, b ? 1 : 0); }
  [[nodiscard]] static Value integer(ValueKind kind, u128 v) {
    Value out;
    out.kind = kind;
    out.num = v;
    return out;
  }
  [[nodiscard]] static Value u64(std::uint64_t v) { return integer(ValueKind::kU64, v); }
  [[nodiscard]] static Value u256(const uint256& v);
  [[nodiscard]] static Value address_of(Bytes a);
  [[nodiscard]] static Value signer(Bytes a);
  [[nodiscard]] static Value make_struct(std::vector<Value> fields);
  [[nodiscard]] static Value make_variant(std::vector<Value> fields, std::uint16_t variant);
  [[nodiscard]] static Value vector(std::vector<Value> elems);
  [[nodiscard]] static Value bytes(BytesView b);  // vector<u8>
  [[nodiscard]] static Value ref(std::shared_ptr<Container> owner, std::uint32_t index);

  [[nodiscard]] bool is_integer() const noexcept {
    return kind >= ValueKind::kU8 && kind <= ValueKind::kU256;
  }
  [[nodiscard]] bool as_bool() const noexcept { return num != 0; }
  [[nodiscard]] std::uint64_t as_u64() const noexcept { return static_cast<std::uint64_t>(num); }
  // The elements of a struct/vector (or the signer's address cell).
  [[nodiscard]] std::vector<Value>& elems() const;
};

struct Container {
  std::vector<Value> elems;
  std::uint16_t variant = 0;  // enum variant tag
  bool is_variant = false;    // an enum value (BCS writes the tag first)
};

inline std::vector<Value>& Value::elems() const { return container->elems; }

// The value a reference points at.
[[nodiscard]] inline Value& deref(const Value& ref) { return ref.container->elems[ref.index]; }
// A copy that shares nothing mutable with the original.
[[nodiscard]] Value deep_copy(const Value& v);
// Structural equality (references compare what they point at).
[[nodiscard]] bool equals(const Value& a, const Value& b);
// vector<u8> contents.
[[nodiscard]] Bytes bytes_of(const Value& vector_u8);
// BCS encoding of a value (fields in order, ULEB lengths and enum tags, little-endian integers).
[[nodiscard]] VmResult<Bytes> bcs_encode(const Value& v);
// A readable rendering for debug printing and the CLI.
[[nodiscard]] std::string to_string(const Value& v);

}  // namespace plexus::move
