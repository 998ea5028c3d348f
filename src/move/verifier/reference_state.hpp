#pragma once
// Internal: the abstract state of the reference-safety pass (locals plus borrow graph) and its
// per-instruction rules, mirroring the reference verifier's abstract state so that the same code
// is rejected with the same status. The frame is one node of the graph; a borrowed local or
// global is an edge off the frame labelled by that local or resource.
#include <optional>
#include <span>
#include <vector>

#include "move/verifier/borrow_graph.hpp"
#include "move/verifier/common.hpp"

namespace plexus::move::verifier {

struct AbsValue {
  bool is_ref = false;
  RefId id = 0;
  friend bool operator==(const AbsValue&, const AbsValue&) = default;
};

class RefState {
 public:
  // The state at function entry: parameters available, reference parameters as fresh nodes.
  explicit RefState(const FunctionView& f);

  [[nodiscard]] bool holds(RefId id) const { return graph_.contains(id); }
  [[nodiscard]] std::uint64_t take_work() noexcept { return graph_.take_work(); }
  [[nodiscard]] std::uint64_t weight() const { return locals_.size() + graph_.weight(); }

  void release_value(AbsValue v) {
    if (v.is_ref) graph_.release(v.id);
  }
  [[nodiscard]] VmResult<AbsValue> copy_loc(std::size_t pc, std::size_t local);
  [[nodiscard]] VmResult<AbsValue> move_loc(std::size_t pc, std::size_t local);
  [[nodiscard]] VmResult<void> st_loc(std::size_t pc, std::size_t local, AbsValue v);
  [[nodiscard]] VmResult<AbsValue> freeze_ref(std::size_t pc, RefId id);
  [[nodiscard]] VmResult<void> comparison(std::size_t pc, AbsValue a, AbsValue b);
  [[nodiscard]] VmResult<void> read_ref(std::size_t pc, RefId id);
  [[nodiscard]] VmResult<void> write_ref(std::size_t pc, RefId id);
  [[nodiscard]] VmResult<AbsValue> borrow_loc(std::size_t pc, bool mut, std::size_t local);
  [[nodiscard]] VmResult<AbsValue> borrow_field(std::size_t pc, bool mut, RefId id,
                                                BorrowLabel field);
  [[nodiscard]] VmResult<AbsValue> borrow_global(std::size_t pc, bool mut, TableIndex def);
  [[nodiscard]] VmResult<void> move_from(std::size_t pc, TableIndex def);
  [[nodiscard]] VmResult<void> vector_op(std::size_t pc, RefId vec, bool mut);
  [[nodiscard]] VmResult<AbsValue> vector_element_borrow(std::size_t pc, RefId vec, bool mut);
  [[nodiscard]] VmResult<std::vector<AbsValue>> call(std::size_t pc,
                                                     std::span<const AbsValue> args,
                                                     std::span<const TableIndex> acquires,
                                                     const Signature& returns);
  [[nodiscard]] VmResult<void> ret(std::size_t pc, std::span<const AbsValue> values);

  // The state renamed so that the reference held by local i is node i (the stack is empty at
  // block ends, so every live reference is in a local); states are compared in this form.
  [[nodiscard]] RefState canonical() const;
  // Joins `other` (canonical) into this (canonical) state; returns whether this state grew.
  bool join(const RefState& other);

 private:
  [[nodiscard]] RefId frame_root() const { return static_cast<RefId>(locals_.size()); }
  [[nodiscard]] RefId new_ref(bool mut);
  [[nodiscard]] bool has_full_borrows(RefId id) const;
  [[nodiscard]] bool has_borrows(RefId id, std::optional<BorrowLabel> at) const;
  [[nodiscard]] bool has_mutable_borrows(RefId id, std::optional<BorrowLabel> at) const;
  [[nodiscard]] bool is_writable(RefId id) const { return !has_borrows(id, std::nullopt); }
  [[nodiscard]] bool is_freezable(RefId id, std::optional<BorrowLabel> at) const {
    return !has_mutable_borrows(id, at);
  }
  [[nodiscard]] bool is_readable(RefId id, std::optional<BorrowLabel> at) const {
    return !graph_.is_mutable(id) || is_freezable(id, at);
  }
  [[nodiscard]] std::unexpected<VmError> error(StatusCode code, std::size_t pc) const {
    return f_->error(code, pc);
  }

  const FunctionView* f_;
  std::vector<std::optional<AbsValue>> locals_;  // nullopt: unavailable (moved or never set)
  BorrowGraph graph_;
  RefId next_id_;
};

}  // namespace plexus::move::verifier
