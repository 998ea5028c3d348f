#pragma once
// How a finished contract activation becomes the seam's CallResult.
#include <optional>
#include <string>

#include "exec/host.hpp"
#include "wasm/contract/activation.hpp"

namespace plexus::wasm::contract {

// `trap` is what the entry point's invoke ended with; `gas_left` what the Store has left.
[[nodiscard]] exec::CallResult to_call_result(Activation& act, Trap trap, std::uint64_t gas_left);

// The message of Solidity's Error(string) revert data, if `data` is exactly that.
[[nodiscard]] std::optional<std::string> revert_reason(BytesView data);

}  // namespace plexus::wasm::contract
