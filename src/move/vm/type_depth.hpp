#pragma once
// Limits on run-time types: the nesting depth of the values a type describes (checked before a
// struct or vector is built, VM_MAX_VALUE_DEPTH_REACHED) and the size of generic instantiations
// (TOO_MANY_TYPE_NODES), as the reference VM enforces them.
#include <cstdint>
#include <optional>
#include <vector>

#include "move/status.hpp"

namespace plexus::move {

struct LoadedModule;
struct Type;

inline constexpr std::uint64_t kMaxValueDepth = 128;
inline constexpr std::uint64_t kMaxTypeNodes = 128;

// depth(S<A0..An>) = max(constant, max over i of (params[i] + depth(Ai))). Computed once per
// struct definition when its module is loaded, so a check never walks the fields again.
struct DepthFormula {
  std::uint64_t constant = 0;
  std::vector<std::optional<std::uint64_t>> params;
};

// Formulas for every struct definition of `m`; its handles must be resolved and the formulas of
// the modules it uses already computed. A recursive definition (only possible in an unverified
// module) is refused.
[[nodiscard]] VmResult<std::vector<DepthFormula>> struct_depth_formulas(const LoadedModule& m);

// VM_MAX_VALUE_DEPTH_REACHED when a value of `t` could nest deeper than kMaxValueDepth.
[[nodiscard]] VmResult<void> check_type_depth(const Type& t);

// Number of nodes of a type tree (each type constructor, struct or primitive counts one).
[[nodiscard]] std::uint64_t count_type_nodes(const Type& t);

}  // namespace plexus::move
