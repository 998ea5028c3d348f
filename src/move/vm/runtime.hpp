#pragma once
// Executing Move functions: the interpreter's public entry, global storage and gas metering.
//
//   ModuleStore store;  store.publish_bundle(modules);
//   GlobalStorage storage;
//   MoveVm vm(store, storage);
//   auto r = vm.execute(module_id, "function", {Type{TypeKind::kU64}}, {Value::u64(1)});
//
// Reference parameters are passed by value: the VM keeps the argument in a cell, passes a
// reference to it, and returns the final contents of every `&mut` argument in
// ExecutionResult::mutable_references (as the reference VM does).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/deadline.hpp"
#include "move/vm/module_store.hpp"
#include "move/vm/types.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {

// Where resources live outside the VM (a chain's state). GlobalStorage asks it, once per key
// and execution, before the first operation on a resource; the value is decoded by its type.
class ResourceSource {
 public:
  struct Loaded {
    std::optional<Value> value;  // nullopt: no such resource
    std::uint64_t gas = 0;       // what reading it costs, charged by the interpreter
  };
  virtual ~ResourceSource() = default;
  [[nodiscard]] virtual VmResult<Loaded> load(BytesView address, const std::string& tag,
                                              const Type& type) = 0;
};

// Resources by (address, type tag). Each resource lives in its own one-element cell so that
// references from borrow_global stay valid while other resources come and go.
//
// Changes can be journaled: after begin(), the first change to each resource (put, take, or a
// mutable borrow through find_mut) records how it was, and rollback() restores that state, so an
// execution that aborts leaves storage as it found it.
//
// Without a source every resource is in memory (tools and tests). With one, fetch() brings a
// resource in on first use, and touched() lists what may have changed, for writing back.
class GlobalStorage {
 public:
  using Key = std::pair<Bytes, std::string>;
  GlobalStorage() = default;
  explicit GlobalStorage(ResourceSource* source) : source_(source) {}

  // Loads `key` from the source unless already loaded; returns the gas the read costs.
  [[nodiscard]] VmResult<std::uint64_t> fetch(const Key& key, const Type& type);
  [[nodiscard]] std::shared_ptr<Container> find(const Key& key) const;
  // For writing through the returned cell (borrow_global_mut).
  [[nodiscard]] std::shared_ptr<Container> find_mut(const Key& key);
  [[nodiscard]] bool exists(const Key& key) const { return find(key) != nullptr; }
  void put(const Key& key, Value resource);
  [[nodiscard]] Value take(const Key& key);  // precondition: exists
  [[nodiscard]] std::size_t size() const noexcept { return resources_.size(); }
  // Every key put, taken or mutably borrowed (in key order).
  [[nodiscard]] const std::set<Key>& touched() const noexcept { return touched_; }
  // Every key loaded from the source (present or not).
  [[nodiscard]] const std::set<Key>& fetched() const noexcept { return fetched_; }

  void begin();
  void commit();
  void rollback();

 private:
  void note_change(const Key& key);

  ResourceSource* source_ = nullptr;
  std::map<Key, std::shared_ptr<Container>> resources_;
  std::set<Key> fetched_;
  std::set<Key> touched_;
  // Original value (nullopt: absent) of every resource changed since begin().
  std::optional<std::map<Key, std::optional<Value>>> journal_;
};

// Deterministic gas: a fixed cost per instruction class plus per-byte costs in natives.
class GasMeter {
 public:
  explicit GasMeter(std::uint64_t limit) : remaining_(limit), limit_(limit) {}
  [[nodiscard]] VmResult<void> charge(std::uint64_t units) {
    // A call past the thread's time budget (eth_call's, core/deadline.hpp) stops as if out of
    // gas; every instruction is charged, so every loop polls it.
    if (units > remaining_ || deadline::expired()) [[unlikely]] {
      remaining_ = 0;
      return vm_fail(StatusCode::OUT_OF_GAS);
    }
    remaining_ -= units;
    return {};
  }
  [[nodiscard]] std::uint64_t remaining() const noexcept { return remaining_; }
  [[nodiscard]] std::uint64_t used() const noexcept { return limit_ - remaining_; }

