#include "move/vm/type_depth.hpp"

#include <algorithm>

#include "move/vm/module_store.hpp"
#include "move/vm/types.hpp"

namespace plexus::move {
namespace {

void raise(std::optional<std::uint64_t>& slot, std::uint64_t v) {
  slot = slot ? std::max(*slot, v) : v;
}

// `f` for a type nested one level deeper.
DepthFormula scaled(DepthFormula f) {
  f.constant += 1;
  for (auto& p : f.params)
    if (p) *p += 1;
  return f;
}

void merge(DepthFormula& into, const DepthFormula& f) {
  into.constant = std::max(into.constant, f.constant);
  if (into.params.size() < f.params.size()) into.params.resize(f.params.size());
  for (std::size_t i = 0; i < f.params.size(); ++i)
    if (f.params[i]) raise(into.params[i], *f.params[i]);
}

class FormulaBuilder {
 public:
  explicit FormulaBuilder(const LoadedModule& m)
      : m_(m), out_(m.module.struct_defs.size()), state_(out_.size(), 0) {}

  VmResult<std::vector<DepthFormula>> build() {
    for (std::size_t i = 0; i < out_.size(); ++i) MOVE_CHECK(of_def(static_cast<TableIndex>(i)));
    return std::move(out_);
  }

 private:
  VmResult<DepthFormula> of_def(TableIndex def) {
    if (state_[def] == 2) return out_[def];
    if (state_[def] == 1)
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "recursive struct");
    state_[def] = 1;
    const auto& d = m_.module.struct_defs[def];
    DepthFormula f;
    auto add_fields = [&](const std::vector<FieldDefinition>& fields) -> VmResult<void> {
      for (const auto& field : fields) {
        MOVE_TRY(const auto ff, of_token(field.type));
        merge(f, ff);
      }
      return {};
    };
    MOVE_CHECK(add_fields(d.fields));
    for (const auto& v : d.variants) MOVE_CHECK(add_fields(v.fields));
    out_[def] = scaled(std::move(f));
    state_[def] = 2;
    return out_[def];
  }

  VmResult<DepthFormula> of_token(const SignatureToken& tok) {
    switch (tok.kind) {
      case TokenKind::kTypeParameter: {
        DepthFormula f;
        f.params.resize(tok.index + 1);
        f.params[tok.index] = 0;
        return f;
      }
      case TokenKind::kVector:
      case TokenKind::kReference:
      case TokenKind::kMutableReference: {
        MOVE_TRY(auto inner, of_token(tok.args[0]));
        return scaled(std::move(inner));
      }
      case TokenKind::kStruct:
      case TokenKind::kStructInstantiation: {
        const auto& target = m_.struct_targets[tok.index];
        DepthFormula callee;
        if (target.module == &m_) {
          MOVE_TRY(callee, of_def(target.def));
        } else if (target.def < target.module->struct_depths.size()) {
          callee = target.module->struct_depths[target.def];
        } else {
          return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "struct depth unknown");
        }
        // Substitute the struct's parameters by this token's arguments.
        DepthFormula f;
        f.constant = callee.constant;
        for (std::size_t i = 0; i < callee.params.size() && i < tok.args.size(); ++i) {
          if (!callee.params[i]) continue;
          MOVE_TRY(auto arg, of_token(tok.args[i]));
          arg.constant += *callee.params[i];
          for (auto& p : arg.params)
            if (p) *p += *callee.params[i];
          merge(f, arg);
        }
        return f;
      }
      default:
        return DepthFormula{1, {}};
    }
  }

  const LoadedModule& m_;
  std::vector<DepthFormula> out_;
  std::vector<int> state_;  // 0 new, 1 in progress, 2 done
};

// Depth of `t`, or nullopt once it exceeds the limit (so deep types stop early).
std::optional<std::uint64_t> depth_of(const Type& t) {
  switch (t.kind) {
    case TypeKind::kVector:
    case TypeKind::kReference:
    case TypeKind::kMutableReference: {
      const auto inner = depth_of(t.args[0]);
      if (!inner || *inner + 1 > kMaxValueDepth) return std::nullopt;
      return *inner + 1;
    }
    case TypeKind::kStruct: {
      if (t.def >= t.module->struct_depths.size()) return std::nullopt;
      const DepthFormula& f = t.module->struct_depths[t.def];
      std::uint64_t d = f.constant;
      for (std::size_t i = 0; i < f.params.size() && i < t.args.size(); ++i) {
        if (!f.params[i]) continue;
        const auto a = depth_of(t.args[i]);
        if (!a) return std::nullopt;
        d = std::max(d, *a + *f.params[i]);
      }
      if (d > kMaxValueDepth) return std::nullopt;
      return d;
    }
    default:
      return 1;
  }
}

}  // namespace

VmResult<std::vector<DepthFormula>> struct_depth_formulas(const LoadedModule& m) {
  return FormulaBuilder(m).build();
}

VmResult<void> check_type_depth(const Type& t) {
  if (!depth_of(t)) return vm_fail(StatusCode::VM_MAX_VALUE_DEPTH_REACHED);
  return {};
}

std::uint64_t count_type_nodes(const Type& t) {
  std::uint64_t n = 1;
  for (const auto& a : t.args) n += count_type_nodes(a);
  return n;
}

}  // namespace plexus::move
