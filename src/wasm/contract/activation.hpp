#pragma once
// One run of a contract entry point: the host it acts through, its call, its Store, and what its
// host functions leave behind (how it ended, its output, the last nested call's return data).
#include <string>
#include <vector>

#include "exec/host.hpp"
#include "wasm/runtime.hpp"

namespace plexus::wasm::contract {

enum class Exit : std::uint8_t { kNone, kFinish, kRevert };

struct Activation {
  exec::Host& host;
  const exec::CallMessage& msg;
  BytesView input;  // msg.input, or the constructor arguments at creation
  Store& store;
  MemoryInstance* memory = nullptr;  // the module's exported "memory"
  Exit exit = Exit::kNone;
  Bytes output;       // finish/revert data
  Bytes return_data;  // of the last nested call
  std::string error;  // why a host function trapped (empty: the trap says it all)
};

// Checks that every import is one of the documented "plexus" host functions with its exact
// signature (and that nothing but functions is imported).
[[nodiscard]] Result<void> check_imports(const Module& m);

// Host function instances for the module's imports, in import order, bound to `act` (which must
// outlive the Store's use of them). The imports must have passed check_imports.
[[nodiscard]] std::vector<Extern> bind_imports(const Module& m, Activation& act);

}  // namespace plexus::wasm::contract
