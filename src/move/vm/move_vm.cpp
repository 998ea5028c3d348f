// The VM's entry points: resolve the function, check what the caller passed, run the machine.
#include "move/vm/entry_args.hpp"
#include "move/vm/machine.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {

VmResult<ExecutionResult> MoveVm::execute(const ModuleId& id, std::string_view function,
                                          std::vector<Type> type_args, std::vector<Value> args) {
  return call(id, function, std::move(type_args), std::move(args), false);
}

VmResult<ExecutionResult> MoveVm::execute_bcs(const ModuleId& id, std::string_view function,
                                              std::vector<Type> type_args, std::vector<Bytes> args,
                                              bool bypass_visibility) {
  return call(id, function, std::move(type_args), std::move(args), bypass_visibility);
}

VmResult<ExecutionResult> MoveVm::execute_script(const CompiledScript& script,
                                                 std::vector<Type> type_args,
                                                 std::vector<Value> args) {
  MOVE_TRY(const auto loaded, store_.load_script(script));
  return run(*loaded, 0, std::move(type_args), std::move(args));
}

VmResult<ExecutionResult> MoveVm::execute_script_bcs(const CompiledScript& script,
                                                     std::vector<Type> type_args,
                                                     std::vector<Bytes> args) {
  MOVE_TRY(const auto loaded, store_.load_script(script));
  return run(*loaded, 0, std::move(type_args), std::move(args));
}

VmResult<ExecutionResult> MoveVm::call(const ModuleId& id, std::string_view function,
                                       std::vector<Type> type_args, Arguments args,
                                       bool any_visibility) {
  const LoadedModule* m = store_.find(id);
  // As when a module being loaded names one that does not exist.
  if (!m) return vm_fail(StatusCode::LINKER_ERROR, "no module " + id.to_string());
  const auto def = m->find_function(std::string(function));
  if (!def)
    return vm_fail(StatusCode::FUNCTION_RESOLUTION_FAILURE,
                   "no function " + id.to_string() + "::" + std::string(function));
  const auto& d = m->module.function_defs[*def];
  if (!any_visibility && !d.is_public() && !d.is_entry)
    return vm_fail(StatusCode::FUNCTION_RESOLUTION_FAILURE,
                   id.to_string() + "::" + std::string(function) + " is neither public nor entry");
  return run(*m, *def, std::move(type_args), std::move(args));
}

VmResult<ExecutionResult> MoveVm::run(const LoadedModule& module, TableIndex def,
                                      std::vector<Type> type_args, Arguments arguments) {
  const LoadedModule* m = &module;
  MOVE_CHECK(store_.check_loadable(module));
  const auto& d = m->module.function_defs[def];
  const auto& h = m->module.function_handles[d.function];
  if (auto ok = check_type_arguments(h.type_parameters, type_args); !ok) {
    // Named like an execution error, so the caller sees which function refused them.
    VmError e = std::move(ok).error();
    e.message = m->id.to_string() + "::" + m->function_name(def) + ": type arguments";
    return std::unexpected(std::move(e));
  }
  const auto& params = m->module.signatures[h.parameters];
  const std::size_t given = std::visit([](const auto& a) { return a.size(); }, arguments);
  if (given != params.size()) return vm_fail(StatusCode::NUMBER_OF_ARGUMENTS_MISMATCH);
  const std::vector<Type> param_types = make_types(*m, params, type_args);
  std::vector<Value> args;
  if (auto* values = std::get_if<std::vector<Value>>(&arguments)) {
    args = std::move(*values);
    for (std::size_t i = 0; i < args.size(); ++i)
      MOVE_CHECK(check_argument(param_types[i], args[i], config_.address_length));
  } else {
    for (std::size_t i = 0; i < given; ++i) {
      MOVE_TRY(auto v, decode_argument(param_types[i], std::get<std::vector<Bytes>>(arguments)[i],
                                       config_.address_length));
      args.push_back(std::move(v));
    }
  }
  // Reference parameters: keep the argument in a cell and pass a reference to it.
  std::vector<std::shared_ptr<Container>> mut_cells;
  std::vector<std::size_t> mut_params;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!params[i].is_reference()) continue;
    auto cell = std::make_shared<Container>();
    cell->elems.push_back(std::move(args[i]));
    if (params[i].kind == TokenKind::kMutableReference) {
      mut_cells.push_back(cell);
      mut_params.push_back(i);
    }
    args[i] = Value::ref(std::move(cell), 0);
  }
  GasMeter gas(config_.gas_limit);
  detail::Machine machine(storage_, config_, gas, !store_.verifies());
  // An execution that fails changes nothing.
  storage_.begin();
  auto returns = machine.run(*m, def, std::move(type_args), std::move(args));
  last_gas_used_ = gas.used();
  if (!returns) {
    storage_.rollback();
    return std::unexpected(std::move(returns).error());
  }
  storage_.commit();
  ExecutionResult out;
  for (auto& v : *returns)
    out.returns.push_back(v.kind == ValueKind::kRef ? deep_copy(deref(v)) : v);
  for (const auto& cell : mut_cells) out.mutable_references.push_back(std::move(cell->elems[0]));
  out.mutable_reference_params = std::move(mut_params);
  out.gas_used = gas.used();
  return out;
}

}  // namespace plexus::move
