#pragma once
// The `spectest` host module every spec test may import: print functions that do nothing,
// four globals, a table and a memory.
#include <map>
#include <string>

#include "wasm/runtime.hpp"

namespace plexus::spectest {

using Exports = std::map<std::string, wasm::Extern>;

[[nodiscard]] Exports make_spectest_module(wasm::Store& store);

}  // namespace plexus::spectest
