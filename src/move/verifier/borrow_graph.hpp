#pragma once
// The borrow graph of the reference-safety pass. Nodes are references (plus one node for the
// function frame); an edge parent -> child says "child borrows from parent" along a path of labels
// (locals and globals off the frame, fields off a struct reference). A strong edge borrows
// exactly that path, a weak edge borrows the path or anything below it; an edge with an empty
// path is a "full" borrow of the parent. The rules follow the reference verifier's borrow graph:
// borrowing strongly from a parent factors the parent's existing borrows at or below the new path
// through the new node, releasing a node splices its parents onto its children, and the edge set
// between two nodes widens to one weak full borrow once it holds more than kMaxEdgeSet edges, so
// loops that keep extending paths reach a fixed point.
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace plexus::move::verifier {

using RefId = std::uint32_t;

struct BorrowLabel {
  enum class Kind : std::uint8_t { kLocal, kGlobal, kField, kVariantField };
  Kind kind = Kind::kLocal;
  std::uint32_t index = 0;  // local, struct definition, field handle or variant-field handle
  friend auto operator<=>(const BorrowLabel&, const BorrowLabel&) = default;
};

using BorrowPath = std::vector<BorrowLabel>;

struct BorrowEdge {
  bool strong = true;
  BorrowPath path;
  friend auto operator<=>(const BorrowEdge&, const BorrowEdge&) = default;
  // Does this edge cover `other` (every borrow `other` describes is described by this one)?
  [[nodiscard]] bool covers(const BorrowEdge& other) const;
};

// The edges between one parent and one child, bounded as described above.
class BorrowEdgeSet {
 public:
  static constexpr std::size_t kMaxEdgeSet = 10;

  void insert(BorrowEdge e);
  void erase(const BorrowEdge& e) { edges_.erase(e); }
  [[nodiscard]] bool empty() const noexcept { return edges_.empty(); }
  [[nodiscard]] const std::set<BorrowEdge>& edges() const noexcept { return edges_; }

 private:
  std::set<BorrowEdge> edges_;
  bool overflown_ = false;  // widened: later inserts add nothing new
};

class BorrowGraph {
 public:
  [[nodiscard]] bool contains(RefId id) const { return refs_.contains(id); }
  [[nodiscard]] bool is_mutable(RefId id) const;
  [[nodiscard]] std::size_t size() const noexcept { return refs_.size(); }
  [[nodiscard]] std::size_t edge_count() const;
  // Nodes plus edges plus path labels: the cost of copying or scanning the graph.
  [[nodiscard]] std::uint64_t weight() const;
  // Adds a node without edges; returns false if the id is in use.
  [[nodiscard]] bool new_ref(RefId id, bool mut);
  // Is `id` borrowed by some reference (only mutable ones if `mut_only`) through a full borrow,
  // or through a path starting with `at` (any path when `at` is empty)?
  [[nodiscard]] bool has_borrower(RefId id, std::optional<BorrowLabel> at, bool mut_only) const;
  // Is `id` borrowed through an empty path (a full borrow)?
  [[nodiscard]] bool has_full_borrower(RefId id) const;

  // Edge additions; both nodes must exist and differ (otherwise nothing happens).
  void add_strong_borrow(RefId parent, RefId child) { factor(parent, {}, child); }
  void add_strong_field_borrow(RefId parent, BorrowLabel l, RefId child) {
    factor(parent, {l}, child);
  }
  void add_weak_borrow(RefId parent, RefId child) { add_edge(parent, {false, {}}, child); }
  void add_weak_field_borrow(RefId parent, BorrowLabel l, RefId child) {
    add_edge(parent, {false, {l}}, child);
  }

  // Removes a node, connecting each of its parents to each of its children.
  void release(RefId id);
  // Renames nodes (all at once); ids not in the map keep their name.
  void remap(const std::map<RefId, RefId>& ids);
  // Does this graph cover `other`: every edge of `other` is covered by an edge of this graph?
  [[nodiscard]] bool covers(const BorrowGraph& other) const;
  // This graph plus the edges of `other` it does not cover (both over the same nodes).
  [[nodiscard]] BorrowGraph join(const BorrowGraph& other) const;

  // Units of work done since the last call (edges and path labels touched), for metering.
  [[nodiscard]] std::uint64_t take_work() noexcept {
    const auto w = work_;
    work_ = 0;
    return w;
  }
  void charge(std::uint64_t w) noexcept { work_ += w; }

 private:
  struct Node {
    std::map<RefId, BorrowEdgeSet> borrowed_by;  // child -> edges
    std::set<RefId> borrows_from;                // parents
    bool mut = false;
  };

  void add_edge(RefId parent, BorrowEdge e, RefId child);
  void factor(RefId parent, const BorrowPath& path, RefId child);
  // Edges of `other` this graph does not cover, as (parent, child, edge).
  struct Unmatched {
    RefId parent;
    RefId child;
    BorrowEdge edge;
  };
  [[nodiscard]] std::vector<Unmatched> unmatched(const BorrowGraph& other) const;

  std::map<RefId, Node> refs_;
  mutable std::uint64_t work_ = 0;
};

}  // namespace plexus::move::verifier
