#include "move/verifier/reference_state.hpp"

#include <map>
#include <set>

namespace plexus::move::verifier {
namespace {

BorrowLabel local_label(std::size_t local) {
  return {BorrowLabel::Kind::kLocal, static_cast<std::uint32_t>(local)};
}
BorrowLabel global_label(TableIndex def) { return {BorrowLabel::Kind::kGlobal, def}; }

}  // namespace

// Ids below the frame root are reserved for the canonical form (node i = local i).
RefState::RefState(const FunctionView& f)
    : f_(&f), locals_(f.locals.size()), next_id_(static_cast<RefId>(f.locals.size()) + 1) {
  for (std::size_t i = 0; i < f.parameters.size() && i < locals_.size(); ++i) {
    const auto& p = f.parameters[i];
    if (!p.is_reference()) {
      locals_[i] = AbsValue{};
      continue;
    }
    const RefId id = static_cast<RefId>(i);
    (void)graph_.new_ref(id, p.kind == TokenKind::kMutableReference);
    locals_[i] = AbsValue{true, id};
  }
  (void)graph_.new_ref(frame_root(), true);
}

RefId RefState::new_ref(bool mut) {
  const RefId id = next_id_++;
  (void)graph_.new_ref(id, mut);
  return id;
}

bool RefState::has_full_borrows(RefId id) const { return graph_.has_full_borrower(id); }

bool RefState::has_borrows(RefId id, std::optional<BorrowLabel> at) const {
  return graph_.has_borrower(id, at, false);
}

bool RefState::has_mutable_borrows(RefId id, std::optional<BorrowLabel> at) const {
  return graph_.has_borrower(id, at, true);
}

VmResult<AbsValue> RefState::copy_loc(std::size_t pc, std::size_t local) {
  if (local >= locals_.size() || !locals_[local])
    return error(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, pc);
  const AbsValue v = *locals_[local];
  if (v.is_ref) {
    const RefId copy = new_ref(graph_.is_mutable(v.id));
    graph_.add_strong_borrow(v.id, copy);
    return AbsValue{true, copy};
  }
  if (has_mutable_borrows(frame_root(), local_label(local)))
    return error(StatusCode::COPYLOC_EXISTS_BORROW_ERROR, pc);
  return AbsValue{};
}

VmResult<AbsValue> RefState::move_loc(std::size_t pc, std::size_t local) {
  if (local >= locals_.size() || !locals_[local])
    return error(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, pc);
  const AbsValue v = *locals_[local];
  locals_[local].reset();
  if (!v.is_ref && has_borrows(frame_root(), local_label(local)))
    return error(StatusCode::MOVELOC_EXISTS_BORROW_ERROR, pc);
  return v;
}

VmResult<void> RefState::st_loc(std::size_t pc, std::size_t local, AbsValue v) {
  if (local >= locals_.size()) return error(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, pc);
  // Checked even when the local is unavailable: after a join a local can be unavailable on one
  // path yet still borrowed by a reference that survived from the other.
  if (has_borrows(frame_root(), local_label(local)))
    return error(StatusCode::STLOC_UNSAFE_TO_DESTROY_ERROR, pc);
  if (locals_[local]) release_value(*locals_[local]);
  locals_[local] = v;
  return {};
}

VmResult<AbsValue> RefState::freeze_ref(std::size_t pc, RefId id) {
  if (!is_freezable(id, std::nullopt))
    return error(StatusCode::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR, pc);
  const RefId frozen = new_ref(false);
  graph_.add_strong_borrow(id, frozen);
  graph_.release(id);
  return AbsValue{true, frozen};
}

VmResult<void> RefState::comparison(std::size_t pc, AbsValue a, AbsValue b) {
  if (a.is_ref && b.is_ref) {
    // The reference reports unreadable operands of == and != as a read error.
    if (!is_readable(a.id, std::nullopt) || !is_readable(b.id, std::nullopt))
      return error(StatusCode::READREF_EXISTS_MUTABLE_BORROW_ERROR, pc);
  }
  release_value(a);
  release_value(b);
  return {};
}

VmResult<void> RefState::read_ref(std::size_t pc, RefId id) {
  if (!is_readable(id, std::nullopt))
    return error(StatusCode::READREF_EXISTS_MUTABLE_BORROW_ERROR, pc);
  graph_.release(id);
  return {};
}

VmResult<void> RefState::write_ref(std::size_t pc, RefId id) {
  if (!is_writable(id)) return error(StatusCode::WRITEREF_EXISTS_BORROW_ERROR, pc);
  graph_.release(id);
  return {};
}

VmResult<AbsValue> RefState::borrow_loc(std::size_t pc, bool mut, std::size_t local) {
  // A mutable borrow needs no check: the frame has no full borrows, and conflicting borrows of
  // the local are factored under the new reference, surfacing when either is used.
  if (!mut && has_mutable_borrows(frame_root(), local_label(local)))
    return error(StatusCode::BORROWLOC_EXISTS_BORROW_ERROR, pc);
  const RefId r = new_ref(mut);
  graph_.add_strong_field_borrow(frame_root(), local_label(local), r);
  return AbsValue{true, r};
}

VmResult<AbsValue> RefState::borrow_field(std::size_t pc, bool mut, RefId id,
                                          BorrowLabel field) {
  // Mutable: borrows of other fields are factored out, only full borrows conflict. Immutable:
  // the parent must be readable at that field (other fields may be mutably borrowed).
  if ((mut && has_full_borrows(id)) || (!mut && !is_readable(id, field)))
    return error(StatusCode::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR, pc);
  const RefId r = new_ref(mut);
  graph_.add_strong_field_borrow(id, field, r);
  graph_.release(id);
  return AbsValue{true, r};
}

VmResult<AbsValue> RefState::borrow_global(std::size_t pc, bool mut, TableIndex def) {
  const BorrowLabel l = global_label(def);
  if ((mut && has_borrows(frame_root(), l)) || has_mutable_borrows(frame_root(), l))
    return error(StatusCode::GLOBAL_REFERENCE_ERROR, pc);
  const RefId r = new_ref(mut);
  graph_.add_weak_field_borrow(frame_root(), l, r);
  return AbsValue{true, r};
}

VmResult<void> RefState::move_from(std::size_t pc, TableIndex def) {
  if (has_borrows(frame_root(), global_label(def)))
    return error(StatusCode::GLOBAL_REFERENCE_ERROR, pc);
  return {};
}

VmResult<void> RefState::vector_op(std::size_t pc, RefId vec, bool mut) {
  if (mut && !is_writable(vec)) return error(StatusCode::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR, pc);
  graph_.release(vec);
  return {};
}

VmResult<AbsValue> RefState::vector_element_borrow(std::size_t pc, RefId vec, bool mut) {
  if (mut && !is_writable(vec))
    return error(StatusCode::VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR, pc);
  const RefId elem = new_ref(mut);
  graph_.add_weak_borrow(vec, elem);
  graph_.release(vec);
  return AbsValue{true, elem};
}

// Returned references may borrow from any reference argument (mutable results only from mutable
// arguments); a mutable argument must be exclusively held, since the callee may write through it.
VmResult<std::vector<AbsValue>> RefState::call(std::size_t pc, std::span<const AbsValue> args,
                                               std::span<const TableIndex> acquires,
                                               const Signature& returns) {
  for (const TableIndex def : acquires)
    if (has_borrows(frame_root(), global_label(def)))
      return error(StatusCode::GLOBAL_REFERENCE_ERROR, pc);
  std::set<RefId> all, mut;
  for (const AbsValue& a : args) {
    if (!a.is_ref) continue;
    if (graph_.is_mutable(a.id)) {
      if (!is_writable(a.id)) return error(StatusCode::CALL_BORROWED_MUTABLE_REFERENCE_ERROR, pc);
      mut.insert(a.id);
    }
    all.insert(a.id);
  }
  std::vector<AbsValue> out;
  for (const auto& r : returns) {
    if (!r.is_reference()) {
      out.push_back(AbsValue{});
      continue;
    }
    const bool is_mut = r.kind == TokenKind::kMutableReference;
    const RefId id = new_ref(is_mut);
    for (const RefId parent : is_mut ? mut : all) graph_.add_weak_borrow(parent, id);
    out.push_back(AbsValue{true, id});
  }
  for (const RefId id : all) graph_.release(id);
  return out;
}

VmResult<void> RefState::ret(std::size_t pc, std::span<const AbsValue> values) {
  for (const auto& l : locals_)
    if (l && l->is_ref) graph_.release(l->id);
  if (has_borrows(frame_root(), std::nullopt))
    return error(StatusCode::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED, pc);
  for (const AbsValue& v : values)
    if (v.is_ref && graph_.is_mutable(v.id) && !is_writable(v.id))
      return error(StatusCode::RET_BORROWED_MUTABLE_REFERENCE_ERROR, pc);
  return {};
}

RefState RefState::canonical() const {
  RefState out = *this;
  std::map<RefId, RefId> ids;
  for (std::size_t i = 0; i < out.locals_.size(); ++i) {
    auto& l = out.locals_[i];
    if (!l || !l->is_ref) continue;
    ids.emplace(l->id, static_cast<RefId>(i));
    l->id = static_cast<RefId>(i);
  }
  out.graph_.remap(ids);
  out.next_id_ = frame_root() + 1;
  return out;
}

bool RefState::join(const RefState& other) {
  BorrowGraph mine = graph_;
  BorrowGraph theirs = other.graph_;
  std::vector<std::optional<AbsValue>> locals(locals_.size());
  for (std::size_t i = 0; i < locals_.size() && i < other.locals_.size(); ++i) {
    const auto& a = locals_[i];
    const auto& b = other.locals_[i];
    if (a && b) {
      // Type safety makes both sides the same kind; canonical ids make them equal.
      locals[i] = a;
      continue;
    }
    // Available on one side only: the local is unusable after the join, so its borrow ends.
    if (a && a->is_ref) mine.release(a->id);
    if (b && b->is_ref) theirs.release(b->id);
  }
  BorrowGraph joined = mine.join(theirs);
  const bool changed = locals != locals_ || !graph_.covers(joined);
  const std::uint64_t work =
      mine.take_work() + theirs.take_work() + joined.take_work() + graph_.take_work();
  if (changed) {
    locals_ = std::move(locals);
    graph_ = std::move(joined);
  }
  graph_.charge(work);
  return changed;
}

}  // namespace plexus::move::verifier
