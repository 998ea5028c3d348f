#pragma once
// The transaction object of eth_call, eth_estimateGas and eth_sendTransaction: from, to, gas,
// gasPrice (or maxFeePerGas), value, input (or data, which must then agree), accessList.
#include "chain/subnet_chain.hpp"
#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

[[nodiscard]] Result<chain::CallRequest> parse_call_request(const json& object, std::size_t index);
// go-ethereum's state override set: {address: {balance, nonce, code, state | stateDiff}}.
// go-ethereum's BlockOverrides: number, time, gasLimit, feeRecipient (or coinbase), prevRandao
// (or random), baseFeePerGas (or baseFee); blobBaseFee and beaconRoot are "not supported", any
// other field an error naming it.
[[nodiscard]] Result<chain::BlockOverrides> parse_block_overrides(const json& object,
                                                                  std::size_t index);
[[nodiscard]] Result<chain::StateOverrides> parse_state_overrides(const json& object,
                                                                  std::size_t index);

}  // namespace plexus::rpc
