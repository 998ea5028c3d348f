#pragma once
// The dispatch loop over the pre-decoded form. Internal to the runtime: embedders use
// Store::invoke.
#include "wasm/runtime.hpp"

namespace plexus::wasm {

class Interpreter {
 public:
  explicit Interpreter(Store& store) : s_(store) {}
  // Runs `f` with its arguments in base[0..params); results are left in base[0..results).
  [[nodiscard]] Trap run(FunctionInstance* f, std::uint64_t* base);

 private:
  [[nodiscard]] Trap call_host(FunctionInstance* f, std::uint64_t* args, std::uint64_t* end);
  Store& s_;
};

}  // namespace plexus::wasm
