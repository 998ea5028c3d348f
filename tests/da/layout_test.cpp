// The square layout and share commitments: blobs sorted by namespace, aligned to their subtree
// width, padded; a commitment computed from the blob alone equals the one rebuilt from the
// square's row subtrees (the property submitters rely on).
#include <gtest/gtest.h>

#include "da/commitment.hpp"
#include "da/layout.hpp"
#include "da/merkle.hpp"
#include "da/square.hpp"

namespace plexus::da {
namespace {

Blob blob(const char* id, std::size_t bytes, Byte fill) {
  return Blob{namespace_v0(as_bytes(id)), kShareVersionZero, {}, Bytes(bytes, fill)};
}

TEST(Commitment, SubtreeWidthsFollowTheRules) {
  EXPECT_EQ(subtree_width(1), 1u);
  EXPECT_EQ(subtree_width(64), 1u);
  EXPECT_EQ(subtree_width(65), 2u);
  EXPECT_EQ(subtree_width(172), 4u);  // the spec's example: 43 subtrees of 4
  EXPECT_EQ(mountain_range_sizes(172, 4).size(), 43u);
  EXPECT_EQ(subtree_width(4096), 64u);
  EXPECT_EQ(subtree_width(5000), 128u);  // ceil(5000 / 64) = 79 -> 128; min square 128
  EXPECT_EQ(mountain_range_sizes(11, 4), (std::vector<std::size_t>{4, 4, 2, 1}));
  EXPECT_EQ(next_share_index(5, 172), 8u);
  EXPECT_EQ(next_share_index(8, 172), 8u);
  EXPECT_EQ(blob_min_square_size(17), 8u);
}

TEST(Layout, BlobsAreSortedAlignedAndPadded) {
  SquareContent content;
  content.transactions = {Bytes(600, 0xAA), Bytes(10, 0xBB)};
  content.blobs = {blob("zz", 100, 1), blob("bb", 172 * 482, 2), blob("bb", 10, 3)};
  const auto sq = build_square(content);
  ASSERT_TRUE(sq) << sq.error().message;
  ASSERT_EQ(sq->shares.size(), sq->width * sq->width);
  // Two compact transaction shares, then the 173-share "bb" blob at the next multiple of 4.
  EXPECT_EQ(namespace_of(sq->shares[0]), tx_namespace());
  EXPECT_EQ(sq->blobs[1].start, 4u);
  EXPECT_EQ(sq->blobs[1].shares, 173u);
  EXPECT_EQ(namespace_of(sq->shares[2]), primary_padding_namespace());
  EXPECT_EQ(sq->blobs[2].start, 177u);  // same namespace keeps its order
  EXPECT_GT(sq->blobs[0].start, sq->blobs[2].start);
  EXPECT_EQ(namespace_of(sq->shares.back()), tail_padding_namespace());
  EXPECT_EQ(sq->width, 16u);

  const auto units = parse_compact_shares(std::span(sq->shares).first(2));
  ASSERT_TRUE(units) << units.error().message;
  EXPECT_EQ(*units, content.transactions);
  // The square has its namespaces in order, so it has roots.
  const auto eds = ExtendedSquare::extend(square_bytes(sq->shares));
  ASSERT_TRUE(eds);
  EXPECT_TRUE(eds->header());
}

TEST(Layout, CommitmentEqualsTheRowSubtreesOfThePlacedBlob) {
  SquareContent content;
  content.blobs = {blob("cc", 40 * 482, 9), blob("dd", 3000, 4)};
  const auto sq = build_square(content);
  ASSERT_TRUE(sq);
  const auto eds = *ExtendedSquare::extend(square_bytes(sq->shares));
  for (std::size_t b = 0; b < content.blobs.size(); ++b) {
    const BlobPlacement& at = sq->blobs[b];
    const std::size_t width = subtree_width(at.shares);
    std::vector<FixedBytes<kNmtNodeSize>> roots;
    std::size_t index = at.start;
    for (const std::size_t size : mountain_range_sizes(at.shares, width)) {
      // Each subtree lies inside one row, at a column that is a multiple of its size: it is a
      // node of that row's tree, provable against the row root.
      const std::size_t row = index / sq->width, col = index % sq->width;
      ASSERT_EQ(col % size, 0u);
      ASSERT_LE(col + size, sq->width);
      const auto leaves = eds.row_leaves(row);
      roots.push_back(nmt_root(std::span(leaves).subspan(col, size)).serialize());
      index += size;
    }
    std::vector<BytesView> views;
    for (const auto& r : roots) views.push_back(r.view());
    const auto commitment = share_commitment(content.blobs[b]);
    ASSERT_TRUE(commitment);
    EXPECT_EQ(*commitment, merkle_root(views)) << b;
  }
}

TEST(Layout, RejectsReservedNamespacesAndOverflow) {
  SquareContent reserved;
  reserved.blobs = {Blob{tx_namespace(), 0, {}, Bytes(5)}};
  const auto r = build_square(reserved);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("reserved"), std::string::npos);
  SquareContent big;
  big.blobs = {blob("aa", 5 * 482, 1)};
  const auto o = build_square(big, 2);
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message.find("more than 2x2"), std::string::npos);
}

TEST(Layout, EmptyContentIsOneTailPaddingShare) {
  const auto sq = build_square({});
  ASSERT_TRUE(sq);
  EXPECT_EQ(sq->width, 1u);
  EXPECT_EQ(sq->shares[0], tail_padding_share());
}

}  // namespace
}  // namespace plexus::da
