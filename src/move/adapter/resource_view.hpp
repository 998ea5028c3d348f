#pragma once
// Reading one Move resource from state for JSON-RPC (plexus_getMoveResource): its BCS bytes and
// a JSON rendering built from the struct layouts of the published modules.
//
// JSON: bool as true/false; u8, u16, u32 as numbers; u64, u128, u256 as decimal strings (they
// exceed JavaScript's safe integers); address as "0x" + 64 hex digits; vector<u8> as "0x" hex;
// other vectors as arrays; 0x1::string::String as its text; structs as objects by field name;
// enum values as {"Variant": {fields}}.
#include <functional>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "exec/host.hpp"

namespace plexus::move {

// Reads the state (Host::load, or the node's state at some block).
using StateRead = std::function<std::optional<Bytes>(const Address& account, exec::Namespace space,
                                                     BytesView key)>;

struct MoveResource {
  std::string type;  // the canonical struct tag: the storage key
  Bytes bcs;
  nlohmann::json json;
};

// The resource `struct_tag` ("0xf39f...::coin::Balance", long or short addresses) held by
// `owner`, or nullopt when it has none. An unknown module or struct, or a malformed tag, is an
// error.
[[nodiscard]] Result<std::optional<MoveResource>> read_move_resource(const StateRead& read,
                                                                     const Address& owner,
                                                                     std::string_view struct_tag);

}  // namespace plexus::move
