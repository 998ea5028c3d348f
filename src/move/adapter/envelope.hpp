#pragma once
// The BCS envelope sent to exec::kMoveRouter, and the creation payload that publishes modules.
// The byte layout is specified in docs/MOVE_SUBNET.md:
//
//   enum RouterCall {                                   // BCS: ULEB128 variant index first
//     EntryCall { module_address: [u8; 32], module_name: String, function_name: String,
//                 type_args: vector<TypeTag>, args: vector<vector<u8>> },   // 0
//     Publish { modules: vector<vector<u8>> },                               // 1
//   }
//
// TypeTag is the Move/Aptos/Sui BCS enum (0 bool, 1 u8, 2 u64, 3 u128, 4 address, 5 signer,
// 6 vector<TypeTag>, 7 struct{address, module, name, type_args}, 8 u16, 9 u32, 10 u256).
// A creation payload is kCreationMagic followed by the BCS of vector<vector<u8>> (the modules).
#include <array>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::move {

// 0xEF first: EIP-3541 makes such initcode invalid, so no EVM creation is mistaken for it.
inline constexpr std::array<Byte, 4> kCreationMagic = {0xEF, 0x4D, 0x56, 0x01};  // EF 'M' 'V' v1

struct TypeTag {
  enum class Kind : std::uint8_t {
    kBool = 0,
    kU8 = 1,
    kU64 = 2,
    kU128 = 3,
    kAddress = 4,
    kSigner = 5,
    kVector = 6,
    kStruct = 7,
    kU16 = 8,
    kU32 = 9,
    kU256 = 10,
  };
  Kind kind = Kind::kBool;
  Bytes address;              // kStruct: 32 bytes
  std::string module, name;   // kStruct
  std::vector<TypeTag> args;  // kVector: one element type; kStruct: type arguments

  // "u64", "vector<u8>", "0x1::string::String" (short addresses, as storage keys use).
  [[nodiscard]] std::string to_string() const;
};

struct EntryCall {
  Bytes module_address;  // 32 bytes
  std::string module_name;
  std::string function_name;
  std::vector<TypeTag> type_args;
  std::vector<Bytes> args;  // BCS of each argument after the leading signer parameters
};

struct PublishCall {
  std::vector<Bytes> modules;
};

using RouterCall = std::variant<EntryCall, PublishCall>;

[[nodiscard]] Result<RouterCall> decode_router_call(BytesView input);
[[nodiscard]] Bytes encode_router_call(const RouterCall& call);

[[nodiscard]] bool is_creation_payload(BytesView payload);
[[nodiscard]] Result<std::vector<Bytes>> decode_creation_payload(BytesView payload);
[[nodiscard]] Bytes encode_creation_payload(const std::vector<Bytes>& modules);

}  // namespace plexus::move
