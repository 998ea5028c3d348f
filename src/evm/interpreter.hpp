#pragma once
// Entry point of the EVM interpreter. Runs `code` for `msg` against `host` under `rev`; nested
// calls and creates go back through Host::call. Never throws on any code or input.
//
// Division of work between the interpreter and the Host (the same split as evmone/EVMC):
//
// The interpreter, for every opcode, charges all gas the Yellow Paper and EIPs define for the
// instruction itself: constant costs, memory expansion, copy and hashing costs, EIP-2929 cold
// surcharges (it calls Host::access_account / access_storage, which must mark the item warm and
// report what it was before), EIP-2200/3529 SSTORE cost and refund (from the StorageStatus the
// Host returns), the call value and new-account surcharges (using Host::account_exists, which
// must follow EIP-161: an empty account does not exist), the 63/64 rule and the 2300 stipend,
// EIP-3860 initcode word cost and size limit and the CREATE2 hashing cost. It enforces static
// mode (SSTORE, TSTORE, LOG*, CREATE*, SELFDESTRUCT and CALL with value fail with
// kStaticModeViolation) and the stack, jump and RETURNDATACOPY rules.
//
// Before handing a CALL/CALLCODE/DELEGATECALL/STATICCALL/CREATE/CREATE2 to Host::call the
// interpreter also checks, and on failure pushes 0 without calling the Host and without charging
// the callee gas (the caller keeps it, including a call's stipend):
//   - depth: msg.depth >= 1024;
//   - balance: a non-zero value (CALL, CALLCODE, CREATE, CREATE2) exceeding the balance of the
//     executing account (msg.recipient).
// The nested Message it passes: depth = msg.depth + 1; gas = the callee's allowance (stipend
// included); sender = msg.recipient (msg.sender for DELEGATECALL); recipient = the callee
// (msg.recipient for CALLCODE/DELEGATECALL, unset for creates); code_address = the callee's code;
// value (msg.value for DELEGATECALL); is_static inherited or set by STATICCALL; kind kCall for
// CALL and STATICCALL; input = call data or initcode; create2_salt for CREATE2.
//
// Host::call does everything else for the nested frame: snapshot and revert of state, value
// transfer, precompiles, account touching; for creates the sender nonce increment (and its
// overflow), the new address (CREATE/CREATE2), marking it warm, collision checks, running the
// initcode, the code-deposit cost (200 per byte), EIP-170 size and EIP-3541 0xEF checks. It
// returns the callee's ExecResult: gas_left, gas_refund (the interpreter adds it to its own
// refund counter), output, and create_address for a successful create. After a successful create
// the interpreter clears its return-data buffer whatever output the Host returned; after a failed
// one, RETURNDATA holds the output (the revert data).
//
// The frame's own result: on success gas_left and gas_refund are reported; on REVERT gas_left is
// kept and gas_refund is 0; on any other failure gas_left and gas_refund are 0 and output empty.
// SELFDESTRUCT calls Host::selfdestruct(recipient, beneficiary) (the Host applies EIP-6780) and
// then stops the frame successfully. TxContext::prev_randao is returned by opcode 0x44 in every
// revision (before Paris the Host stores the block difficulty there).
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "evm/host.hpp"

namespace plexus::evm {

// Code prepared once for execution: the bytes padded with zeros (STOP) so that a truncated
// trailing PUSH reads zeros and execution always ends at a STOP, plus the set of valid jump
// destinations. Reuse it across executions of the same code to skip the analysis.
//
// The untraced loop checks stack and gas once per block instead of once per instruction. A block
// runs from an entry (the code's start, a JUMPDEST, the instruction after one that ends a block)
// through the next instruction whose traits say `ends_block`; JUMPDESTs do not end blocks, so
// blocks entered at different JUMPDESTs share their tails. entries[i], for every entry i, holds
// what the instructions from i to the end of its block need: their static gas and the stack
// heights on entry for which none of them underflows or overflows. An entry that
// fails its check, or an instruction that fails inside a block, hands the frame to the loop that
// checks every instruction (with the unspent part of the block's gas given back), so status and
// gas are always those of instruction-by-instruction execution.
// Stored only at entries (other offsets hold zeros); the fast loop reads nothing else.
struct BlockEntry {
  std::int32_t gas;        // static gas of the instructions from here to the block's end
  std::int16_t min_items;  // fewest stack items on entry (kNever: no height works)
  std::int16_t max_items;  // most stack items on entry
  static constexpr std::int16_t kNever = 0x7fff;
  friend bool operator==(const BlockEntry&, const BlockEntry&) = default;
};

struct AnalyzedCode {
  Bytes padded;                          // code followed by kCodePadding zero bytes
  std::size_t size = 0;                  // the original code size
  std::vector<std::uint64_t> jumpdests;  // bit i set: offset i is a JUMPDEST opcode, not PUSH data
  std::vector<BlockEntry> entries;       // per offset (and `size`), set at entries
  // Jumps go anywhere in the code, so the untraced loop looks a destination up in one byte per
  // offset (a table as large as `entries` made jump_around's random jumps miss the cache):
  // 0 for no JUMPDEST, else the index + 1 of its entry among the distinct entries of all
  // JUMPDESTs, kJumpEntryOverflow for an entry beyond the first 254 distinct ones (in `entries`).
  std::vector<std::uint8_t> jump_map;
  std::vector<BlockEntry> jump_blocks;
  static constexpr std::uint8_t kJumpEntryOverflow = 0xff;

  static constexpr std::size_t kCodePadding = 33;
  [[nodiscard]] BytesView code() const noexcept { return {padded.data(), size}; }
  [[nodiscard]] bool is_jumpdest(std::uint64_t offset) const noexcept {
    return offset < size && ((jumpdests[offset / 64] >> (offset % 64)) & 1) != 0;
  }
};

[[nodiscard]] AnalyzedCode analyze(BytesView code);
// What an analysis holds on the heap (for caches that bound their memory).
[[nodiscard]] std::size_t heap_bytes(const AnalyzedCode& code) noexcept;
// The static gas of the instructions from the instruction at `pc` to the end of its block: what
// the untraced loop took at the block's entry and has not spent when the instruction at pc fails.
[[nodiscard]] std::int64_t block_gas_from(const AnalyzedCode& code, std::size_t pc) noexcept;

[[nodiscard]] ExecResult execute(Host& host, Revision rev, const Message& msg, BytesView code);
[[nodiscard]] ExecResult execute(Host& host, Revision rev, const Message& msg,
                                 const AnalyzedCode& code);

}  // namespace plexus::evm
