#include "move/verifier/borrow_graph.hpp"

#include <algorithm>
#include <utility>

namespace plexus::move::verifier {
namespace {

// Is `prefix` a prefix of `path`?
bool is_prefix(const BorrowPath& prefix, const BorrowPath& path) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace

bool BorrowEdge::covers(const BorrowEdge& other) const {
  return *this == other || (!strong && is_prefix(path, other.path));
}

void BorrowEdgeSet::insert(BorrowEdge e) {
  if (overflown_) return;
  // As in the reference, the set widens as soon as it is full, even for an edge it holds.
  if (edges_.size() + 1 > kMaxEdgeSet) {
    edges_.clear();
    edges_.insert(BorrowEdge{false, {}});
    overflown_ = true;
    return;
  }
  edges_.insert(std::move(e));
}

bool BorrowGraph::is_mutable(RefId id) const {
  const auto it = refs_.find(id);
  return it != refs_.end() && it->second.mut;
}

std::size_t BorrowGraph::edge_count() const {
  std::size_t n = 0;
  for (const auto& [id, node] : refs_)
    for (const auto& [child, set] : node.borrowed_by) n += set.edges().size();
  return n;
}

std::uint64_t BorrowGraph::weight() const {
  std::uint64_t w = refs_.size();
  for (const auto& [id, node] : refs_)
    for (const auto& [child, set] : node.borrowed_by)
      for (const auto& e : set.edges()) w += 1 + e.path.size();
  return w;
}

bool BorrowGraph::new_ref(RefId id, bool mut) {
  ++work_;
  return refs_.emplace(id, Node{{}, {}, mut}).second;
}

bool BorrowGraph::has_borrower(RefId id, std::optional<BorrowLabel> at, bool mut_only) const {
  const auto it = refs_.find(id);
  if (it == refs_.end()) return false;
  for (const auto& [child, set] : it->second.borrowed_by) {
    if (mut_only && !is_mutable(child)) continue;
    for (const auto& e : set.edges()) {
      ++work_;
      if (e.path.empty() || !at || e.path.front() == *at) return true;
    }
  }
  return false;
}

bool BorrowGraph::has_full_borrower(RefId id) const {
  const auto it = refs_.find(id);
  if (it == refs_.end()) return false;
  for (const auto& [child, set] : it->second.borrowed_by) {
    for (const auto& e : set.edges()) {
      ++work_;
      if (e.path.empty()) return true;
    }
  }
  return false;
}

void BorrowGraph::add_edge(RefId parent, BorrowEdge e, RefId child) {
  if (parent == child) return;
  const auto p = refs_.find(parent);
  const auto c = refs_.find(child);
  if (p == refs_.end() || c == refs_.end()) return;
  work_ += 1 + e.path.size();
  p->second.borrowed_by[child].insert(std::move(e));
  c->second.borrows_from.insert(parent);
}

// A strong borrow of `path` from `parent` by `child`: the parent's borrows at or below `path`
// now go through `child`, keeping the rest of their paths.
void BorrowGraph::factor(RefId parent, const BorrowPath& path, RefId child) {
  const auto p = refs_.find(parent);
  if (p == refs_.end() || !refs_.contains(child) || parent == child) return;
  std::vector<std::pair<RefId, BorrowEdge>> moved;
  auto& out = p->second.borrowed_by;
  for (auto it = out.begin(); it != out.end();) {
    auto& set = it->second;
    std::vector<BorrowEdge> hit;
    for (const auto& e : set.edges()) {
      work_ += 1 + e.path.size();
      if (is_prefix(path, e.path)) hit.push_back(e);
    }
    for (auto& e : hit) {
      set.erase(e);
      moved.emplace_back(it->first, std::move(e));
    }
    if (set.empty()) {
      if (auto c = refs_.find(it->first); c != refs_.end()) c->second.borrows_from.erase(parent);
      it = out.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [grandchild, e] : moved) {
    e.path.erase(e.path.begin(), e.path.begin() + static_cast<std::ptrdiff_t>(path.size()));
    add_edge(child, std::move(e), grandchild);
  }
  add_edge(parent, BorrowEdge{true, path}, child);
}

void BorrowGraph::release(RefId id) {
  const auto it = refs_.find(id);
  if (it == refs_.end()) return;
  Node node = std::move(it->second);
  refs_.erase(it);
  for (const RefId parent : node.borrows_from) {
    const auto pit = refs_.find(parent);
    if (pit == refs_.end()) continue;
    auto& pnode = pit->second;
    const auto in = pnode.borrowed_by.find(id);
    if (in == pnode.borrowed_by.end()) continue;
    const BorrowEdgeSet in_edges = std::move(in->second);
    pnode.borrowed_by.erase(in);
    for (const auto& pe : in_edges.edges()) {
      for (const auto& [child, out_edges] : node.borrowed_by) {
        if (child == parent) continue;  // releasing a node on a cycle adds no self-loop
        for (const auto& ce : out_edges.edges()) {
          // A weak first step hides where below it the child borrows, so the path stops there.
          BorrowEdge e{pe.strong && ce.strong, pe.path};
          if (pe.strong) e.path.insert(e.path.end(), ce.path.begin(), ce.path.end());
          add_edge(parent, std::move(e), child);
        }
      }
    }
  }
  for (const auto& [child, set] : node.borrowed_by) {
    ++work_;
    if (auto c = refs_.find(child); c != refs_.end()) c->second.borrows_from.erase(id);
  }
}

void BorrowGraph::remap(const std::map<RefId, RefId>& ids) {
  const auto name = [&](RefId id) {
    const auto it = ids.find(id);
    return it == ids.end() ? id : it->second;
  };
  std::map<RefId, Node> renamed;
  for (auto& [id, node] : refs_) {
    Node n{{}, {}, node.mut};
    for (auto& [child, set] : node.borrowed_by) n.borrowed_by.emplace(name(child), std::move(set));
    for (const RefId parent : node.borrows_from) n.borrows_from.insert(name(parent));
    work_ += 1 + node.borrowed_by.size();
    renamed.emplace(name(id), std::move(n));
  }
  refs_ = std::move(renamed);
}

std::vector<BorrowGraph::Unmatched> BorrowGraph::unmatched(const BorrowGraph& other) const {
  std::vector<Unmatched> out;
  for (const auto& [parent, onode] : other.refs_) {
    const auto mine = refs_.find(parent);
    for (const auto& [child, oset] : onode.borrowed_by) {
      const BorrowEdgeSet* set = nullptr;
      if (mine != refs_.end()) {
        const auto s = mine->second.borrowed_by.find(child);
        if (s != mine->second.borrowed_by.end()) set = &s->second;
      }
      for (const auto& oe : oset.edges()) {
        bool matched = false;
        if (set) {
          for (const auto& e : set->edges()) {
            work_ += 1 + oe.path.size();
            if (e.covers(oe)) {
              matched = true;
              break;
            }
          }
        }
        if (!matched) out.push_back({parent, child, oe});
      }
    }
  }
  return out;
}

bool BorrowGraph::covers(const BorrowGraph& other) const { return unmatched(other).empty(); }

BorrowGraph BorrowGraph::join(const BorrowGraph& other) const {
  BorrowGraph joined = *this;
  joined.work_ = 0;
  for (auto& u : unmatched(other)) joined.add_edge(u.parent, std::move(u.edge), u.child);
  joined.work_ += work_;
  work_ = 0;
  return joined;
}

}  // namespace plexus::move::verifier
