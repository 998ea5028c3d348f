#pragma once
// Checks on what a caller hands to an entry point: type arguments against the function's
// constraints, argument values against the parameter types, and BCS-encoded arguments decoded by
// those types. Values produced by verified code need none of this; arguments come from outside
// the VM, so the interpreter must not trust them.
#include <span>

#include "move/vm/types.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {

// The abilities a run-time type has (a struct's declared abilities narrowed by its arguments).
[[nodiscard]] AbilitySet type_abilities(const Type& t);

// Count and ability constraints of the type arguments (NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
// CONSTRAINT_NOT_SATISFIED).
[[nodiscard]] VmResult<void> check_type_arguments(std::span<const AbilitySet> constraints,
                                                  std::span<const Type> type_args);

// Makes `v` a well-formed value of `t` (references: of the referenced type) or fails with
// FAILED_TO_DESERIALIZE_ARGUMENT. An address given for a signer becomes that signer, as when the
// argument arrives as the BCS bytes of an address.
[[nodiscard]] VmResult<void> check_argument(const Type& t, Value& v, std::size_t address_length);

// Decodes the BCS bytes of a value of `t` (a signer from an address; references as their
// referent); FAILED_TO_DESERIALIZE_ARGUMENT unless the bytes are exactly one such value.
[[nodiscard]] VmResult<Value> decode_argument(const Type& t, BytesView bytes,
                                              std::size_t address_length);

}  // namespace plexus::move
