// Pass: generic calls between this module's functions must not instantiate a type parameter with
// a type built from itself around a cycle (that would need infinitely many instantiations).
// Nodes are (function definition, type parameter); a call f<..>() -> g<args> adds an edge from
// every (f, j) occurring in args[i] to (g, i), "growing" unless args[i] is exactly T_j.
// A growing edge inside a strongly connected component is a loop.
#include <algorithm>
#include <map>

#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {
namespace {

struct Edge {
  std::size_t to;
  bool growing;
};

void type_params_in(const SignatureToken& tok, std::vector<TableIndex>& out) {
  if (tok.kind == TokenKind::kTypeParameter) out.push_back(tok.index);
  for (const auto& a : tok.args) type_params_in(a, out);
}

// Tarjan's algorithm (iterative) returning a component id per node.
std::vector<std::size_t> components(const std::vector<std::vector<Edge>>& g) {
  const std::size_t n = g.size();
  constexpr std::size_t kUnset = ~std::size_t{0};
  std::vector<std::size_t> index(n, kUnset), low(n, 0), comp(n, kUnset), stack;
  std::vector<bool> on_stack(n, false);
  std::size_t counter = 0, comps = 0;
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] != kUnset) continue;
    std::vector<std::pair<std::size_t, std::size_t>> work{{root, 0}};
    while (!work.empty()) {
      auto [v, i] = work.back();
      if (i == 0) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (i < g[v].size()) {
        work.back().second = i + 1;
        const std::size_t w = g[v][i].to;
        if (index[w] == kUnset)
          work.emplace_back(w, 0);
        else if (on_stack[w])
          low[v] = std::min(low[v], index[w]);
        continue;
      }
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[v]);
      if (low[v] == index[v]) {
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = comps;
        } while (w != v);
        ++comps;
      }
    }
  }
  return comp;
}

}  // namespace

VmResult<void> check_instantiation_loops(const CompiledModule& m) {
  std::map<TableIndex, std::size_t> def_of_handle;
  std::vector<std::size_t> first_node;
  std::size_t nodes = 0;
  for (std::size_t i = 0; i < m.function_defs.size(); ++i) {
    def_of_handle[m.function_defs[i].function] = i;
    first_node.push_back(nodes);
    nodes += m.function_handles[m.function_defs[i].function].type_parameters.size();
  }
  std::vector<std::vector<Edge>> g(nodes);
  for (std::size_t f = 0; f < m.function_defs.size(); ++f) {
    const auto& d = m.function_defs[f];
    if (!d.code) continue;
    for (const auto& ins : d.code->code) {
      if (ins.op != Opcode::CallGeneric) continue;
      const auto& fi = m.function_instantiations[ins.a];
      const auto callee = def_of_handle.find(fi.handle);
      if (callee == def_of_handle.end()) continue;  // other modules cannot call back here
      const auto& args = m.signatures[fi.type_parameters];
      for (std::size_t i = 0; i < args.size(); ++i) {
        std::vector<TableIndex> used;
        type_params_in(args[i], used);
        const bool exact = args[i].kind == TokenKind::kTypeParameter;
        for (auto j : used)
          g[first_node[f] + j].push_back({first_node[callee->second] + i, !exact});
      }
    }
  }
  const auto comp = components(g);
  for (std::size_t v = 0; v < g.size(); ++v)
    for (const auto& e : g[v])
      if (e.growing && comp[v] == comp[e.to])
        return vm_fail(StatusCode::LOOP_IN_INSTANTIATION_GRAPH);
  return {};
}

}  // namespace plexus::move::verifier
