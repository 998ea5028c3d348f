#pragma once
// What a WASM contract pays, in the subnet's one gas unit (the EVM's). Instructions are metered
// per basic block by the compiler's GasSchedule; host functions charge these on top, at the
// magnitudes of the EVM opcodes that do the same work so a contract costs about what its
// Solidity twin would. docs/WASM_CONTRACTS.md lists them for contract authors.
#include <cstdint>

namespace plexus::wasm::contract {

inline constexpr std::int64_t kGasEnv = 2;               // caller, address, block fields (BASE)
inline constexpr std::int64_t kGasCopy = 3;              // input/returndata copy (CALLDATACOPY)
inline constexpr std::int64_t kGasCopyPerWord = 3;       // ... per 32-byte word copied
inline constexpr std::int64_t kGasStorageRead = 2100;    // cold SLOAD
inline constexpr std::int64_t kGasStorageReadPerWord = 3;
inline constexpr std::int64_t kGasStorageUpdate = 5000;  // SSTORE to a non-empty slot
inline constexpr std::int64_t kGasStorageCreate = 22100; // SSTORE to an empty slot
inline constexpr std::int64_t kGasStoragePerByte = 20;   // key + value bytes written
inline constexpr std::int64_t kGasStorageRemove = 5000;
inline constexpr std::int64_t kGasLog = 375;             // LOGn: 375 + 375 per topic + 8 per byte
inline constexpr std::int64_t kGasLogTopic = 375;
inline constexpr std::int64_t kGasLogPerByte = 8;
inline constexpr std::int64_t kGasCall = 700;            // CALL before EIP-2929
inline constexpr std::int64_t kGasCallValue = 9000;      // a call that moves value
inline constexpr std::int64_t kGasKeccak = 30;           // KECCAK256: 30 + 6 per word
inline constexpr std::int64_t kGasKeccakPerWord = 6;
// Per 64 KiB page, for the pages a module starts with and for each memory.grow.
inline constexpr std::int64_t kGasMemoryPage = 4096;
// Creation: per byte of module installed (the EVM's code deposit price).
inline constexpr std::int64_t kGasCodeDepositPerByte = 200;

// Resource caps of one contract activation.
inline constexpr std::uint32_t kMaxMemoryPages = 16;      // 1 MiB of linear memory
inline constexpr std::uint32_t kMaxStackSlots = 1u << 15; // 256 KiB of value stack
inline constexpr std::uint32_t kMaxFrames = 2048;         // nested wasm function calls
inline constexpr std::size_t kMaxModuleSize = 128 * 1024;

[[nodiscard]] inline constexpr std::int64_t words(std::uint64_t bytes) {
  return static_cast<std::int64_t>((bytes + 31) / 32);
}

}  // namespace plexus::wasm::contract
