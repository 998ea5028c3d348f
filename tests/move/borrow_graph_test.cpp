// The borrow graph of the reference-safety pass: factoring, splicing on release, widening,
// coverage and join, renaming.
#include "move/verifier/borrow_graph.hpp"

#include <gtest/gtest.h>

namespace plexus::move::verifier {
namespace {

constexpr BorrowLabel kF{BorrowLabel::Kind::kField, 0};
constexpr BorrowLabel kG{BorrowLabel::Kind::kField, 1};

BorrowGraph nodes(std::initializer_list<std::pair<RefId, bool>> ids) {
  BorrowGraph g;
  for (const auto& [id, mut] : ids) EXPECT_TRUE(g.new_ref(id, mut));
  return g;
}

bool same(const BorrowGraph& a, const BorrowGraph& b) { return a.covers(b) && b.covers(a); }
bool borrowed(const BorrowGraph& g, RefId id, std::optional<BorrowLabel> at = std::nullopt) {
  return g.has_borrower(id, at, false);
}

TEST(BorrowGraph, FieldAndFullBorrowsAreReportedApart) {
  auto g = nodes({{0, true}, {1, true}, {2, false}});
  EXPECT_FALSE(g.new_ref(0, false));  // ids are unique
  g.add_strong_field_borrow(0, kF, 1);
  EXPECT_TRUE(borrowed(g, 0, kF));
  EXPECT_TRUE(g.has_borrower(0, kF, true));
  EXPECT_FALSE(borrowed(g, 0, kG));
  EXPECT_TRUE(borrowed(g, 0));
  EXPECT_FALSE(g.has_full_borrower(0));
  // A full borrow counts at every label, as mutable only if the borrower is.
  g.add_weak_borrow(0, 2);
  EXPECT_TRUE(g.has_full_borrower(0));
  EXPECT_TRUE(borrowed(g, 0, kG));
  EXPECT_FALSE(g.has_borrower(0, kG, true));
  EXPECT_TRUE(g.is_mutable(1));
  EXPECT_FALSE(g.is_mutable(2));
  EXPECT_FALSE(g.is_mutable(7));  // unknown ids are not mutable
}

TEST(BorrowGraph, StrongBorrowFactorsExistingBorrowsBelowItsPath) {
  // 0 -f-> 1 and 0 -g-> 2; a copy of 0 (strong, empty path) takes both under it.
  auto g = nodes({{0, true}, {1, true}, {2, true}, {3, true}});
  g.add_strong_field_borrow(0, kF, 1);
  g.add_strong_field_borrow(0, kG, 2);
  g.add_strong_borrow(0, 3);
  auto expected = nodes({{0, true}, {1, true}, {2, true}, {3, true}});
  expected.add_strong_borrow(0, 3);
  expected.add_strong_field_borrow(3, kF, 1);
  expected.add_strong_field_borrow(3, kG, 2);
  EXPECT_TRUE(same(g, expected));
  EXPECT_EQ(g.edge_count(), 3u);
  EXPECT_FALSE(g.has_full_borrower(3));
}

TEST(BorrowGraph, FieldBorrowFactorsOnlyThatField) {
  auto g = nodes({{0, true}, {1, true}, {2, true}, {3, true}});
  g.add_strong_field_borrow(0, kF, 1);
  g.add_strong_field_borrow(0, kG, 2);
  g.add_strong_field_borrow(0, kF, 3);  // 1 now borrows 0.f through 3
  auto expected = nodes({{0, true}, {1, true}, {2, true}, {3, true}});
  expected.add_strong_field_borrow(0, kF, 3);
  expected.add_strong_field_borrow(0, kG, 2);
  expected.add_strong_borrow(3, 1);
  EXPECT_TRUE(same(g, expected));
  EXPECT_FALSE(g.has_full_borrower(0));
  EXPECT_TRUE(g.has_full_borrower(3));
}

TEST(BorrowGraph, ReleaseSplicesParentsOntoChildren) {
  // 0 -f-> 1 -g-> 2 strongly: releasing 1 leaves 0 -f.g-> 2, still a borrow at f.
  auto g = nodes({{0, true}, {1, true}, {2, true}});
  g.add_strong_field_borrow(0, kF, 1);
  g.add_strong_field_borrow(1, kG, 2);
  g.release(1);
  EXPECT_FALSE(g.contains(1));
  EXPECT_TRUE(borrowed(g, 0, kF));
  EXPECT_FALSE(borrowed(g, 0, kG));
  EXPECT_EQ(g.edge_count(), 1u);
  // A weak first step keeps only its own path: the child may borrow anything below it.
  auto w = nodes({{0, true}, {1, true}, {2, true}});
  w.add_weak_field_borrow(0, kF, 1);
  w.add_strong_field_borrow(1, kG, 2);
  w.release(1);
  BorrowGraph weak_f = nodes({{0, true}, {2, true}});
  weak_f.add_weak_field_borrow(0, kF, 2);
  EXPECT_TRUE(w.covers(weak_f));
  EXPECT_TRUE(weak_f.covers(w));
  // Releasing a leaf just drops its edges.
  w.release(2);
  EXPECT_FALSE(borrowed(w, 0));
}

TEST(BorrowGraph, EdgeSetWidensToOneWeakFullBorrow) {
  auto g = nodes({{0, true}, {1, true}});
  for (std::uint32_t i = 0; i <= BorrowEdgeSet::kMaxEdgeSet; ++i)
    g.add_weak_field_borrow(0, {BorrowLabel::Kind::kField, i}, 1);
  EXPECT_EQ(g.edge_count(), 1u);
  EXPECT_TRUE(g.has_full_borrower(0));
  // Once widened, the set stays a single full borrow.
  g.add_weak_field_borrow(0, kF, 1);
  EXPECT_EQ(g.edge_count(), 1u);
}

TEST(BorrowGraph, CoverageAndJoin) {
  auto at_f = nodes({{0, true}, {1, false}});
  at_f.add_strong_field_borrow(0, kF, 1);
  auto at_g = nodes({{0, true}, {1, false}});
  at_g.add_strong_field_borrow(0, kG, 1);
  auto any = nodes({{0, true}, {1, false}});
  any.add_weak_borrow(0, 1);

  EXPECT_FALSE(at_f.covers(at_g));
  EXPECT_TRUE(any.covers(at_f));   // a weak full borrow covers every path
  EXPECT_FALSE(at_f.covers(any));  // but not the other way round

  const BorrowGraph joined = at_f.join(at_g);
  EXPECT_EQ(joined.edge_count(), 2u);
  EXPECT_TRUE(joined.covers(at_f));
  EXPECT_TRUE(joined.covers(at_g));
  EXPECT_FALSE(at_f.covers(joined));
  // Joining what is already covered adds nothing.
  EXPECT_EQ(any.join(at_f).edge_count(), 1u);
}

TEST(BorrowGraph, RemapRenamesAllAtOnce) {
  // Swapping two names must not lose either node.
  auto g = nodes({{0, true}, {1, false}, {2, true}});
  g.add_strong_field_borrow(2, kF, 0);
  g.add_strong_field_borrow(2, kG, 1);
  g.remap({{0, 1}, {1, 0}});
  EXPECT_EQ(g.size(), 3u);
  EXPECT_TRUE(g.is_mutable(1));
  EXPECT_FALSE(g.is_mutable(0));
  EXPECT_TRUE(g.has_borrower(2, kF, true));   // by 1, mutable
  EXPECT_FALSE(g.has_borrower(2, kG, true));  // by 0, immutable
  EXPECT_TRUE(borrowed(g, 2, kG));
  g.release(1);  // back edges were renamed too: releasing cleans the parent
  EXPECT_FALSE(borrowed(g, 2, kF));
}

TEST(BorrowGraph, OperationsOnUnknownNodesChangeNothing) {
  auto g = nodes({{0, true}});
  g.add_strong_borrow(0, 5);
  g.add_weak_borrow(5, 0);
  g.add_weak_borrow(0, 0);  // no self loops
  g.release(9);
  EXPECT_EQ(g.edge_count(), 0u);
  EXPECT_FALSE(borrowed(g, 9));
  EXPECT_GT(g.take_work(), 0u);
  EXPECT_EQ(g.take_work(), 0u);
}

}  // namespace
}  // namespace plexus::move::verifier
