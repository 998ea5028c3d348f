#pragma once
// Internal to the compiler: the per-function state shared by compiler_control.cpp (blocks,
// branches, calls) and compiler_ops.cpp (numeric, memory, variable and table instructions).
#include <cstdint>
#include <vector>

#include "wasm/compiler.hpp"
#include "wasm/reader.hpp"

namespace plexus::wasm::detail {

// The validator's operand type: a value type, or kUnknownTy, the bottom type of unreachable code.
using Ty = ValType;
inline constexpr Ty kUnknownTy = static_cast<Ty>(0);

enum class CtrlKind : std::uint8_t { kFunction, kBlock, kLoop, kIf, kElse };

struct Ctrl {
  CtrlKind kind = CtrlKind::kBlock;
  std::vector<ValType> params;
  std::vector<ValType> results;
  std::uint32_t height = 0;      // operand stack height below the block's parameters
  bool unreachable = false;      // the rest of the block is unreachable (validation)
  bool dead = false;             // the whole block is unreachable: emit nothing for it
  std::uint32_t loop_start = 0;  // branch target of a loop
  std::uint32_t else_jump = 0;   // kJumpUnless of an `if`, patched at else/end
  bool has_else_jump = false;
  std::vector<std::uint32_t> fixups;  // instructions whose target is the block's end
  // Label types: what a branch to this block carries.
  [[nodiscard]] const std::vector<ValType>& label_types() const {
    return kind == CtrlKind::kLoop ? params : results;
  }
};

// Merges `next` into `prev` when the pair has a superinstruction; returns whether it did.
[[nodiscard]] bool fuse_pair(Instr& prev, const Instr& next);

class FunctionCompiler {
 public:
  FunctionCompiler(const Module& m, std::uint32_t index, const std::vector<bool>& declared_refs,
                   const CompileOptions& options);
  [[nodiscard]] Result<CompiledFunction> run();

  // compiler_ops.cpp: instructions other than control flow. `opcode` was already read.
  [[nodiscard]] Result<void> simple_op(std::uint8_t opcode);
  [[nodiscard]] Result<void> fc_op(std::uint32_t sub);
  [[nodiscard]] Result<void> memory_op(std::uint8_t opcode);

  // Type stack.
  void push(Ty t);
  [[nodiscard]] Result<Ty> pop();
  [[nodiscard]] Result<Ty> pop(Ty expected);
  [[nodiscard]] Result<void> pop_types(const std::vector<ValType>& types);
  void push_types(const std::vector<ValType>& types);

  // Code emission; a no-op in dead code. Returns the instruction's index.
  std::uint32_t emit(std::uint32_t op, std::uint32_t a = 0, std::uint64_t b = 0,
                     std::uint32_t cost = 1);
  [[nodiscard]] bool dead() const { return ctrl_.back().unreachable || ctrl_.back().dead; }
  [[nodiscard]] std::unexpected<Error> invalid(const std::string& what) const;

  const Module& m_;
  const std::vector<bool>& declared_refs_;
  std::uint32_t index_;
  Reader r_;
  CompileOptions options_;
  CompiledFunction out_;
  std::vector<ValType> locals_;  // parameters then declared locals
  std::vector<Ty> stack_;
  std::vector<Ctrl> ctrl_;

 private:
  [[nodiscard]] Result<void> control_op(std::uint8_t opcode, bool& handled);
  [[nodiscard]] Result<void> block_type(Ctrl& c);
  [[nodiscard]] Result<void> push_ctrl(Ctrl c);
  [[nodiscard]] Result<void> end_op();
  [[nodiscard]] Result<void> branch(std::uint32_t depth, bool conditional);
  [[nodiscard]] Result<void> br_table();
  [[nodiscard]] Result<void> call(std::uint32_t func);
  [[nodiscard]] Result<void> call_indirect();
  void mark_unreachable();
  void begin_basic_block();
  void patch_to_here(std::uint32_t instr);
  [[nodiscard]] std::uint32_t slot_height() const {
    return static_cast<std::uint32_t>(locals_.size() + stack_.size());
  }

  std::uint32_t barrier_ = 0;  // code index of the last branch target: no fusion across it
  std::uint32_t gas_instr_ = 0;
  bool has_gas_instr_ = false;
  bool uses_float_ = false;  // a float type was pushed or expected (CompileOptions::integer_only)
};

}  // namespace plexus::wasm::detail
