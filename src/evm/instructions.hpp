#pragma once
// Instructions that talk to the Host or carry dynamic gas, kept out of line: their cost is
// dominated by the Host call or the copy, not by the call into them. Each takes the stack end
// before the instruction (sp[-1] is the top) and writes its results in place; the dispatch loop
// moves the stack end by the opcode's stack_change afterwards. A status other than kSuccess ends
// the frame.
#include <cstdint>

#include "evm/frame.hpp"

namespace plexus::evm::instr {

// Gas figures shared by several instructions.
inline constexpr std::int64_t kColdAccountCost = 2600;  // EIP-2929
inline constexpr std::int64_t kWarmAccessCost = 100;    // the part already in the base cost
inline constexpr std::int64_t kColdAccountExtra = kColdAccountCost - kWarmAccessCost;
inline constexpr std::int64_t kNewAccountCost = 25000;

StatusCode keccak256(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode balance(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode extcodesize(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode extcodehash(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode extcodecopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
void selfbalance(Frame& f, uint256* sp) noexcept;
StatusCode calldatacopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode codecopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode returndatacopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode mcopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
void blockhash(Frame& f, uint256* sp) noexcept;
void blobhash(Frame& f, uint256* sp) noexcept;
// ORIGIN, GASPRICE, COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE,
// BLOBBASEFEE: pushes the transaction/block context value the opcode names.
void tx_context_value(Frame& f, uint256* sp, std::uint8_t opcode) noexcept;
StatusCode sload(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
StatusCode sstore(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
void tload(Frame& f, uint256* sp) noexcept;
StatusCode tstore(Frame& f, uint256* sp) noexcept;
StatusCode log(Frame& f, uint256* sp, std::int64_t& gas, int topics) noexcept;
StatusCode selfdestruct(Frame& f, uint256* sp, std::int64_t& gas) noexcept;
// CREATE (create2 == false) and CREATE2.
StatusCode create(Frame& f, uint256* sp, std::int64_t& gas, bool create2) noexcept;
// CALL, CALLCODE, DELEGATECALL or STATICCALL, by opcode.
StatusCode call(Frame& f, uint256* sp, std::int64_t& gas, std::uint8_t opcode) noexcept;

}  // namespace plexus::evm::instr
