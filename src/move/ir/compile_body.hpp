#pragma once
// Internal: types and function bodies (statements, expressions, builtins) of the IR compiler.
#include <map>
#include <string>

#include "move/ir/compile_context.hpp"

namespace plexus::move::ir {

using TypeParamMap = std::map<std::string, TableIndex>;

[[nodiscard]] IrResult<SignatureToken> compile_type(Context& ctx, const TypeParamMap& tps,
                                                    const Type& type);
[[nodiscard]] IrResult<CodeUnit> compile_body(Context& ctx, const TypeParamMap& tps,
                                              const Function& f);

}  // namespace plexus::move::ir
