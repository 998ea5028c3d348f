#pragma once
// go-ethereum's state override set for eth_call, eth_estimateGas and debug_traceCall: per
// account a balance, nonce or code to assume, and either a whole storage (`state`, every other
// slot zero) or slots to change (`stateDiff`).
#include <map>
#include <optional>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/uint256.hpp"
#include "exec/state.hpp"

namespace plexus::chain {

struct AccountOverride {
  std::optional<uint256> balance;
  std::optional<std::uint64_t> nonce;
  std::optional<Bytes> code;
  std::optional<std::map<Bytes32, Bytes32>> state;  // replaces the whole storage
  std::map<Bytes32, Bytes32> state_diff;            // changes these slots only
};

using StateOverrides = std::map<Address, AccountOverride>;

// go-ethereum's block overrides for eth_call and debug_traceCall: the block a call runs in, with
// these fields changed (what the EVM's NUMBER, TIMESTAMP, GASLIMIT, COINBASE, PREVRANDAO and
// BASEFEE read, and the limit and fee the call is checked against).
struct BlockOverrides {
  std::optional<std::uint64_t> number;
  std::optional<std::uint64_t> time;
  std::optional<std::uint64_t> gas_limit;
  std::optional<Address> fee_recipient;
  std::optional<Bytes32> prev_randao;
  std::optional<uint256> base_fee;
};

// Applies `overrides` to `state` and makes them its committed values, so SSTORE is priced
// against them as against any stored value. `state` must be a throwaway state (a simulation's
// over the store), never the live one: this finalizes.
void apply_overrides(exec::State& state, const StateOverrides& overrides);

}  // namespace plexus::chain
