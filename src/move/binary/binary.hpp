#pragma once
// Reading and writing the Move binary format.
//
//   deserialize_module/script: strict parse of bytecode versions 1..7 (v7 = Aptos flavour with
//     enums); every table index is bounds-checked before returning, as the reference does.
//   serialize_module/script: exact inverse; for any file accepted by the deserializer the output
//     is byte-identical (table directory order is preserved from the source file).
#include <cstddef>
#include <cstdint>

#include "core/bytes.hpp"
#include "move/binary/file_format.hpp"
#include "move/status.hpp"

namespace plexus::move {

struct BinaryConfig {
  std::size_t address_length = 32;  // 16 (move-language, Starcoin) or 32 (Aptos, Sui, Rooch)
  std::uint32_t max_version = kMaxVersion;
};

[[nodiscard]] VmResult<CompiledModule> deserialize_module(BytesView bytes,
                                                          const BinaryConfig& config = {});
[[nodiscard]] VmResult<CompiledScript> deserialize_script(BytesView bytes,
                                                          const BinaryConfig& config = {});

// The bounds checker (verifier pass 1); also run by the deserializers.
[[nodiscard]] VmResult<void> check_bounds(const CompiledModule& module);
[[nodiscard]] VmResult<void> check_bounds(const CompiledScript& script);

[[nodiscard]] Bytes serialize_module(const CompiledModule& module);
[[nodiscard]] Bytes serialize_script(const CompiledScript& script);

// Encodes a ULEB128 value (shared with the BCS encoder of the VM).
void write_uleb(Bytes& out, std::uint64_t value);

}  // namespace plexus::move
