#pragma once
// A decoded (not yet validated) module: the binary format's sections as plain data.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "wasm/types.hpp"

namespace plexus::wasm {

// The constant expressions WebAssembly 2.0 allows in global initialisers and segment offsets.
struct ConstExpr {
  enum class Kind : std::uint8_t { kValue, kGlobalGet, kRefNull, kRefFunc };
  Kind kind = Kind::kValue;
  ValType type = ValType::kI32;  // of kValue and kRefNull
  std::uint64_t bits = 0;        // kValue
  std::uint32_t index = 0;       // kGlobalGet, kRefFunc
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  std::uint32_t func_type = 0;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  std::uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : std::uint8_t { kActive, kPassive, kDeclarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::kActive;
  std::uint32_t table = 0;
  ConstExpr offset;
  ValType type = ValType::kFuncRef;
  std::vector<ConstExpr> init;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::kActive;
  std::uint32_t memory = 0;
  ConstExpr offset;
  Bytes bytes;
};

// A function defined in the module: its type, declared locals and body (the expression bytes
// after the local declarations, ending with `end`), located in Module::binary.
struct FunctionBody {
  std::uint32_t type = 0;
  std::vector<ValType> locals;
  std::size_t code_offset = 0;
  std::size_t code_size = 0;
};

struct CustomSection {
  std::string name;
  Bytes bytes;
};

struct Module {
  Bytes binary;  // kept so function bodies can be compiled from it
  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<FunctionBody> functions;
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<Global> globals;
  std::vector<Export> exports;
  std::optional<std::uint32_t> start;
  std::vector<ElementSegment> elements;
  std::optional<std::uint32_t> data_count;
  std::vector<DataSegment> data;
  std::vector<CustomSection> customs;

  // Index spaces count imports first.
  std::uint32_t imported_funcs = 0, imported_tables = 0, imported_memories = 0,
                imported_globals = 0;
  // Type index of every function (imported then defined), filled by the decoder.
  std::vector<std::uint32_t> func_types;
  // Table, memory and global types in index space order (imports first).
  std::vector<TableType> all_tables;
  std::vector<MemoryType> all_memories;
  std::vector<GlobalType> all_globals;
};

// Decodes a binary module. Every malformation is a kDecode error; nothing is validated beyond
// what decoding needs (see validate()).
[[nodiscard]] Result<Module> decode_module(BytesView binary);

}  // namespace plexus::wasm
