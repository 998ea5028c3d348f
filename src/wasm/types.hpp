#pragma once
// WebAssembly 2.0 types shared by the decoder, the validator, the compiler and the runtime.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plexus::wasm {

// Value types carry their binary encoding so the decoder can cast after a range check.
enum class ValType : std::uint8_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,
  kFuncRef = 0x70,
  kExternRef = 0x6F,
};

[[nodiscard]] constexpr bool is_ref(ValType t) noexcept {
  return t == ValType::kFuncRef || t == ValType::kExternRef;
}
[[nodiscard]] const char* val_type_name(ValType t) noexcept;

// A reference value is a 64-bit slot: 0 is null, otherwise (function address + 1) for funcref or
// (host value + 1) for externref.
inline constexpr std::uint64_t kNullRef = 0;

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
  friend auto operator<=>(const FuncType&, const FuncType&) = default;
};

struct Limits {
  std::uint32_t min = 0;
  std::optional<std::uint32_t> max;
};

struct TableType {
  ValType elem = ValType::kFuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;
};

struct GlobalType {
  ValType type = ValType::kI32;
  bool mut = false;
};

enum class ExternKind : std::uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };

inline constexpr std::uint32_t kPageSize = 65536;
inline constexpr std::uint32_t kMaxPages = 65536;

// A typed value at the embedding boundary (host calls, invoke arguments and results).
struct Value {
  ValType type = ValType::kI32;
  std::uint64_t bits = 0;

  [[nodiscard]] static Value i32(std::uint32_t v) { return {ValType::kI32, v}; }
  [[nodiscard]] static Value i64(std::uint64_t v) { return {ValType::kI64, v}; }
  [[nodiscard]] static Value f32_bits(std::uint32_t v) { return {ValType::kF32, v}; }
  [[nodiscard]] static Value f64_bits(std::uint64_t v) { return {ValType::kF64, v}; }
  friend bool operator==(const Value&, const Value&) = default;
};

}  // namespace plexus::wasm
