// `plexus-move run <dir> <address>::<module>::<function> --type-arg T --arg V ...`: publishes the
// modules below <dir> into an empty store and executes one function against empty storage.
#include <cstdio>

#include "commands.hpp"
#include "move/vm/arguments.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move::cli {
namespace {

int error(const std::string& what) {
  std::fprintf(stderr, "error: %s\n", what.c_str());
  return 1;
}

}  // namespace

int cmd_run(const std::filesystem::path& dir, const std::string& function,
            const std::vector<std::string>& type_args, const std::vector<std::string>& args,
            const Options& opts) {
  auto modules = load_modules(dir, opts);
  if (!modules) return error(modules.error().to_string());
  if (modules->empty()) return error("no modules in " + dir.string());
  const std::size_t address_length = modules->front().address_length;
  ModuleStore store;
  if (auto r = store.publish_bundle(std::move(*modules)); !r) return error(r.error().to_string());

  const auto first = function.find("::");
  const auto second = first == std::string::npos ? first : function.find("::", first + 2);
  if (second == std::string::npos) return error("function must be address::module::name");
  auto address = parse_address(function.substr(0, first), address_length);
  if (!address) return error(address.error().to_string());
  const ModuleId id{*address, function.substr(first + 2, second - first - 2)};
  const std::string name = function.substr(second + 2);
  const LoadedModule* module = store.find(id);
  if (!module) return error("no module " + id.to_string());
  const auto def = module->find_function(name);
  if (!def) return error("no function " + function);

  std::vector<Type> targs;
  for (const auto& text : type_args) {
    auto t = parse_type(store, text, address_length);
    if (!t) return error(t.error().to_string());
    targs.push_back(std::move(*t));
  }
  const auto& m = module->module;
  const auto& handle = m.function_handles[m.function_defs[*def].function];
  const auto param_types = make_types(*module, m.signatures[handle.parameters], targs);
  if (param_types.size() != args.size())
    return error("expected " + std::to_string(param_types.size()) + " arguments");
  std::vector<Value> values;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto v = parse_value(param_types[i], args[i], address_length);
    if (!v) return error(v.error().to_string());
    values.push_back(std::move(*v));
  }
  GlobalStorage storage;
  VmConfig config;
  config.address_length = address_length;
  config.debug_sink = [](std::string_view line) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  };
  MoveVm vm(store, storage, config);
  const auto r = vm.execute(id, name, std::move(targs), std::move(values));
  if (!r) return error(r.error().to_string());
  for (const auto& v : r->returns) std::printf("return %s\n", to_string(v).c_str());
  for (const auto& v : r->mutable_references) std::printf("&mut   %s\n", to_string(v).c_str());
  std::printf("gas used %llu\n", static_cast<unsigned long long>(r->gas_used));
  return 0;
}

}  // namespace plexus::move::cli
