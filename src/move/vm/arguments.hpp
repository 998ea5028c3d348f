#pragma once
// Values from text, for command-line and test callers:
//   integers "42"; bool "true"/"false"; address and signer "0x1"; vector<u8> "0x0a0b" (hex) or
//   "'text'" (UTF-8 bytes); other vectors "[1, 2, 3]". Structs are not accepted.
#include <string_view>

#include "move/vm/types.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {

[[nodiscard]] VmResult<Value> parse_value(const Type& type, std::string_view text,
                                          std::size_t address_length);

}  // namespace plexus::move
