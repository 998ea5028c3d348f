#include "spectest_host.hpp"

#include <bit>

namespace plexus::spectest {

Exports make_spectest_module(wasm::Store& store) {
  using wasm::ValType;
  Exports out;
  const auto func = [&](const std::string& name, std::vector<ValType> params) {
    wasm::Extern e{wasm::ExternKind::kFunc};
    e.func = store.add_host_function(wasm::FuncType{std::move(params), {}},
                                     [](auto, auto) { return wasm::Trap::kNone; });
    out.emplace(name, e);
  };
  func("print", {});
  func("print_i32", {ValType::kI32});
  func("print_i64", {ValType::kI64});
  func("print_f32", {ValType::kF32});
  func("print_f64", {ValType::kF64});
  func("print_i32_f32", {ValType::kI32, ValType::kF32});
  func("print_f64_f64", {ValType::kF64, ValType::kF64});
  const auto global = [&](const std::string& name, ValType t, std::uint64_t bits) {
    wasm::Extern e{wasm::ExternKind::kGlobal};
    e.global = store.add_global(wasm::GlobalType{t, false}, bits);
    out.emplace(name, e);
  };
  global("global_i32", ValType::kI32, 666);
  global("global_i64", ValType::kI64, 666);
  global("global_f32", ValType::kF32, std::bit_cast<std::uint32_t>(666.6f));
  global("global_f64", ValType::kF64, std::bit_cast<std::uint64_t>(666.6));
  wasm::Extern table{wasm::ExternKind::kTable};
  table.table = store.add_table(wasm::TableType{ValType::kFuncRef, wasm::Limits{10, 20}});
  out.emplace("table", table);
  wasm::Extern memory{wasm::ExternKind::kMemory};
  memory.memory = store.add_memory(wasm::MemoryType{wasm::Limits{1, 2}});
  out.emplace("memory", memory);
  return out;
}

}  // namespace plexus::spectest
