#pragma once
// Validation and translation of a decoded module into the internal form, in one pass per function
// body (the validator's type stack gives the exact operand stack height every branch needs).
#include <memory>
#include <vector>

#include "wasm/code.hpp"
#include "wasm/module.hpp"

namespace plexus::wasm {

// Gas charged per instruction class. Each basic block's total is charged when the block is
// entered, so running out of gas happens at the same block on every machine.
struct GasSchedule {
  std::uint32_t base = 1;           // constants, locals, control, integer arithmetic
  std::uint32_t memory = 2;         // loads and stores
  std::uint32_t division = 4;       // integer division and remainder
  std::uint32_t floating = 2;       // float arithmetic and conversions
  std::uint32_t call = 10;          // direct and indirect calls
  std::uint32_t global = 2;         // global and table element access
  std::uint64_t memory_page = 4096;   // per page added by memory.grow
  std::uint64_t table_element = 4;    // per element added by table.grow
  std::uint32_t bulk_bytes_per_gas = 64;  // memory.copy/fill/init: 1 gas per this many bytes (> 0)
};

struct CompileOptions {
  bool metering = false;
  bool canonicalize_nans = false;
  // Rejects any floating-point value or instruction (smart contracts: float results are not
  // bit-identical across machines). The error is "not supported: floating-point instructions".
  bool integer_only = false;
  GasSchedule gas;
};

struct CompiledModule {
  Module module;
  CompileOptions options;
  std::vector<CompiledFunction> functions;  // defined functions only
};

// Decodes, validates and compiles a binary module.
[[nodiscard]] Result<std::shared_ptr<const CompiledModule>> compile_module(
    BytesView binary, const CompileOptions& options = {});

// Module-level rules (indices, limits, segments, exports, start); function bodies are checked by
// the compiler.
[[nodiscard]] Result<void> validate_module(const Module& m);

// `declared_refs[i]` says whether function i may be named by ref.func (C.refs in the spec).
[[nodiscard]] Result<CompiledFunction> compile_function(const Module& m, std::uint32_t index,
                                                        const std::vector<bool>& declared_refs,
                                                        const CompileOptions& options);

}  // namespace plexus::wasm
