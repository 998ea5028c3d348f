#pragma once
// The runtime: a Store owns every function, table, memory and global instance, instantiates
// compiled modules against resolved imports and invokes functions. Host functions are plain
// callables over 64-bit slots, so an embedder can expose anything a contract needs.
#include <deque>
#include <functional>
#include <memory>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "wasm/compiler.hpp"

namespace plexus::wasm {

enum class Trap : std::uint8_t {
  kNone,
  kUnreachable,
  kMemoryOutOfBounds,
  kDivideByZero,
  kIntegerOverflow,
  kInvalidConversion,
  kUndefinedElement,
  kUninitializedElement,
  kIndirectCallTypeMismatch,
  kTableOutOfBounds,
  kCallStackExhausted,
  kOutOfGas,
  kHost,
};

// The spec's wording for each trap (what assert_trap expects).
[[nodiscard]] const char* trap_message(Trap t) noexcept;

// Receives the arguments and writes the results (both as raw 64-bit slots, typed by the
// function's FuncType). Returns Trap::kNone or the trap to raise.
using HostFn = std::function<Trap(std::span<const std::uint64_t>, std::span<std::uint64_t>)>;

// Configurable resource limits; exceeding them traps (stack, depth) or fails the grow.
struct RuntimeLimits {
  std::uint32_t max_memory_pages = 16384;  // 1 GiB; the format allows 65536 (4 GiB)
  std::uint32_t max_table_size = 1u << 20;
  std::uint32_t max_call_depth = 10000;
  std::uint32_t max_stack_slots = 1u << 20;  // value stack: locals and operands, 8 bytes each
};

struct ModuleInstance;

struct FunctionInstance {
  FuncType type;
  std::uint32_t type_id = 0;  // equal ids <=> equal types (for call_indirect)
  ModuleInstance* module = nullptr;
  const CompiledFunction* code = nullptr;  // null for host functions
  HostFn host;
};

struct TableInstance {
  TableType type;
  std::vector<std::uint64_t> elems;
};

struct MemoryInstance {
  MemoryType type;
  Bytes data;
  [[nodiscard]] std::uint32_t pages() const {
    return static_cast<std::uint32_t>(data.size() / kPageSize);
  }
};

struct GlobalInstance {
  GlobalType type;
  std::uint64_t value = 0;
};

struct Extern {
  ExternKind kind = ExternKind::kFunc;
  FunctionInstance* func = nullptr;
  TableInstance* table = nullptr;
  MemoryInstance* memory = nullptr;
  GlobalInstance* global = nullptr;
};

struct ModuleInstance {
  std::shared_ptr<const CompiledModule> compiled;
  std::vector<FunctionInstance*> funcs;
  std::vector<TableInstance*> tables;
  std::vector<MemoryInstance*> memories;
  std::vector<GlobalInstance*> globals;
  std::vector<std::uint32_t> type_ids;
  std::vector<std::vector<std::uint64_t>> elems;  // emptied by elem.drop
  std::vector<BytesView> datas;                   // emptied by data.drop
  std::map<std::string, Extern> exports;
  MemoryInstance* memory0 = nullptr;

  [[nodiscard]] const Extern* find_export(const std::string& name) const;
};

// A caller's saved state while a callee runs (the interpreter's call stack).
struct CallFrame {
  const Instr* pc = nullptr;
  std::uint64_t* fp = nullptr;
  ModuleInstance* inst = nullptr;
};

struct Outcome {
  Trap trap = Trap::kNone;
  std::vector<Value> results;
};

class Store {
 public:
  explicit Store(RuntimeLimits limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  FunctionInstance* add_host_function(FuncType type, HostFn fn);
  TableInstance* add_table(TableType type, std::uint64_t init = kNullRef);
  MemoryInstance* add_memory(MemoryType type);
  GlobalInstance* add_global(GlobalType type, std::uint64_t value);

  // Links `imports` (in the module's import order) and runs segment initialisation and the start
  // function. A link failure is Errc::kNotFound / kInvalidArgument; a trap during initialisation
  // is Errc::kValidation with a message starting "trap: " (the instance stays in the store, as
  // the spec keeps its side effects on shared tables and memories).
  [[nodiscard]] Result<ModuleInstance*> instantiate(std::shared_ptr<const CompiledModule> module,
                                                    std::span<const Extern> imports);

  // Calls a function; argument types are checked against its type.
  [[nodiscard]] Result<Outcome> invoke(FunctionInstance* f, std::span<const Value> args);

  // Gas for metered modules: what is left, and setting it before an invoke.
  void set_gas(std::uint64_t gas) { gas_ = gas; }
  // For host functions of metered modules: takes `amount` and returns true, or returns false and
  // takes nothing when less is left (the host function then returns Trap::kOutOfGas).
  [[nodiscard]] bool charge_gas(std::uint64_t amount) {
    if (amount > gas_) return false;
    gas_ -= amount;
    return true;
  }
  [[nodiscard]] std::uint64_t gas_left() const { return gas_; }
  [[nodiscard]] const RuntimeLimits& limits() const { return limits_; }

  // Grows a memory or table by `delta`; returns the old size or -1 (as the instructions do).
  [[nodiscard]] std::int64_t grow_memory(MemoryInstance& mem, std::uint32_t delta);
  [[nodiscard]] std::int64_t grow_table(TableInstance& table, std::uint32_t delta,
                                        std::uint64_t init);

 private:
  friend class Interpreter;
  std::uint32_t type_id(const FuncType& t);

  RuntimeLimits limits_;
  std::deque<FunctionInstance> funcs_;
  std::deque<TableInstance> tables_;
  std::deque<MemoryInstance> memories_;
  std::deque<GlobalInstance> globals_;
  std::deque<ModuleInstance> modules_;
  std::map<FuncType, std::uint32_t> type_ids_;
  std::unique_ptr<std::uint64_t[]> stack_;  // allocated on the first invoke
  std::unique_ptr<CallFrame[]> frames_;
  std::vector<std::uint64_t> host_scratch_;
  std::uint64_t gas_ = 0;
  bool running_ = false;
};

}  // namespace plexus::wasm
