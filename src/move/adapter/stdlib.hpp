#pragma once
// The Move subnet's standard library at 0x1 (32-byte addresses), written in Move IR and assembled
// on demand: signer, vector, option, bcs, hash, string, error, event and evm. The node publishes
// these modules at genesis (under the 20-byte address 0x...01); the natives they declare are
// implemented by the VM (move/vm/natives*.cpp).
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "move/binary/file_format.hpp"

namespace plexus::move {

// Assembles Move IR modules in the order given, each importing those before it.
[[nodiscard]] Result<std::vector<CompiledModule>> assemble_library(
    std::span<const std::string_view> sources, std::size_t address_length);

// The IR of 0x1::signer and 0x1::vector, which the IR tests' library shares.
extern const std::string_view kSignerIr;
extern const std::string_view kVectorIr;

// The modules in dependency order, ready for serialize_module.
[[nodiscard]] Result<std::vector<CompiledModule>> build_subnet_stdlib();

// The same, serialized: the creation payload or Publish envelope takes these bytes.
[[nodiscard]] Result<std::vector<Bytes>> subnet_stdlib_bytes();

}  // namespace plexus::move
