// Opcode mnemonics for traces, spelled as go-ethereum's struct logger spells them.
#include <array>
#include <cstdio>

#include "evm/tracer.hpp"

namespace plexus::evm {
namespace {

constexpr std::array<std::string_view, 256> make_names() {
  std::array<std::string_view, 256> n{};
  constexpr std::string_view kLow[] = {
      "STOP", "ADD", "MUL", "SUB", "DIV", "SDIV", "MOD", "SMOD", "ADDMOD", "MULMOD", "EXP",
      "SIGNEXTEND"};
  for (std::size_t i = 0; i < std::size(kLow); ++i) n[i] = kLow[i];
  constexpr std::string_view kCompare[] = {"LT",  "GT",  "SLT", "SGT", "EQ",  "ISZERO", "AND",
                                           "OR",  "XOR", "NOT", "BYTE", "SHL", "SHR",   "SAR",
                                           "CLZ"};
  for (std::size_t i = 0; i < std::size(kCompare); ++i) n[0x10 + i] = kCompare[i];
  n[0x20] = "KECCAK256";
  constexpr std::string_view kEnv[] = {
      "ADDRESS",      "BALANCE",      "ORIGIN",         "CALLER",         "CALLVALUE",
      "CALLDATALOAD", "CALLDATASIZE", "CALLDATACOPY",   "CODESIZE",       "CODECOPY",
      "GASPRICE",     "EXTCODESIZE",  "EXTCODECOPY",    "RETURNDATASIZE", "RETURNDATACOPY",
      "EXTCODEHASH",  "BLOCKHASH",    "COINBASE",       "TIMESTAMP",      "NUMBER",
      "PREVRANDAO",   "GASLIMIT",     "CHAINID",        "SELFBALANCE",    "BASEFEE",
      "BLOBHASH",     "BLOBBASEFEE"};
  for (std::size_t i = 0; i < std::size(kEnv); ++i) n[0x30 + i] = kEnv[i];
  constexpr std::string_view kFlow[] = {"POP",  "MLOAD", "MSTORE", "MSTORE8", "SLOAD",
                                        "SSTORE", "JUMP", "JUMPI", "PC",     "MSIZE",
                                        "GAS",  "JUMPDEST", "TLOAD", "TSTORE", "MCOPY",
                                        "PUSH0"};
  for (std::size_t i = 0; i < std::size(kFlow); ++i) n[0x50 + i] = kFlow[i];
  n[0xf0] = "CREATE";
  n[0xf1] = "CALL";
  n[0xf2] = "CALLCODE";
  n[0xf3] = "RETURN";
  n[0xf4] = "DELEGATECALL";
  n[0xf5] = "CREATE2";
  n[0xfa] = "STATICCALL";
  n[0xfd] = "REVERT";
  n[0xfe] = "INVALID";
  n[0xff] = "SELFDESTRUCT";
  return n;
}

constexpr std::array<std::string_view, 256> kNames = make_names();

}  // namespace

std::string opcode_name(std::uint8_t op) {
  if (!kNames[op].empty()) return std::string(kNames[op]);
  // The numbered families: PUSH1..32, DUP1..16, SWAP1..16, LOG0..4.
  if (op >= 0x60 && op <= 0x7f) return "PUSH" + std::to_string(op - 0x5f);
  if (op >= 0x80 && op <= 0x8f) return "DUP" + std::to_string(op - 0x7f);
  if (op >= 0x90 && op <= 0x9f) return "SWAP" + std::to_string(op - 0x8f);
  if (op >= 0xa0 && op <= 0xa4) return "LOG" + std::to_string(op - 0xa0);
  char text[32];
  std::snprintf(text, sizeof text, "opcode %#x not defined", static_cast<unsigned>(op));
  return text;
}

}  // namespace plexus::evm