 private:
  std::uint64_t remaining_;
  std::uint64_t limit_;
};

struct VmConfig {
  std::uint64_t gas_limit = 100'000'000;
  std::size_t max_call_depth = 1024;
  std::size_t max_value_stack = 1'000'000;
  std::size_t address_length = 32;
  // Receives debug::print output; nullptr discards it.
  std::function<void(std::string_view)> debug_sink;
  // The host's side of 0x1::event::emit<T>(msg): the module whose code called emit, T, and the
  // BCS bytes of msg; it charges the event's cost to `gas`. Without it the native is not
  // supported.
  std::function<VmResult<void>(const ModuleId& emitter, const Type& type, BytesView bcs,
                               GasMeter& gas)>
      emit_event;
  // The host's side of 0x1::evm::call(from, target, data): returns the callee's output or an
  // error (ABORTED for a failed call). It charges what the callee used to `gas`.
  std::function<VmResult<Bytes>(BytesView from, BytesView target, BytesView data, GasMeter& gas)>
      evm_call;
  // Paranoid run-time type checks (a type stack beside the operand stack; see
  // runtime_type_checks.hpp). For testing unverified code; verified code never needs them.
  bool paranoid_type_checks = false;
};

struct ExecutionResult {
  std::vector<Value> returns;
  std::vector<Value> mutable_references;  // final values of the &mut arguments, in order
  std::vector<std::size_t> mutable_reference_params;  // their parameter positions
  std::uint64_t gas_used = 0;
};

class MoveVm {
 public:
  MoveVm(const ModuleStore& store, GlobalStorage& storage, VmConfig config = {})
      : store_(store), storage_(storage), config_(std::move(config)) {}

  // Runs `module::function<type_args>(args)`; the function must be public or entry. Errors carry
  // the status (ABORTED with its code, ARITHMETIC_ERROR, OUT_OF_GAS, ...) and the function/offset
  // where execution stopped. Type arguments must satisfy the function's constraints and every
  // argument must be a value of its parameter's type (an address is accepted for a signer).
  [[nodiscard]] VmResult<ExecutionResult> execute(const ModuleId& module, std::string_view function,
                                                  std::vector<Type> type_args,
                                                  std::vector<Value> args);
  // The same with the arguments as BCS bytes, decoded by the parameter types (the form a
  // transaction carries; a signer parameter takes an address). `bypass_visibility` lets tools
  // and tests call functions that are neither public nor entry.
  [[nodiscard]] VmResult<ExecutionResult> execute_bcs(const ModuleId& module,
                                                      std::string_view function,
                                                      std::vector<Type> type_args,
                                                      std::vector<Bytes> args,
                                                      bool bypass_visibility = false);

  // Verifies and links a script against the store, then runs its body (scripts return nothing).
  [[nodiscard]] VmResult<ExecutionResult> execute_script(const CompiledScript& script,
                                                         std::vector<Type> type_args,
                                                         std::vector<Value> args);
  [[nodiscard]] VmResult<ExecutionResult> execute_script_bcs(const CompiledScript& script,
                                                             std::vector<Type> type_args,
                                                             std::vector<Bytes> args);

  // Gas used by the last execution, whether it succeeded or not.
  [[nodiscard]] std::uint64_t last_gas_used() const noexcept { return last_gas_used_; }

 private:
  using Arguments = std::variant<std::vector<Value>, std::vector<Bytes>>;
  VmResult<ExecutionResult> call(const ModuleId& module, std::string_view function,
                                 std::vector<Type> type_args, Arguments args, bool any_visibility);
  VmResult<ExecutionResult> run(const LoadedModule& module, TableIndex def,
                                std::vector<Type> type_args, Arguments args);

  const ModuleStore& store_;
  GlobalStorage& storage_;
  VmConfig config_;
  std::uint64_t last_gas_used_ = 0;
};

}  // namespace plexus::move
