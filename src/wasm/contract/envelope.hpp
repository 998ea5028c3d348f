#pragma once
// The creation payload of a WASM contract. A transaction without recipient carries either
//   0xEF 'W' 'A' 'S' | u32 big-endian module length | module | constructor arguments
// (what ethers' ContractFactory sends: the "bytecode" is the first three parts and it appends the
// Solidity-ABI-encoded arguments), or a bare module starting with "\0asm" and no arguments.
// EIP-3541 makes 0xEF-prefixed EVM initcode invalid, so the envelope shadows nothing.
#include <array>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::wasm::contract {

inline constexpr std::array<Byte, 4> kEnvelopeMagic = {0xEF, 'W', 'A', 'S'};
inline constexpr std::array<Byte, 4> kModuleMagic = {0x00, 'a', 's', 'm'};
inline constexpr std::size_t kEnvelopeHeaderSize = 8;  // magic + u32 length

struct Creation {
  BytesView module;
  BytesView args;  // the constructor's input
};

// Whether the payload starts like a WASM creation (either form); cheap, checks no more.
[[nodiscard]] bool is_wasm_creation(BytesView payload);

// Splits a payload; a truncated envelope is a kDecode error.
[[nodiscard]] Result<Creation> parse_creation(BytesView payload);

// The envelope around `module` followed by `args`.
[[nodiscard]] Bytes make_creation(BytesView module, BytesView args = {});

}  // namespace plexus::wasm::contract
