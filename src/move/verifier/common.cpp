#include "move/verifier/common.hpp"

#include <algorithm>

namespace plexus::move::verifier {

AbilitySet abilities_of(const BinaryTables& t, const SignatureToken& tok,
                        std::span<const AbilitySet> type_params) {
  switch (tok.kind) {
    case TokenKind::kSigner:
      return AbilitySet{AbilitySet::kDrop};
    case TokenKind::kReference:
    case TokenKind::kMutableReference:
      return AbilitySet{AbilitySet::kCopy | AbilitySet::kDrop};
    case TokenKind::kTypeParameter:
      return tok.index < type_params.size() ? type_params[tok.index] : AbilitySet{};
    case TokenKind::kVector:
      return abilities_of(t, tok.args[0], type_params).intersect(kPrimitiveAbilities);
    case TokenKind::kStruct:
      return t.struct_handles[tok.index].abilities;
    case TokenKind::kStructInstantiation: {
      const auto& h = t.struct_handles[tok.index];
      std::uint8_t out = h.abilities.bits;
      // A declared ability survives if every non-phantom argument has it (key needs store).
      for (std::size_t i = 0; i < tok.args.size() && i < h.type_parameters.size(); ++i) {
        if (h.type_parameters[i].is_phantom) continue;
        const AbilitySet arg = abilities_of(t, tok.args[i], type_params);
        for (std::uint8_t bit : {AbilitySet::kCopy, AbilitySet::kDrop, AbilitySet::kStore}) {
          if (!arg.has(bit)) out &= static_cast<std::uint8_t>(~bit);
        }
        if (!arg.has(AbilitySet::kStore)) out &= static_cast<std::uint8_t>(~AbilitySet::kKey);
      }
      return AbilitySet{out};
    }
    default:
      return kPrimitiveAbilities;
  }
}

SignatureToken instantiate(const SignatureToken& tok, const Signature& args) {
  if (tok.kind == TokenKind::kTypeParameter) return tok.index < args.size() ? args[tok.index] : tok;
  SignatureToken out{tok.kind, tok.index, {}};
  out.args.reserve(tok.args.size());
  for (const auto& a : tok.args) out.args.push_back(instantiate(a, args));
  return out;
}

bool contains_type_parameter(const SignatureToken& tok) {
  if (tok.kind == TokenKind::kTypeParameter) return true;
  return std::ranges::any_of(tok.args, contains_type_parameter);
}

void append_token_key(Bytes& key, const SignatureToken& tok) {
  key.push_back(static_cast<Byte>(tok.kind));
  key.push_back(static_cast<Byte>(tok.index));
  key.push_back(static_cast<Byte>(tok.index >> 8));
  key.push_back(static_cast<Byte>(tok.args.size()));
  for (const auto& a : tok.args) append_token_key(key, a);
}

FunctionView function_view(const CompiledModule& m, std::size_t def_index) {
  const auto& def = m.function_defs[def_index];
  const auto& h = m.function_handles[def.function];
  FunctionView v;
  v.tables = &m;
  v.code = def.code ? &*def.code : nullptr;
  v.index = static_cast<std::uint32_t>(def_index);
  v.parameters = m.signatures[h.parameters];
  v.returns = m.signatures[h.return_];
  v.locals = v.parameters;
  if (def.code) {
    const auto& extra = m.signatures[def.code->locals];
    v.locals.insert(v.locals.end(), extra.begin(), extra.end());
  }
  v.type_parameters = h.type_parameters;
  v.definition = &def;
  return v;
}

namespace {

void append_resolved(const BinaryTables& t, const SignatureToken& tok, std::string& out) {
  out += static_cast<char>(tok.kind);
  if (tok.kind == TokenKind::kStruct || tok.kind == TokenKind::kStructInstantiation) {
    const auto& h = t.struct_handles[tok.index];
    const auto& mh = t.module_handles[h.module];
    const Bytes& addr = t.address_identifiers[mh.address];
    out.append(addr.begin(), addr.end());
    out += "::" + t.identifiers[mh.name] + "::" + t.identifiers[h.name] + "<";
  } else if (tok.kind == TokenKind::kTypeParameter) {
    out += std::to_string(tok.index);
  }
  for (const auto& a : tok.args) append_resolved(t, a, out);
  out += ">";
}

}  // namespace

std::string resolved_token_key(const BinaryTables& t, const SignatureToken& tok) {
  std::string out;
  append_resolved(t, tok, out);
  return out;
}

std::string resolved_signature_key(const BinaryTables& t, TableIndex sig) {
  std::string out;
  for (const auto& tok : t.signatures[sig]) append_resolved(t, tok, out);
  return out;
}

FunctionView script_view(const CompiledScript& s) {
  FunctionView v;
  v.tables = &s;
  v.code = &s.code;
  v.parameters = s.signatures[s.parameters];
  v.locals = v.parameters;
  const auto& extra = s.signatures[s.code.locals];
  v.locals.insert(v.locals.end(), extra.begin(), extra.end());
  v.type_parameters = s.type_parameters;
  return v;
}

bool is_branch(Opcode op) noexcept {
  return op == Opcode::BrTrue || op == Opcode::BrFalse || op == Opcode::Branch;
}

bool is_terminator(Opcode op) noexcept {
  return op == Opcode::Ret || op == Opcode::Abort || op == Opcode::Branch;
}

ControlFlowGraph build_cfg(const CodeUnit& code) {
  const std::size_t n = code.code.size();
  std::vector<bool> starts(n + 1, false);
  if (n) starts[0] = true;
  for (std::size_t pc = 0; pc < n; ++pc) {
    const auto& ins = code.code[pc];
    if (is_branch(ins.op) && ins.a < n) starts[ins.a] = true;
    if (is_branch(ins.op) || ins.op == Opcode::Ret || ins.op == Opcode::Abort)
      starts[pc + 1] = true;
  }
  ControlFlowGraph g;
  g.block_of.assign(n, 0);
  for (std::size_t pc = 0; pc < n; ++pc) {
    if (starts[pc]) g.blocks.push_back({static_cast<std::uint16_t>(pc), 0, {}});
    g.blocks.back().end = static_cast<std::uint16_t>(pc);
    g.block_of[pc] = static_cast<std::uint16_t>(g.blocks.size() - 1);
  }
  for (auto& b : g.blocks) {
    const auto& last = code.code[b.end];
    auto add = [&](std::size_t target) {
      if (target < n) b.successors.push_back(g.block_of[target]);
    };
    if (is_branch(last.op)) add(last.a);
    if (last.op == Opcode::BrTrue || last.op == Opcode::BrFalse || !(is_terminator(last.op)))
      add(b.end + 1u);
  }
  const std::size_t nb = g.blocks.size();
  g.rpo_rank.assign(nb, nb);
  std::vector<std::size_t> post;
  std::vector<bool> seen(nb, false);
  std::vector<std::pair<std::size_t, std::size_t>> stack;
  if (nb) {
    stack.emplace_back(0, 0);
    seen[0] = true;
  }
  while (!stack.empty()) {
    auto& [b, i] = stack.back();
    if (i < g.blocks[b].successors.size()) {
      const std::size_t s = g.blocks[b].successors[i++];
      if (!seen[s]) {
        seen[s] = true;
        stack.emplace_back(s, 0);
      }
      continue;
    }
    post.push_back(b);
    stack.pop_back();
  }
  for (std::size_t i = 0; i < post.size(); ++i) g.rpo_rank[post[post.size() - 1 - i]] = i;
  return g;
}

}  // namespace plexus::move::verifier
