#pragma once
// Native functions of the standard library (0x1). Dispatched by module and function name; the
// Starcoin spellings (Vector, BCS, Hash, Signer, String, Debug) map to the same code.
#include <string_view>
#include <vector>

#include "move/vm/runtime.hpp"

namespace plexus::move {

struct NativeContext {
  GasMeter& gas;
  const VmConfig& config;
  const ModuleId* caller = nullptr;  // the module whose code called the native
};

using NativeFn = VmResult<void> (*)(NativeContext& ctx, const std::vector<Type>& type_args,
                                    std::vector<Value>& args, std::vector<Value>& results);

// nullptr when the native is not supported (the caller reports "native not supported: m::f").
[[nodiscard]] NativeFn find_native(const ModuleId& module, std::string_view function);

// "module::function" for every supported native (docs and tests).
[[nodiscard]] std::vector<std::string> supported_natives();

}  // namespace plexus::move
